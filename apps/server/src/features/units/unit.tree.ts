import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { isTerritorial, type UnitKind } from '@chuangwen/domain/units/unit.kinds';
import type { PolygonGeometry } from '@chuangwen/domain/units/unit.schemas';
import { geometryBounds, unitsContaining } from '@chuangwen/domain/units/unit.geo';
import { rowsOf, type Db, type Executor } from '../../platform/db/db';
import { units } from '../../platform/identity/unit.tables';
import { LISTENER_APPLICATION_NAME, listenerOf } from '../../platform/db/listener';

// The unit tree with its polygons, cached per process so that placing a case, a site or a report
// costs no lookup round trip. A change of units announces itself with NOTIFY on REFERENCE_CHANNEL
// inside its transaction: when it commits, every replica's LISTEN connection drops its cache and
// acknowledges, and the replica that made the change reloads and awaits the acknowledgements before
// it answers (`refreshReference`). CACHE_MS only bounds staleness when a notification is lost (the
// LISTEN connection is down; a reconnect drops the cache too). Other features' caches built on the
// tree (the cases' categories) register with `onUnitTreeDropped`.

const CACHE_MS = 30_000;

export type RefUnit = {
  id: number;
  parentId: number | null;
  name: string;
  code: string;
  kind: UnitKind;
  path: string;
  depth: number;
  isActive: boolean;
  geometry: PolygonGeometry | null;
  bounds: [number, number, number, number] | null;
};

export type UnitTree = {
  unitsById: Map<number, RefUnit>;
  unitsByCode: Map<string, RefUnit>;
  at: number;
};

const cache = new WeakMap<object, Promise<UnitTree>>();
const stamp = new WeakMap<object, number>();
const droppedListeners: ((db: Db) => void)[] = [];

async function load(db: Db): Promise<UnitTree> {
  const unitRows = await db
    .select({
      id: units.id,
      parentId: units.parentId,
      name: units.name,
      code: units.code,
      kind: units.kind,
      path: units.path,
      depth: units.depth,
      isActive: units.isActive,
      geometry: units.geometry,
    })
    .from(units);
  const list: RefUnit[] = unitRows.map((u) => ({ ...u, geometry: u.geometry ?? null, bounds: u.geometry ? geometryBounds(u.geometry) : null }));
  return { unitsById: new Map(list.map((u) => [u.id, u])), unitsByCode: new Map(list.map((u) => [u.code, u])), at: Date.now() };
}

export function loadUnitTree(db: Db): Promise<UnitTree> {
  const at = stamp.get(db);
  if (at === undefined || Date.now() - at > CACHE_MS) {
    stamp.set(db, Date.now());
    const pending = load(db);
    pending.catch(() => stamp.delete(db));
    cache.set(db, pending);
  }
  return cache.get(db)!;
}

/** Drops this process's tree (and the caches registered with `onUnitTreeDropped`). */
export function invalidateReference(db: Db) {
  stamp.delete(db);
  for (const dropped of droppedListeners) dropped(db);
}

/** Another cache that must be dropped with the tree (a unit change, a reconnect, a seed). */
export function onUnitTreeDropped(listener: (db: Db) => void) {
  droppedListeners.push(listener);
}

export const REFERENCE_CHANNEL = 'cw_reference';
/** Each replica answers a change's NOTIFY here once it has dropped its cache. */
const ACK_CHANNEL = 'cw_reference_ack';
/** How long the changing replica waits for every replica to acknowledge (a dead one must not block). */
const ACK_TIMEOUT_MS = 3_000;

type Listener = { acks: Map<string, number>; waiters: Map<string, { need: number; resolve: () => void }> };
const listeners = new WeakMap<object, Listener>();

/**
 * Inside the transaction that changes units: every replica drops its cache when it commits (a
 * rolled-back change announces nothing). Returns the token to pass to `refreshReference`.
 */
export async function announceReferenceChange(tx: Executor): Promise<string> {
  const token = randomUUID();
  await tx.execute(sql`select pg_notify(${REFERENCE_CHANNEL}, ${token})`);
  return token;
}

/**
 * After commit: this replica reloads now and, on PostgreSQL, waits until every replica's LISTEN
 * connection has acknowledged that it dropped its cache — so the next request, on any replica,
 * sees the change.
 */
export async function refreshReference(db: Db, token: string): Promise<void> {
  invalidateReference(db);
  await Promise.all([loadUnitTree(db), acknowledged(db, token)]);
}

async function acknowledged(db: Db, token: string): Promise<void> {
  const listener = listeners.get(db);
  if (!listener) return;
  const [row] = rowsOf<{ n: number }>(
    await db.execute(sql`select count(*)::int as n from pg_stat_activity
    where datname = current_database() and application_name = ${LISTENER_APPLICATION_NAME}`),
  );
  const need = row?.n ?? 0;
  if ((listener.acks.get(token) ?? 0) >= need) {
    listener.acks.delete(token);
    return;
  }
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      listener.waiters.delete(token);
      listener.acks.delete(token);
      resolve();
    };
    const timer = setTimeout(done, ACK_TIMEOUT_MS);
    listener.waiters.set(token, { need, resolve: done });
  });
}

/**
 * PostgreSQL: on the app's one LISTEN connection (platform/db/listener.ts, whose application_name
 * counts the replicas that must acknowledge), a notification on REFERENCE_CHANNEL drops this
 * replica's cache and is acknowledged. Returns a stop function. A lost connection reconnects (the
 * platform's) and drops the cache (changes made meanwhile were not heard). `_url` is unused: the
 * platform's listener already knows where to connect.
 */
export async function listenForReferenceChanges(db: Db, _url: string, log: (msg: string, err?: unknown) => void): Promise<() => Promise<void>> {
  const pgListener = listenerOf(db);
  if (!pgListener) throw new Error('reference cache: no LISTEN connection');
  const listener: Listener = { acks: new Map(), waiters: new Map() };
  const unlistenChange = await pgListener.listen(REFERENCE_CHANNEL, (token) => {
    invalidateReference(db);
    pgListener.notify(ACK_CHANNEL, token).catch((err: unknown) => log('reference cache: acknowledgement failed', err));
  });
  const unlistenAck = await pgListener.listen(ACK_CHANNEL, (token) => {
    const count = (listener.acks.get(token) ?? 0) + 1;
    listener.acks.set(token, count);
    const waiter = listener.waiters.get(token);
    if (waiter && count >= waiter.need) waiter.resolve();
    // Acknowledgements of other replicas' changes are counted too: keep only the latest.
    if (listener.acks.size > 200) listener.acks.delete(listener.acks.keys().next().value!);
  });
  // While disconnected nobody acknowledges here: the changing replica must not wait for it.
  const offDisconnect = pgListener.onDisconnect(() => listeners.delete(db));
  const offConnect = pgListener.onConnect(() => {
    listeners.set(db, listener);
    invalidateReference(db);
  });
  if (pgListener.connected) listeners.set(db, listener);
  invalidateReference(db);
  return async () => {
    offConnect();
    offDisconnect();
    unlistenChange();
    unlistenAck();
    listeners.delete(db);
    for (const waiter of [...listener.waiters.values()]) waiter.resolve();
  };
}

export const rootPathOf = (path: string) => `/${path.split('/')[1]}/`;

/** Territorial units containing the point, smallest first (grid, community/village, town, county). */
export function territorialUnitsAt(ref: UnitTree, lon: number, lat: number): RefUnit[] {
  const candidates = [...ref.unitsById.values()].filter(
    (u) => u.isActive && u.bounds && isTerritorial(u.kind) && lon >= u.bounds[0] && lon <= u.bounds[2] && lat >= u.bounds[1] && lat <= u.bounds[3],
  );
  return unitsContaining(candidates, [lon, lat]);
}

/**
 * Where a case lies, for scope before dispatch: the smallest territorial unit containing the
 * point within the reporter's county; null when the point lies outside a county that has polygons.
 */
export function areaUnitFor(ref: UnitTree, rootPath: string, lon: number, lat: number): RefUnit | null {
  const inside = territorialUnitsAt(ref, lon, lat).filter((u) => u.path.startsWith(rootPath));
  if (inside[0]) return inside[0];
  // A county that has drawn its territory refuses points outside it; one without polygons takes all.
  const hasTerritory = [...ref.unitsById.values()].some((u) => u.geometry && u.path.startsWith(rootPath));
  return hasTerritory ? null : [...ref.unitsById.values()].find((u) => u.path === rootPath)!;
}
