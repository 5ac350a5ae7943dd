import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { CITIZEN_PHOTO_LIMIT, formatTrackingCode } from '@chuangwen/domain/citizens/citizen.public';
import { loadCategories, type Category } from './api';
import { downscale } from '../lib/downscale';
import { enqueue, sendWithRetry, type OutboxEntry } from './outbox';
import type { Lang, T } from './i18n';
import { AreaOutline } from './AreaOutline';

// Leaflet loads only when the citizen touches the county outline (AreaOutline), not with the page.
const loadPointMap = () => import('./PointMap');
const PointMap = lazy(loadPointMap);
const preloadPointMap = () => void loadPointMap().catch(() => undefined);

type Props = { t: T; lang: Lang; onTrack: (code: string) => void };

export function ReportView({ t, lang, onTrack }: Props) {
  const [categories, setCategories] = useState<Category[]>([]);
  const [query, setQuery] = useState('');
  const [serviceCode, setServiceCode] = useState('');
  const [point, setPoint] = useState<{ lon: number; lat: number } | null>(null);
  const [map, setMap] = useState<{ center: { lon: number; lat: number } | null } | null>(null);
  const [address, setAddress] = useState('');
  const [description, setDescription] = useState('');
  const [photos, setPhotos] = useState<{ blob: Blob; url: string }[]>([]);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [entry, setEntry] = useState<OutboxEntry | null>(null);
  const stop = useRef<(() => void) | null>(null);

  useEffect(() => {
    loadCategories().then(setCategories, () => setMessage(t('error.network')));
  }, [t]);
  useEffect(() => () => stop.current?.(), []);

  const shown = useMemo(() => {
    const q = query.trim();
    return q ? categories.filter((c) => c.subcategoryName.includes(q) || c.categoryName.includes(q)) : categories;
  }, [categories, query]);
  const groups = useMemo(() => {
    const map = new Map<string, Category[]>();
    for (const c of shown) map.set(c.categoryName, [...(map.get(c.categoryName) ?? []), c]);
    return [...map.entries()];
  }, [shown]);

  const addPhotos = async (files: FileList | null) => {
    if (!files) return;
    const room = CITIZEN_PHOTO_LIMIT - photos.length;
    const picked = [...files].slice(0, room);
    const blobs = await Promise.all(picked.map((f) => downscale(f).catch(() => f)));
    setPhotos((p) => [...p, ...blobs.map((blob) => ({ blob, url: URL.createObjectURL(blob) }))].slice(0, CITIZEN_PHOTO_LIMIT));
  };

  const locate = () =>
    navigator.geolocation?.getCurrentPosition(
      (pos) => setPoint({ lon: Math.round(pos.coords.longitude * 1e6) / 1e6, lat: Math.round(pos.coords.latitude * 1e6) / 1e6 }),
      () => setMessage(t('report.gpsFailed')),
      { enableHighAccuracy: true, timeout: 10_000 },
    );

  const submit = async () => {
    if (!serviceCode || !point || !description.trim()) {
      setMessage(t('report.missing'));
      return;
    }
    setMessage(null);
    const queued = await enqueue({ serviceCode, ...point, description, address, name, phone, photos: photos.map((p) => p.blob) });
    setEntry(queued);
    stop.current = sendWithRetry(queued, lang, setEntry);
  };

  const reset = () => {
    stop.current?.();
    photos.forEach((p) => URL.revokeObjectURL(p.url));
    setEntry(null);
    setDescription('');
    setPhotos([]);
    setAddress('');
  };

  if (entry) {
    const code = entry.serverCode ?? entry.trackingCode;
    return (
      <section className="pub-card pub-confirm" data-testid="report-confirmation" data-status={entry.status}>
        <h2>{t('confirm.title')}</h2>
        <p>{t('confirm.code')}</p>
        <p className="pub-code" data-testid="report-code">
          {formatTrackingCode(code)}
        </p>
        <p>{t('confirm.keep')}</p>
        {entry.status === 'pending' && (
          <p className="pub-note" data-testid="report-pending">
            {t('confirm.pending')}
          </p>
        )}
        {entry.status === 'sent' && (
          <p className="pub-ok" data-testid="report-sent">
            {t('confirm.sent')}
          </p>
        )}
        {entry.status === 'failed' && (
          <p className="pub-error">
            {t('confirm.failed')}
            {entry.error}
          </p>
        )}
        <div className="pub-row">
          <button type="button" onClick={() => onTrack(code)} data-testid="report-track">
            {t('confirm.track')}
          </button>
          <button type="button" className="secondary" onClick={reset}>
            {t('confirm.another')}
          </button>
        </div>
      </section>
    );
  }

  return (
    <form
      className="pub-card"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      data-testid="report-form"
    >
      <label className="pub-label" htmlFor="cat-search">
        {t('report.category')}
      </label>
      <input id="cat-search" type="search" placeholder={t('report.search')} value={query} onChange={(e) => setQuery(e.target.value)} />
      <select value={serviceCode} onChange={(e) => setServiceCode(e.target.value)} data-testid="report-category" aria-label={t('report.category')}>
        <option value="">{t('report.categoryPick')}</option>
        {groups.map(([group, items]) => (
          <optgroup key={group} label={group}>
            {items.map((c) => (
              <option key={c.serviceCode} value={c.serviceCode}>
                {c.subcategoryName}
              </option>
            ))}
          </optgroup>
        ))}
      </select>

      <label className="pub-label">{t('report.where')}</label>
      <p className="pub-hint">{t('report.mapHint')}</p>
      {map ? (
        <Suspense fallback={<div className="pub-map pub-map-loading" style={{ height: 240 }} />}>
          <PointMap value={point} center={map.center} onPick={(lon, lat) => setPoint({ lon, lat })} />
        </Suspense>
      ) : (
        <AreaOutline t={t} value={point} onPreload={preloadPointMap} onOpen={(center) => setMap({ center })} />
      )}
      <div className="pub-row">
        <button type="button" className="secondary" onClick={locate}>
          {t('report.gps')}
        </button>
        <span className="pub-hint" data-testid="report-point">
          {point ? `${point.lat.toFixed(5)}, ${point.lon.toFixed(5)}` : ''}
        </span>
      </div>
      <input
        type="text"
        maxLength={200}
        placeholder={t('report.address')}
        value={address}
        onChange={(e) => setAddress(e.target.value)}
        aria-label={t('report.address')}
      />

      <label className="pub-label" htmlFor="desc">
        {t('report.description')}
      </label>
      <textarea
        id="desc"
        rows={4}
        maxLength={2000}
        placeholder={t('report.descriptionHint')}
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        data-testid="report-description"
      />

      <label className="pub-label">{t('report.photos')}</label>
      <div className="pub-photos">
        {photos.map((p, i) => (
          <figure key={p.url}>
            <img src={p.url} alt="" />
            <button type="button" className="link" onClick={() => setPhotos((all) => all.filter((_, j) => j !== i))}>
              {t('report.removePhoto')}
            </button>
          </figure>
        ))}
        {photos.length < CITIZEN_PHOTO_LIMIT && (
          <label className="pub-add-photo">
            +<span>{t('report.addPhoto')}</span>
            <input
              type="file"
              accept="image/*"
              capture="environment"
              multiple
              onChange={(e) => void addPhotos(e.target.files)}
              data-testid="report-photo"
              hidden
            />
          </label>
        )}
      </div>

      <fieldset>
        <legend>{t('report.contact')}</legend>
        <input type="text" maxLength={50} placeholder={t('report.name')} value={name} onChange={(e) => setName(e.target.value)} aria-label={t('report.name')} />
        <input
          type="tel"
          maxLength={30}
          placeholder={t('report.phone')}
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          aria-label={t('report.phone')}
        />
      </fieldset>

      {message && (
        <p className="pub-error" role="alert">
          {message}
        </p>
      )}
      <button type="submit" className="primary" data-testid="report-submit">
        {t('report.submit')}
      </button>
    </form>
  );
}
