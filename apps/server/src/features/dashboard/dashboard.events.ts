import { EventEmitter } from 'node:events';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { Db } from '../../platform/db/db';
import type { CaseRow } from '../cases/case.repo';

// The dashboard's live feed: a tiny in-process bus per database handle. The cases funnel and
// case creation publish AFTER commit (fire and forget: a failed publish never fails a request).
// With PostgreSQL (several replicas) a publish goes through NOTIFY on one channel and every
// replica's LISTEN connection re-emits it locally, so an open dashboard on any replica sees cases
// made on any other. With PGlite (one process) the bus emits directly.

export const DASHBOARD_CHANNEL = 'cw_dashboard';

export type CaseFeedEvent = {
  type: 'case.created' | 'case.changed';
  caseId: number;
  number: string;
  action: string | null;
  state: string;
  categoryCode: string;
  nature: string;
  lon: number;
  lat: number;
  address: string;
  areaUnitPath: string;
  responsibleUnitPath: string | null;
  reporterUserId: number | null;
  isOverdue: boolean;
  at: string;
};

type Bus = {
  emitter: EventEmitter;
  remote: ((payload: string) => Promise<void>) | null;
  /** Events waiting for the next NOTIFY: a burst of writes costs one round trip, not one each. */
  pending: CaseFeedEvent[];
  timer: NodeJS.Timeout | null;
};
const buses = new WeakMap<object, Bus>();

function busOf(db: Db): Bus {
  let bus = buses.get(db);
  if (!bus) {
    const emitter = new EventEmitter();
    emitter.setMaxListeners(0); // one listener per open dashboard
    bus = { emitter, remote: null, pending: [], timer: null };
    buses.set(db, bus);
  }
  return bus;
}

export function feedEventOf(row: CaseRow, type: CaseFeedEvent['type'], action: string | null): CaseFeedEvent {
  return {
    type,
    caseId: row.id,
    number: row.number,
    action,
    state: row.state,
    categoryCode: row.categoryCode,
    nature: row.nature,
    lon: row.lon,
    lat: row.lat,
    address: row.address,
    areaUnitPath: row.areaUnitPath,
    responsibleUnitPath: row.responsibleUnitPath,
    reporterUserId: row.reporterUserId,
    isOverdue: row.isOverdue,
    at: new Date().toISOString(),
  };
}

/** After commit: tell open dashboards. Never throws. */
export function publishCaseEvent(db: Db, event: CaseFeedEvent): void {
  const bus = busOf(db);
  if (bus.remote) {
    bus.pending.push(event);
    bus.timer ??= setTimeout(() => flush(bus), FLUSH_MS);
    return;
  }
  bus.emitter.emit('case', event);
}

const FLUSH_MS = 50;
// NOTIFY payloads are limited to 8000 bytes; events go in JSON arrays below that.
const MAX_PAYLOAD = 7000;

function flush(bus: Bus) {
  bus.timer = null;
  const events = bus.pending.splice(0);
  const remote = bus.remote;
  let chunk: CaseFeedEvent[] = [];
  let size = 2;
  const send = (batch: CaseFeedEvent[]) => {
    if (batch.length === 0) return;
    const local = () => batch.forEach((e) => bus.emitter.emit('case', e));
    if (remote) remote(JSON.stringify(batch)).catch(local);
    else local();
  };
  for (const event of events) {
    const length = JSON.stringify(event).length + 1;
    if (size + length > MAX_PAYLOAD) {
      send(chunk);
      chunk = [];
      size = 2;
    }
    chunk.push(event);
    size += length;
  }
  send(chunk);
}

export function subscribeCaseEvents(db: Db, listener: (event: CaseFeedEvent) => void): () => void {
  const bus = busOf(db);
  bus.emitter.on('case', listener);
  return () => bus.emitter.off('case', listener);
}

/**
 * PostgreSQL: one LISTEN connection per replica; publishes become NOTIFY. Returns a stop function.
 * A lost connection falls back to local delivery until it reconnects.
 */
export async function connectCrossReplicaFeed(db: Db, url: string, log: (msg: string, err?: unknown) => void): Promise<() => Promise<void>> {
  const bus = busOf(db);
  let client: pg.Client | null = null;
  let stopped = false;
  const connect = async () => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (msg) => {
      if (msg.channel !== DASHBOARD_CHANNEL || !msg.payload) return;
      try {
        const parsed = JSON.parse(msg.payload) as CaseFeedEvent | CaseFeedEvent[];
        for (const event of Array.isArray(parsed) ? parsed : [parsed]) bus.emitter.emit('case', event);
      } catch (err) {
        log('dashboard feed: bad payload', err);
      }
    });
    c.on('error', (err) => {
      log('dashboard feed: LISTEN connection lost', err);
      bus.remote = null;
      client = null;
      void c.end().catch(() => undefined);
      if (!stopped) setTimeout(() => void connect().catch((e) => log('dashboard feed: reconnect failed', e)), 1000).unref();
    });
    await c.connect();
    await c.query(`listen ${DASHBOARD_CHANNEL}`);
    client = c;
    bus.remote = async (payload) => {
      await db.execute(sql`select pg_notify(${DASHBOARD_CHANNEL}, ${payload})`);
    };
  };
  await connect();
  return async () => {
    stopped = true;
    if (bus.timer) {
      clearTimeout(bus.timer);
      flush(bus);
    }
    bus.remote = null;
    await client?.end().catch(() => undefined);
  };
}
