import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config';

/** Where file bytes live. Local folder by default; an S3-compatible store plugs in behind this. */
export type BlobStore = {
  put(key: string, data: Buffer, contentType: string): Promise<void>;
  get(key: string): Promise<Buffer | null>;
  delete(key: string): Promise<void>;
};

export function localStore(root: string): BlobStore {
  const full = (key: string) => {
    const p = path.resolve(root, key);
    if (!p.startsWith(path.resolve(root) + path.sep)) throw new Error(`bad storage key ${key}`);
    return p;
  };
  return {
    async put(key, data) {
      const target = full(key);
      await fs.mkdir(path.dirname(target), { recursive: true });
      // Write then rename: a crash never leaves a half-written file under the final name.
      const tmp = `${target}.${process.pid}.tmp`;
      await fs.writeFile(tmp, data);
      await fs.rename(tmp, target);
    },
    async get(key) {
      try {
        return await fs.readFile(full(key));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
    async delete(key) {
      await fs.rm(full(key), { force: true });
    },
  };
}

/** In-memory store for tests that must not touch the disk. */
export function memoryStore(): BlobStore {
  const blobs = new Map<string, Buffer>();
  return {
    async put(key, data) {
      blobs.set(key, data);
    },
    async get(key) {
      return blobs.get(key) ?? null;
    },
    async delete(key) {
      blobs.delete(key);
    },
  };
}

/** The configured store: files under DATA_DIR/files (an S3-compatible store would plug in here). */
export function createStore(config: Config): BlobStore {
  return localStore(path.join(config.dataDir, 'files'));
}
