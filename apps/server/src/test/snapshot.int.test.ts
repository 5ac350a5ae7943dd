import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../platform/config';
import { openDatabase, rowsOf, type Database, type Db } from '../platform/db/db';
import { prepareDatabase } from '../app';
import { memoryStore } from '../platform/storage/storage';
import { createTestApp, type TestApp } from './harness';
import { snapshotDir } from './snapshot';

// Every file's database is a copy of the run's snapshot: it must hold exactly what a fresh
// prepareDatabase gives (tables, rows, demo photos), and copies must not share anything.
async function rowCounts(db: Db) {
  const tables = rowsOf<{ name: string }>(
    await db.execute(sql`
    select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`),
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    counts[name] = Number(rowsOf<{ n: number }>(await db.execute(sql.raw(`select count(*)::int as n from "${name}"`)))[0]!.n);
  }
  return counts;
}

let a: TestApp;
let b: TestApp;
let fresh: Database;
const freshStore = memoryStore();
beforeAll(async () => {
  a = await createTestApp({}, { demoCases: true }); // the variant with photos
  b = await createTestApp({}, { demoCases: true });
  // The reference: built the old way, in memory (row counts do not depend on the engine).
  fresh = await openDatabase({ url: 'memory://', dataDir: '' });
  await prepareDatabase(fresh, { ...loadConfig({ NODE_ENV: 'test' }), webDist: null }, { demo: true, demoCases: true, store: freshStore });
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await fresh?.close();
});

describe('per-file databases from the run snapshot', () => {
  it('is on under vitest', () => {
    expect(snapshotDir()).toBeTruthy();
  });

  it('holds the same tables and rows as a freshly prepared database', async () => {
    const expected = await rowCounts(fresh.db);
    expect(expected.units).toBeGreaterThan(20);
    expect(await rowCounts(a.database.db)).toEqual(expected);
  });

  it('carries the demo photos the seed stored', async () => {
    const keysOf = async (db: Db) => rowsOf<{ key: string }>(await db.execute(sql`select storage_key as key from files`)).map((r) => r.key);
    const keys = await keysOf(a.database.db);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.length).toBe((await keysOf(fresh.db)).length);
    for (const key of keys) expect((await a.store.get(key))?.length).toBeGreaterThan(0);
    // The seed's photos are generated: the copies hold the same bytes the fresh seed made.
    const sizes = async (db: Db, get: (k: string) => Promise<Buffer | null>) =>
      (await Promise.all((await keysOf(db)).map(async (k) => (await get(k))!.length))).sort();
    expect(await sizes(a.database.db, a.store.get)).toEqual(await sizes(fresh.db, freshStore.get));
  });

  it('gives each file its own copy', async () => {
    await a.database.db.execute(sql`update units set name = 'only in a' where id = 1`);
    const seen = rowsOf<{ name: string }>(await b.database.db.execute(sql`select name from units where id = 1`))[0]!.name;
    expect(seen).not.toBe('only in a');
  });
});
