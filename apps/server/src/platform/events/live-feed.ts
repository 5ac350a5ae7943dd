import { EventEmitter } from 'node:events';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/db';
import type { Listener } from '../db/listener';

// The live feed (what open screens hear, e.g. the dashboard's cases): an in-process bus per database
// handle. With PostgreSQL (several replicas) a publish goes through NOTIFY on one channel and every
// replica's LISTEN connection (platform/db/listener.ts) re-emits it locally, so a screen open on any
// replica hears what happens on any other; while that connection is down, or with PGlite (one
// process), the bus emits directly. Publishing never throws.

export const LIVE_FEED_CHANNEL = 'cw_live_feed';

type Message = { topic: string; data: unknown };
type Feed = {
  emitter: EventEmitter;
  remote: ((payload: string) => Promise<void>) | null;
  /** Messages waiting for the next NOTIFY: a burst of writes costs one round trip, not one each. */
  pending: Message[];
  timer: NodeJS.Timeout | null;
};
const feeds = new WeakMap<object, Feed>();

function feedOf(db: Db): Feed {
  let feed = feeds.get(db);
  if (!feed) {
    const emitter = new EventEmitter();
    emitter.setMaxListeners(0); // one listener per open screen
    feed = { emitter, remote: null, pending: [], timer: null };
    feeds.set(db, feed);
  }
  return feed;
}

/** Tells open screens (on every replica). Never throws. */
export function publishLive(db: Db, topic: string, data: unknown): void {
  const feed = feedOf(db);
  if (feed.remote) {
    feed.pending.push({ topic, data });
    feed.timer ??= setTimeout(() => flush(feed), FLUSH_MS);
    return;
  }
  feed.emitter.emit(topic, data);
}

export function subscribeLive<T>(db: Db, topic: string, listener: (data: T) => void): () => void {
  const feed = feedOf(db);
  feed.emitter.on(topic, listener);
  return () => void feed.emitter.off(topic, listener);
}

const FLUSH_MS = 50;
// NOTIFY payloads are limited to 8000 bytes; messages go in JSON arrays below that.
const MAX_PAYLOAD = 7000;

function flush(feed: Feed) {
  feed.timer = null;
  const messages = feed.pending.splice(0);
  const remote = feed.remote;
  let chunk: Message[] = [];
  let size = 2;
  const send = (batch: Message[]) => {
    if (batch.length === 0) return;
    const local = () => batch.forEach((m) => feed.emitter.emit(m.topic, m.data));
    if (remote) remote(JSON.stringify(batch)).catch(local);
    else local();
  };
  for (const message of messages) {
    const length = JSON.stringify(message).length + 1;
    if (size + length > MAX_PAYLOAD) {
      send(chunk);
      chunk = [];
      size = 2;
    }
    chunk.push(message);
    size += length;
  }
  send(chunk);
}

/**
 * PostgreSQL: the feed rides on the app's listener; publishes become NOTIFY while it is connected.
 * Returns the stop function (flushes what waits).
 */
export async function connectLiveFeed(db: Db, listener: Listener, log: (msg: string, err?: unknown) => void): Promise<() => Promise<void>> {
  const feed = feedOf(db);
  const remote = async (payload: string) => {
    await db.execute(sql`select pg_notify(${LIVE_FEED_CHANNEL}, ${payload})`);
  };
  const unlisten = await listener.listen(LIVE_FEED_CHANNEL, (payload) => {
    try {
      for (const m of JSON.parse(payload) as Message[]) feed.emitter.emit(m.topic, m.data);
    } catch (err) {
      log('live feed: bad payload', err);
    }
  });
  // A lost connection falls back to local delivery until it reconnects.
  const offConnect = listener.onConnect(() => (feed.remote = remote));
  const offDisconnect = listener.onDisconnect(() => (feed.remote = null));
  feed.remote = listener.connected ? remote : null;
  return async () => {
    offConnect();
    offDisconnect();
    unlisten();
    if (feed.timer) {
      clearTimeout(feed.timer);
      flush(feed);
    }
    feed.remote = null;
  };
}
