import { lazy, Suspense, useCallback, useEffect, useMemo, useState, useSyncExternalStore, type FormEvent } from 'react';
import type { FieldData } from '@chuangwen/domain/inspections/inspection.schemas';
import { FieldApiError } from './api';
import { loadFieldData, loadMe, login, logout, type Me } from './data';
import { resultLabel, roundKindLabel, setLocale, siteTypeLabel, t, useLocale } from './i18n';
import { dismissFailed, processQueue, queueState, retryNow, setOnSynced, subscribeQueue } from './queue';
import { SiteScreen } from './SiteScreen';

const MapScreen = lazy(() => import('./MapScreen'));

type Assignment = FieldData['assignments'][number];

function useOnline() {
  return useSyncExternalStore(
    (l) => {
      window.addEventListener('online', l);
      window.addEventListener('offline', l);
      return () => {
        window.removeEventListener('online', l);
        window.removeEventListener('offline', l);
      };
    },
    () => navigator.onLine,
  );
}

export function App() {
  const locale = useLocale();
  const online = useOnline();
  const queue = useSyncExternalStore(subscribeQueue, queueState);
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [data, setData] = useState<FieldData | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [view, setView] = useState<'list' | 'map'>('list');
  const [openId, setOpenId] = useState<number | null>(null);

  const refresh = useCallback(async () => {
    try {
      const res = await loadFieldData();
      setData(res.data);
      setLoadError(res.data ? null : t('loadFailed'));
    } catch (err) {
      if (err instanceof FieldApiError && err.status === 401) setMe(null);
      else setLoadError(err instanceof Error ? err.message : String(err));
    }
  }, []);

  useEffect(() => {
    void loadMe().then(({ me }) => setMe(me));
  }, []);
  useEffect(() => {
    if (!me) return;
    void refresh();
    setOnSynced(() => void refresh());
    void processQueue();
  }, [me, refresh]);
  useEffect(() => {
    if (queue.unauthenticated) setMe(null);
  }, [queue.unauthenticated]);

  const header = (
    <header className="bar">
      <strong>{t('title')}</strong>
      <span className={`pill ${online ? 'ok' : 'off'}`} data-testid="network-state">
        {online ? t('online') : t('offline')}
      </span>
      <button
        type="button"
        className={`pill ${queue.pending ? 'warn' : 'ok'}`}
        data-testid="queue-count"
        data-pending={queue.pending}
        onClick={() => void retryNow()}
        title={t('syncNow')}
      >
        {queue.syncing ? t('syncing') : queue.pending ? t('queue', { n: queue.pending }) : t('queueEmpty')}
      </button>
      <span className="spacer" />
      <button type="button" className="link" onClick={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')}>
        {t('language')}
      </button>
      {me && (
        <button type="button" className="link" onClick={() => void logout().then(() => setMe(null))}>
          {t('logout')}
        </button>
      )}
    </header>
  );

  if (me === undefined) return <div className="app">{header}</div>;
  if (me === null)
    return (
      <div className="app">
        {header}
        <Login onDone={setMe} />
      </div>
    );

  const assignments = data?.assignments ?? [];
  const open = assignments.find((a) => a.id === openId) ?? null;
  if (open && data) {
    return (
      <div className="app">
        {header}
        <SiteScreen
          key={open.id}
          assignment={open}
          checklist={data.checklists.filter(
            (c) => c.siteType === open.site.type && c.frameworkId === data.rounds.find((r) => r.id === open.roundId)?.frameworkId,
          )}
          roundName={data.rounds.find((r) => r.id === open.roundId)?.name ?? ''}
          onClose={() => setOpenId(null)}
        />
      </div>
    );
  }
  return (
    <div className="app">
      {header}
      {queue.failed.length > 0 && (
        <section className="card error" data-testid="failed-ops">
          <strong>{t('errorTitle')}</strong>
          {queue.failed.map((op) => (
            <div key={op.seq} className="row">
              <span>
                {op.kind === 'visit' ? op.siteName : op.name}: {op.error}
              </span>
              <button type="button" className="link" onClick={() => void dismissFailed(op.seq!)}>
                {t('dismiss')}
              </button>
            </div>
          ))}
        </section>
      )}
      <nav className="tabs">
        <button type="button" className={view === 'list' ? 'on' : ''} onClick={() => setView('list')} data-testid="tab-list">
          {t('list')}
        </button>
        <button type="button" className={view === 'map' ? 'on' : ''} onClick={() => setView('map')} data-testid="tab-map">
          {t('map')}
        </button>
      </nav>
      {loadError && !data && (
        <section className="card error">
          {loadError}{' '}
          <button type="button" onClick={() => void refresh()}>
            {t('retry')}
          </button>
        </section>
      )}
      {data && view === 'list' && <SiteList data={data} queued={queue.queuedAssignments} onOpen={setOpenId} />}
      {data && view === 'map' && (
        <Suspense fallback={<p className="muted pad">{t('mapLoading')}</p>}>
          <MapScreen assignments={assignments} onOpen={setOpenId} />
        </Suspense>
      )}
      {data && <p className="muted pad small">{t('lastSync', { at: new Date(data.syncedAt).toLocaleString(locale) })}</p>}
    </div>
  );
}

function Login({ onDone }: { onDone: (me: Me) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onDone(await login(username, password));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card login" onSubmit={(e) => void submit(e)} data-testid="field-login">
      <label>
        {t('username')}
        <input autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} data-testid="field-username" required />
      </label>
      <label>
        {t('password')}
        <input
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          data-testid="field-password"
          required
        />
      </label>
      {error && <p className="error-text">{error}</p>}
      <button type="submit" className="primary" disabled={busy} data-testid="field-login-submit">
        {busy ? t('loggingIn') : t('login')}
      </button>
    </form>
  );
}

function SiteList({ data, queued, onOpen }: { data: FieldData; queued: number[]; onOpen: (id: number) => void }) {
  const byRound = useMemo(() => data.rounds.map((r) => ({ round: r, items: data.assignments.filter((a) => a.roundId === r.id) })), [data]);
  if (!data.assignments.length)
    return (
      <p className="muted pad" data-testid="no-sites">
        {t('noSites')}
      </p>
    );
  return (
    <div data-testid="site-list">
      {byRound.map(({ round, items }) => (
        <section key={round.id}>
          <h2 className="round">
            {round.name}
            <small>
              {roundKindLabel(round.kind)} · {round.periodStart} ~ {round.periodEnd}
            </small>
          </h2>
          <p className="muted small pad">{round.teams.map((tm) => `${tm.name}（${tm.units.map((u) => u.name).join('、')}）`).join('；')}</p>
          <ul className="sites">
            {items.map((a) => (
              <SiteRow key={a.id} a={a} queued={queued.includes(a.id)} onOpen={onOpen} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

function SiteRow({ a, queued, onOpen }: { a: Assignment; queued: boolean; onOpen: (id: number) => void }) {
  const status = queued ? 'queued' : a.status;
  const fails = a.failCount + a.severeFailCount;
  return (
    <li>
      <button type="button" className="site" onClick={() => onOpen(a.id)} data-testid={`site-${a.id}`}>
        <span className="name">{a.site.name}</span>
        <span className="meta">
          {siteTypeLabel(a.site.type)} · {a.site.town?.name ?? ''} · {a.site.address}
        </span>
        <span className={`status ${status}`} data-testid={`site-status-${a.id}`}>
          {t(status)}
          {a.status === 'visited' && fails > 0 && !queued ? ` · ${resultLabel('fail')} ${fails}` : ''}
        </span>
      </button>
    </li>
  );
}
