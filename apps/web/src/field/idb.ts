// A minimal promise wrapper over IndexedDB: one database, two stores.
//   kv:    cached server data (field data, the county polygons, the signed-in user), local marks
//   queue: operations waiting to be sent (photos as Blobs, visits), in insertion order (auto key)

const DB_NAME = 'cw-field';
const VERSION = 1;
let opening: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  opening ??= new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains('kv')) db.createObjectStore('kv');
      if (!db.objectStoreNames.contains('queue')) db.createObjectStore('queue', { keyPath: 'seq', autoIncrement: true });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  return opening;
}

function run<T>(store: 'kv' | 'queue', mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return open().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const tx = db.transaction(store, mode);
        const req = fn(tx.objectStore(store));
        tx.oncomplete = () => resolve(req.result);
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      }),
  );
}

export const kvGet = <T>(key: string) => run<T | undefined>('kv', 'readonly', (s) => s.get(key) as IDBRequest<T | undefined>);
export const kvSet = (key: string, value: unknown) => run('kv', 'readwrite', (s) => s.put(value, key)).then(() => undefined);
export const kvDelete = (key: string) => run('kv', 'readwrite', (s) => s.delete(key)).then(() => undefined);

export const queueAll = <T>() => run<T[]>('queue', 'readonly', (s) => s.getAll() as IDBRequest<T[]>);
export const queueAdd = (value: unknown) => run('queue', 'readwrite', (s) => s.add(value)).then(() => undefined);
export const queuePut = (value: unknown) => run('queue', 'readwrite', (s) => s.put(value)).then(() => undefined);
export const queueDelete = (seq: number) => run('queue', 'readwrite', (s) => s.delete(seq)).then(() => undefined);

/** Several queue writes in one transaction: all or nothing (a visit and its photos are queued together). */
export function queueAddAll(values: unknown[]): Promise<void> {
  return open().then(
    (db) =>
      new Promise<void>((resolve, reject) => {
        const tx = db.transaction('queue', 'readwrite');
        for (const v of values) tx.objectStore('queue').add(v);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      }),
  );
}
