import { useEffect, useState } from 'react';
import { formatTrackingCode, normaliseTrackingCode } from '@chuangwen/domain/citizens/citizen.public';
import { HttpError, lookupReport, type PublicReport } from './api';
import { listOutbox, type OutboxEntry } from './outbox';
import { formatTime, stageLabel, type Lang, type T } from './i18n';

type Props = { t: T; lang: Lang; code: string | null; onLookup: (code: string) => void };

export function TrackView({ t, lang, code, onLookup }: Props) {
  const [input, setInput] = useState(code ? formatTrackingCode(normaliseTrackingCode(code) ?? code) : '');
  const [report, setReport] = useState<PublicReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [mine, setMine] = useState<OutboxEntry[]>([]);

  useEffect(() => {
    listOutbox().then(setMine, () => undefined);
  }, []);
  useEffect(() => {
    if (!code) return;
    const normal = normaliseTrackingCode(code);
    if (!normal) {
      setError(t('track.notFound'));
      return;
    }
    lookupReport(normal).then(setReport, (e: unknown) => setError(e instanceof HttpError && e.status === 404 ? t('track.notFound') : t('error.network')));
  }, [code, t]);

  return (
    <section>
      <form
        className="pub-card pub-row"
        onSubmit={(e) => {
          e.preventDefault();
          const n = normaliseTrackingCode(input);
          if (n) onLookup(n);
          else setError(t('track.notFound'));
        }}
      >
        <input
          type="text"
          value={input}
          onChange={(e) => setInput(e.target.value)}
          placeholder={t('track.code')}
          aria-label={t('track.code')}
          data-testid="track-input"
          autoCapitalize="characters"
        />
        <button type="submit" data-testid="track-submit">
          {t('track.lookup')}
        </button>
      </form>
      {error && (
        <p className="pub-error" role="alert">
          {error}
        </p>
      )}
      {report && (
        <article className="pub-card" data-testid="track-result" data-stage={report.stage}>
          <p className="pub-meta">
            {report.number} · {report.subcategoryName}
          </p>
          <h2 className={`pub-stage stage-${report.stage}`} data-testid="track-stage">
            {stageLabel(lang, report.stage)}
          </h2>
          {/* Text is rendered as text: whatever the citizen typed is data, never markup. */}
          <p className="pub-text" data-testid="track-description">
            {report.description}
          </p>
          {report.duplicateOf && (
            <p className="pub-note">
              {t('track.duplicateOf')} {report.duplicateOf.number}：{stageLabel(lang, report.duplicateOf.stage)}
            </p>
          )}
          <h3>{t('track.timeline')}</h3>
          <ol className="pub-timeline">
            {report.timeline.map((e, i) => (
              <li key={i} className={`stage-${e.stage}`}>
                <strong>{stageLabel(lang, e.stage)}</strong> <time>{formatTime(lang, e.at)}</time>
                {e.text && <div className="pub-text">{e.text}</div>}
              </li>
            ))}
          </ol>
          {report.afterPhotos.length > 0 && (
            <>
              <h3>{t('track.after')}</h3>
              <div className="pub-photos">
                {report.afterPhotos.map((p) => (
                  <a key={p.url} href={p.url} target="_blank" rel="noreferrer">
                    <img src={p.thumbUrl} alt={t('track.after')} data-testid="track-after-photo" />
                  </a>
                ))}
              </div>
            </>
          )}
        </article>
      )}
      {mine.length > 0 && (
        <div className="pub-card">
          <h3>{t('track.mine')}</h3>
          <ul className="pub-list">
            {mine.map((m) => {
              const c = m.serverCode ?? m.trackingCode;
              return (
                <li key={m.id}>
                  <a href={`#track/${c}`}>{formatTrackingCode(c)}</a>{' '}
                  <span className="pub-meta">
                    {formatTime(lang, m.createdAt)}
                    {m.status === 'pending' ? ` · ${t('track.pendingUpload')}` : ''}
                  </span>
                  <div className="pub-text pub-clip">{m.description}</div>
                </li>
              );
            })}
          </ul>
        </div>
      )}
    </section>
  );
}
