import { useEffect, useState } from 'react';
import { loadExposures, type Exposure } from './api';
import { formatTime, stageLabel, type Lang, type T } from './i18n';

type Group = { nature: string; categoryCode: string; categoryName: string; count: number };

export function ExposureView({ t, lang }: { t: T; lang: Lang }) {
  const [category, setCategory] = useState<string | null>(null);
  const [items, setItems] = useState<Exposure[]>([]);
  const [groups, setGroups] = useState<Group[]>([]);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(1);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    loadExposures(page, category).then(
      (res) => {
        if (!live) return;
        setItems((old) => (page === 1 ? res.items : [...old, ...res.items]));
        setTotal(res.total);
        if (!category) setGroups(res.categories);
      },
      () => live && setError(t('error.network')),
    );
    return () => {
      live = false;
    };
  }, [page, category, t]);

  const choose = (c: string | null) => {
    setCategory(c);
    setPage(1);
  };
  return (
    <section data-testid="exposure-feed">
      <h2 className="pub-section-title">{t('exposure.title')}</h2>
      <div className="pub-chips">
        <button type="button" className={category === null ? 'chip active' : 'chip'} onClick={() => choose(null)}>
          {t('exposure.all')}
        </button>
        {groups.map((g) => {
          const key = `nature=${g.nature}&categoryCode=${g.categoryCode}`;
          return (
            <button type="button" key={key} className={category === key ? 'chip active' : 'chip'} onClick={() => choose(key)}>
              {g.categoryName} {g.count}
            </button>
          );
        })}
      </div>
      {error && <p className="pub-error">{error}</p>}
      {items.length === 0 && !error && <p className="pub-note">{t('exposure.none')}</p>}
      {items.map((e) => (
        <article key={e.id} className="pub-card" data-testid="exposure-item">
          <p className="pub-meta">
            {e.categoryName} · {e.subcategoryName} · {formatTime(lang, e.publishedAt)}
          </p>
          <h3 className="pub-text" data-testid="exposure-title">
            {e.title}
          </h3>
          {e.photos.length > 0 && (
            <div className="pub-photos">
              {e.photos.map((p) => (
                <a key={p.url} href={p.url} target="_blank" rel="noreferrer">
                  <img src={p.thumbUrl} alt="" />
                </a>
              ))}
            </div>
          )}
          <p className="pub-text" data-testid="exposure-summary">
            {e.summary}
          </p>
          <p className="pub-meta">
            {e.address ?? ''} <span className={`pub-stage stage-${e.stage}`}>{stageLabel(lang, e.stage)}</span>
          </p>
        </article>
      ))}
      {items.length < total && (
        <button type="button" className="secondary" onClick={() => setPage(page + 1)}>
          {t('exposure.more')}
        </button>
      )}
    </section>
  );
}
