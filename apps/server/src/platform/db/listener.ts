import pg from 'pg';
import type { Db } from './db';

// PostgreSQL only: ONE LISTEN connection per app (replica), shared by everything that listens (the
// unit tree cache, the live feed). It reconnects after a loss, LISTENs again on every channel and
// runs the `onConnect` hooks (a cache must drop what it may have missed while disconnected).

/** The LISTEN connections' application_name: counting them in pg_stat_activity counts the replicas. */
export const LISTENER_APPLICATION_NAME = 'cw_listener';
const RECONNECT_MS = 1000;

export type Listener = {
  /** Calls `handler` with each payload on `channel`; resolves (to the unlisten) once LISTEN runs. */
  listen: (channel: string, handler: (payload: string) => void) => Promise<() => void>;
  /** After the first connection and every reconnection. */
  onConnect: (hook: () => void) => () => void;
  /** When the connection is lost (until `onConnect` fires again). */
  onDisconnect: (hook: () => void) => () => void;
  readonly connected: boolean;
  /** NOTIFY on the listening connection itself (acknowledgements). */
  notify: (channel: string, payload: string) => Promise<void>;
};

const listeners = new WeakMap<object, Listener>();

/** The app's listener on this database handle, if it runs (PostgreSQL with a URL). */
export function listenerOf(db: Db): Listener | null {
  return listeners.get(db) ?? null;
}

const quoteIdent = (channel: string) => `"${channel.replace(/"/g, '""')}"`;

/** Connects the listener of this database handle. Returns the stop function. Throws if the first connection fails. */
export async function startListener(db: Db, url: string, log: (msg: string, err?: unknown) => void): Promise<() => Promise<void>> {
  const handlers = new Map<string, Set<(payload: string) => void>>();
  const connectHooks = new Set<() => void>();
  const disconnectHooks = new Set<() => void>();
  let client: pg.Client | null = null;
  let stopped = false;
  const runHooks = (hooks: Set<() => void>) => {
    for (const hook of [...hooks]) {
      try {
        hook();
      } catch (err) {
        log('listener: hook failed', err);
      }
    }
  };
  const connect = async () => {
    const c = new pg.Client({ connectionString: url, application_name: LISTENER_APPLICATION_NAME });
    c.on('notification', (msg) => {
      for (const handler of handlers.get(msg.channel) ?? []) {
        try {
          handler(msg.payload ?? '');
        } catch (err) {
          log(`listener: handler of ${msg.channel} failed`, err);
        }
      }
    });
    c.on('error', (err) => {
      if (client !== c) return;
      log('listener: LISTEN connection lost', err);
      client = null;
      void c.end().catch(() => undefined);
      runHooks(disconnectHooks);
      if (!stopped) scheduleReconnect();
    });
    await c.connect();
    if (handlers.size) await c.query([...handlers.keys()].map((ch) => `listen ${quoteIdent(ch)}`).join('; '));
    if (stopped) {
      await c.end().catch(() => undefined);
      return;
    }
    client = c;
    runHooks(connectHooks);
  };
  const scheduleReconnect = () => {
    setTimeout(() => {
      if (stopped) return;
      connect().catch((err: unknown) => {
        log('listener: reconnect failed', err);
        if (!stopped) scheduleReconnect();
      });
    }, RECONNECT_MS).unref();
  };
  const listener: Listener = {
    listen: async (channel, handler) => {
      let set = handlers.get(channel);
      if (!set) {
        set = new Set();
        handlers.set(channel, set);
        // A reconnection LISTENs on every channel in `handlers` again.
        await client?.query(`listen ${quoteIdent(channel)}`);
      }
      set.add(handler);
      return () => void set.delete(handler);
    },
    onConnect: (hook) => {
      connectHooks.add(hook);
      return () => void connectHooks.delete(hook);
    },
    onDisconnect: (hook) => {
      disconnectHooks.add(hook);
      return () => void disconnectHooks.delete(hook);
    },
    get connected() {
      return client !== null;
    },
    notify: async (channel, payload) => {
      if (!client) throw new Error('listener: not connected');
      await client.query('select pg_notify($1, $2)', [channel, payload]);
    },
  };
  await connect();
  listeners.set(db, listener);
  return async () => {
    stopped = true;
    if (listeners.get(db) === listener) listeners.delete(db);
    const c = client;
    client = null;
    runHooks(disconnectHooks);
    await c?.end().catch(() => undefined);
  };
}
