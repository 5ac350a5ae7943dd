import { trackingCodeFrom } from '@chuangwen/domain/citizens/citizen.public';
import { HttpError, toError } from './api';

// Reports wait in IndexedDB (photos are Blobs) until the server acknowledges them. The tracking code
// and the Idempotency-Key are made here, so the citizen gets the code at once, offline too, and every
// retry is the same request: the server answers a repeat with the same report.

export type Draft = {
  serviceCode: string;
  lon: number;
  lat: number;
  description: string;
  address: string;
  name: string;
  phone: string;
  photos: Blob[];
};
export type OutboxEntry = Draft & {
  id: string;
  trackingCode: string;
  createdAt: string;
  status: 'pending' | 'sent' | 'failed';
  serverCode: string | null;
  error: string | null;
};

const DB = 'cw-public';
const STORE = 'outbox';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function tx<T>(mode: IDBTransactionMode, run: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  return new Promise<T>((resolve, reject) => {
    const req = run(db.transaction(STORE, mode).objectStore(STORE));
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  }).finally(() => db.close());
}

export const listOutbox = () =>
  tx<OutboxEntry[]>('readonly', (s) => s.getAll() as IDBRequest<OutboxEntry[]>).then((all) => all.sort((a, b) => b.createdAt.localeCompare(a.createdAt)));
const save = (e: OutboxEntry) => tx('readwrite', (s) => s.put(e));

const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));

export async function enqueue(draft: Draft): Promise<OutboxEntry> {
  const entry: OutboxEntry = {
    ...draft,
    id: [...random(16)].map((b) => b.toString(16).padStart(2, '0')).join(''),
    trackingCode: trackingCodeFrom(random(10)),
    createdAt: new Date().toISOString(),
    status: 'pending',
    serverCode: null,
    error: null,
  };
  await save(entry);
  return entry;
}

/** One attempt. Acknowledged → photos dropped, code kept; refused (4xx) → failed with the server's words. */
export async function send(entry: OutboxEntry, language: string): Promise<OutboxEntry> {
  const body = new FormData();
  const fields: Record<string, string> = {
    serviceCode: entry.serviceCode,
    lon: String(entry.lon),
    lat: String(entry.lat),
    description: entry.description,
    trackingCode: entry.trackingCode,
  };
  if (entry.address) fields.address = entry.address;
  if (entry.name) fields.name = entry.name;
  if (entry.phone) fields.phone = entry.phone;
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  entry.photos.forEach((p, i) => body.append('photo', p, `photo-${i + 1}.jpg`));
  const res = await fetch('/api/public/reports', { method: 'POST', body, headers: { 'idempotency-key': entry.id, 'accept-language': language } });
  if (res.ok) {
    const { trackingCode } = (await res.json()) as { trackingCode: string };
    const done: OutboxEntry = { ...entry, photos: [], status: 'sent', serverCode: trackingCode, error: null };
    await save(done);
    return done;
  }
  const error = await toError(res);
  if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
    const failed: OutboxEntry = { ...entry, status: 'failed', error: error.message };
    await save(failed);
    return failed;
  }
  throw error; // 5xx, 408, 429: try again later
}

/** Keeps trying with backoff (1 s, 2 s, 4 s … 60 s; Retry-After when given) until acknowledged or refused. */
export function sendWithRetry(entry: OutboxEntry, language: string, onUpdate: (e: OutboxEntry) => void): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let delay = 1000;
  const attempt = async () => {
    if (stopped) return;
    try {
      const result = await send(entry, language);
      if (!stopped) onUpdate(result);
    } catch (err) {
      if (stopped) return;
      const wait = err instanceof HttpError && err.retryAfter ? err.retryAfter * 1000 : delay;
      delay = Math.min(delay * 2, 60_000);
      timer = setTimeout(() => void attempt(), wait);
    }
  };
  const online = () => {
    clearTimeout(timer);
    void attempt();
  };
  window.addEventListener('online', online);
  void attempt();
  return () => {
    stopped = true;
    clearTimeout(timer);
    window.removeEventListener('online', online);
  };
}
