import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import pg from 'pg';
import type { Config } from '../platform/config';
import { openDatabase, type Database, type Db } from '../platform/db/db';
import { prepareDatabase } from '../app';
import { memoryStore, type BlobStore } from '../platform/storage/storage';

/**
 * Migrated and seeded databases, made once per `vitest run` and cloned by every test file.
 *
 * Creating PGlite (initdb), applying the migrations and seeding the demo county cost 3–10 s per
 * file on an idle 2-core machine and several times that under load; loading a PGlite data-dir
 * dump costs ~0.5 s, and `CREATE DATABASE … TEMPLATE` on PostgreSQL about as little. The first file
 * that needs a variant builds it (under a lock, so parallel workers build it once); the global
 * setup (snapshot.setup.ts) names the run's folder and removes it, and its template databases, at the end.
 */
export type Variant = 'demo' | 'demo-cases';

type StoredBlob = { key: string; contentType: string; data: string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The run's snapshot folder from the global setup, or null (then every file builds its own database). */
export function snapshotDir(): string | null {
  return process.env.CW_TEST_SNAPSHOT_DIR || null;
}

export const templateName = (dir: string, variant: Variant) =>
  `cw_tpl_${path
    .basename(dir)
    .replace(/[^a-z0-9]/gi, '')
    .toLowerCase()}_${variant.replace('-', '_')}`;

/** Runs `build` once across workers: the first to take the lock builds, the others wait for `done`. */
async function once(dir: string, variant: Variant, build: () => Promise<void>) {
  const done = path.join(dir, `${variant}.done`);
  const lock = path.join(dir, `${variant}.lock`);
  for (;;) {
    if (fs.existsSync(done)) return;
    try {
      fs.mkdirSync(lock); // atomic: exactly one worker gets it
    } catch {
      await sleep(100);
      continue;
    }
    try {
      if (!fs.existsSync(done)) {
        await build();
        fs.writeFileSync(done, '');
      }
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
    return;
  }
}

/** A store that remembers what the seed put in it, so clones get the same demo photos. */
function recordingStore(): { store: BlobStore; blobs: StoredBlob[] } {
  const inner = memoryStore();
  const blobs: StoredBlob[] = [];
  return {
    blobs,
    store: {
      async put(key, data, contentType) {
        blobs.push({ key, contentType, data: data.toString('base64') });
        await inner.put(key, data, contentType);
      },
      get: (key) => inner.get(key),
      delete: (key) => inner.delete(key),
    },
  };
}

async function restoreBlobs(dir: string, variant: Variant, store: BlobStore) {
  const blobs = JSON.parse(fs.readFileSync(path.join(dir, `${variant}.blobs.json`), 'utf8')) as StoredBlob[];
  for (const b of blobs) await store.put(b.key, Buffer.from(b.data, 'base64'), b.contentType);
}

async function seed(database: Database, config: Config, variant: Variant, dir: string) {
  const { store, blobs } = recordingStore();
  await prepareDatabase(database, config, { demo: true, demoCases: variant === 'demo-cases', store });
  fs.writeFileSync(path.join(dir, `${variant}.blobs.json`), JSON.stringify(blobs));
}

/** A PGlite in memory holding the variant's migrated, seeded database. */
export async function clonePglite(dir: string, variant: Variant, config: Config, store: BlobStore): Promise<Database> {
  const tar = path.join(dir, `${variant}.tar`);
  await once(dir, variant, async () => {
    const database = await openDatabase({ url: 'memory://', dataDir: '' });
    try {
      await seed(database, config, variant, dir);
      const client = (database.db as unknown as { $client: PGlite }).$client;
      const dump = await client.dumpDataDir('none');
      const tmp = `${tar}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
      fs.renameSync(tmp, tar);
    } finally {
      await database.close();
    }
  });
  const client = new PGlite({ loadDataDir: new Blob([fs.readFileSync(tar)]) });
  await client.waitReady;
  await restoreBlobs(dir, variant, store);
  const db = drizzle({ client }) as unknown as Db;
  return { db, engine: 'pglite', close: () => client.close() };
}

/** A new PostgreSQL database copied from the variant's template; returns its name. */
export async function clonePostgres(adminUrl: string, dir: string, variant: Variant, config: Config, store: BlobStore, name: string) {
  const template = templateName(dir, variant);
  await once(dir, variant, async () => {
    await withAdmin(adminUrl, (c) => c.query(`drop database if exists ${template} with (force)`));
    await withAdmin(adminUrl, (c) => c.query(`create database ${template}`));
    const database = await openDatabase({ url: withDatabase(adminUrl, template), dataDir: '' });
    try {
      await seed(database, config, variant, dir);
    } finally {
      await database.close(); // a template must have no open connections to be copied
    }
  });
  // Two copies started at the same instant may see each other on the template: retry briefly.
  for (let attempt = 0; ; attempt++) {
    try {
      await withAdmin(adminUrl, (c) => c.query(`create database ${name} template ${template}`));
      break;
    } catch (err) {
      if (attempt >= 50 || !/being accessed by other users/.test(String(err))) throw err;
      await sleep(100 + Math.random() * 200);
    }
  }
  await restoreBlobs(dir, variant, store);
}

export const testDatabaseName = () => `cw_test_${process.pid}_${randomBytes(4).toString('hex')}`;

export function withDatabase(url: string, name: string) {
  const target = new URL(url);
  target.pathname = `/${name}`;
  return target.toString();
}

export async function withAdmin(url: string, fn: (c: pg.Client) => Promise<unknown>) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}
