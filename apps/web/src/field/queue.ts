import type { SyncResult } from '@chuangwen/domain/inspections/inspection.schemas';
import { FieldApiError, request } from './api';
import { kvDelete, kvGet, kvSet, queueAddAll, queueAll, queueDelete, queuePut } from './idb';

// The offline queue. Everything the inspector records is first written to IndexedDB with its own
// idempotency key (made here, once), then sent in order when the network allows: photos first
// (POST /api/inspections/photos, Idempotency-Key), then the visit (POST /api/inspections/sync),
// whose failures carry their case keys. A lost response is simply retried with the same keys, and
// the server answers "duplicate" with the stored result — nothing is lost, nothing doubles.
// Retries back off exponentially (2 s … 60 s); a 4xx answer is permanent and shown to the user.

export type QueuedPhoto = { seq?: number; kind: 'photo'; key: string; blob: Blob; name: string; attempts: number; nextAt: number; error: string | null };
export type QueuedCheck = { checklistItemId: number; result: 'pass' | 'fail' | 'severeFail'; note: string | null; photoKeys: string[]; caseKey: string | null };
export type QueuedVisit = {
  seq?: number;
  kind: 'visit';
  key: string;
  assignmentId: number;
  siteName: string;
  at: string;
  checks: QueuedCheck[];
  attempts: number;
  nextAt: number;
  error: string | null;
};
export type QueuedOp = QueuedPhoto | QueuedVisit;

export type QueueState = {
  pending: number;
  failed: QueuedOp[];
  syncing: boolean;
  unauthenticated: boolean;
  queuedAssignments: number[];
  lastCaseCount: number;
};

let state: QueueState = { pending: 0, failed: [], syncing: false, unauthenticated: false, queuedAssignments: [], lastCaseCount: 0 };
const listeners = new Set<() => void>();
const set = (patch: Partial<QueueState>) => {
  state = { ...state, ...patch };
  listeners.forEach((l) => l());
};
export const queueState = () => state;
export const subscribeQueue = (l: () => void) => {
  listeners.add(l);
  return () => {
    listeners.delete(l);
  };
};

/** Called after a visit was applied on the server (the page reloads its data). */
let onSynced: () => void = () => undefined;
export const setOnSynced = (fn: () => void) => {
  onSynced = fn;
};

export function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

async function refreshCounts() {
  const all = await queueAll<QueuedOp>();
  set({
    pending: all.filter((o) => !o.error).length,
    failed: all.filter((o) => o.error),
    queuedAssignments: all.flatMap((o) => (o.kind === 'visit' ? [o.assignmentId] : [])),
  });
}

/** Queues a visit and its photos in one IndexedDB transaction, then tries to send. */
export async function enqueueVisit(
  visit: Omit<QueuedVisit, 'kind' | 'key' | 'attempts' | 'nextAt' | 'error'>,
  photos: { key: string; blob: Blob; name: string }[],
) {
  const ops: QueuedOp[] = [
    ...photos.map((p) => ({ kind: 'photo' as const, key: p.key, blob: p.blob, name: p.name, attempts: 0, nextAt: 0, error: null })),
    { ...visit, kind: 'visit', key: newKey(), attempts: 0, nextAt: 0, error: null },
  ];
  await queueAddAll(ops);
  await refreshCounts();
  void processQueue();
}

export async function dismissFailed(seq: number) {
  await queueDelete(seq);
  await refreshCounts();
}

const backoff = (attempts: number) => Math.min(60_000, 1000 * 2 ** Math.min(attempts, 6));

let running: Promise<void> | null = null;

/** Sends what is due, in order; one run at a time. */
export function processQueue(): Promise<void> {
  running ??= run().finally(() => {
    running = null;
  });
  return running;
}

async function run() {
  await refreshCounts();
  const all = (await queueAll<QueuedOp>()).filter((o) => !o.error);
  if (!all.length) return;
  set({ syncing: true });
  let synced = false;
  try {
    for (const op of all) {
      if (op.nextAt > Date.now()) break; // keep the order: later ops wait for this one
      try {
        if (op.kind === 'photo') {
          const form = new FormData();
          form.append('file', op.blob, op.name);
          const res = await request<{ fileId: string }>('POST', '/api/inspections/photos', form, { 'Idempotency-Key': op.key });
          await kvSet(`photo:${op.key}`, res.fileId);
          await queueDelete(op.seq!);
        } else {
          const photoIds = new Map<string, string>();
          for (const key of op.checks.flatMap((c) => c.photoKeys)) {
            const id = await kvGet<string>(`photo:${key}`);
            if (!id) throw new FieldApiError(0, 'photo_pending', 'photo_pending');
            photoIds.set(key, id);
          }
          const body = {
            ops: [
              {
                key: op.key,
                kind: 'visit',
                assignmentId: op.assignmentId,
                at: op.at,
                checks: op.checks.map((c) => ({
                  checklistItemId: c.checklistItemId,
                  result: c.result,
                  note: c.note,
                  caseKey: c.caseKey,
                  photoIds: c.photoKeys.map((k) => photoIds.get(k)!),
                })),
              },
            ],
          };
          const res = await request<SyncResult>('POST', '/api/inspections/sync', body);
          const r = res.results[0]!;
          if (r.status === 'error') {
            await queuePut({ ...op, error: r.error?.message ?? 'error' });
          } else {
            await queueDelete(op.seq!);
            for (const key of photoIds.keys()) await kvDelete(`photo:${key}`);
            set({ lastCaseCount: state.lastCaseCount + r.caseIds.length });
            synced = true;
          }
        }
        set({ unauthenticated: false });
      } catch (err) {
        const e = err instanceof FieldApiError ? err : new FieldApiError(0, 'network', String(err));
        if (e.status === 401) {
          set({ unauthenticated: true });
          break;
        }
        if (e.retryable || e.code === 'csrf_failed') {
          // Offline or a server hiccup: try again later, in order.
          await queuePut({ ...op, attempts: op.attempts + 1, nextAt: Date.now() + backoff(op.attempts + 1) });
          break;
        }
        await queuePut({ ...op, error: e.message });
      }
      await refreshCounts();
    }
  } finally {
    set({ syncing: false });
    await refreshCounts();
    if (synced) onSynced();
  }
}

/** Sends now, ignoring the back-off (the "sync now" button, the browser coming online). */
export async function retryNow() {
  const all = await queueAll<QueuedOp>();
  for (const op of all) if (!op.error && op.nextAt > 0) await queuePut({ ...op, nextAt: 0 });
  return processQueue();
}

export function startQueue() {
  window.addEventListener('online', () => void retryNow());
  setInterval(() => {
    if (state.pending > 0 && navigator.onLine) void processQueue();
  }, 3000);
  void processQueue();
}
