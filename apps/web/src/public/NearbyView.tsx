import { useState } from 'react';
import { loadNearby, type NearbyItem } from './api';
import { formatTime, stageLabel, type Lang, type T } from './i18n';

export function NearbyView({ t, lang }: { t: T; lang: Lang }) {
  const [where, setWhere] = useState<{ lon: number; lat: number } | null>(null);
  const [items, setItems] = useState<NearbyItem[]>([]);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(1);
  const [error, setError] = useState<string | null>(null);

  const load = async (p: { lon: number; lat: number }, n: number) => {
    try {
      const res = await loadNearby(p.lon, p.lat, n);
      setItems((old) => (n === 1 ? res.items : [...old, ...res.items]));
      setTotal(res.total);
      setPage(n);
    } catch {
      setError(t('error.network'));
    }
  };
  const locate = () =>
    navigator.geolocation?.getCurrentPosition(
      (pos) => {
        const p = { lon: pos.coords.longitude, lat: pos.coords.latitude };
        setWhere(p);
        void load(p, 1);
      },
      () => setError(t('report.gpsFailed')),
      { timeout: 10_000 },
    );

  return (
    <section>
      <div className="pub-card">
        <h2>{t('nearby.title')}</h2>
        <button type="button" onClick={locate} data-testid="nearby-locate">
          {t('nearby.locate')}
        </button>
      </div>
      {error && <p className="pub-error">{error}</p>}
      {where && items.length === 0 && !error && <p className="pub-note">{t('nearby.none')}</p>}
      <ul className="pub-list" data-testid="nearby-list">
        {items.map((i) => (
          <li key={i.number} className="pub-card">
            <p className="pub-meta">
              {i.subcategoryName} · {t('nearby.away', { m: i.distanceM })} · {formatTime(lang, i.submittedAt)}
            </p>
            <strong className={`pub-stage stage-${i.stage}`}>{stageLabel(lang, i.stage)}</strong>
            <p className="pub-text">{i.description}</p>
            {i.afterPhoto && <img className="pub-thumb" src={i.afterPhoto.thumbUrl} alt="" />}
          </li>
        ))}
      </ul>
      {where && items.length < total && (
        <button type="button" className="secondary" onClick={() => void load(where, page + 1)}>
          {t('nearby.more')}
        </button>
      )}
    </section>
  );
}
