import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import pg from 'pg';
import * as schema from './schema';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything that runs queries: the database or an open transaction. */
export type Executor = Db | Tx;

export type Database = {
  db: Db;
  engine: 'pglite' | 'postgres';
  close: () => Promise<void>;
};

/** No URL → embedded PGlite in `dataDir/pg` (or in memory for `memory://`); a URL → a pg pool. */
export async function openDatabase(opts: { url: string | null; dataDir: string }): Promise<Database> {
  if (opts.url && !opts.url.startsWith('memory://')) {
    const pool = new pg.Pool({ connectionString: opts.url, max: Number(process.env.PG_POOL_MAX ?? 10) });
    pool.on('error', () => undefined); // idle client errors surface on the next query instead
    const db = drizzlePg({ client: pool, schema }) as unknown as Db;
    return { db, engine: 'postgres', close: () => pool.end() };
  }
  let client: PGlite;
  if (opts.url?.startsWith('memory://')) {
    client = new PGlite();
  } else {
    const dir = path.join(opts.dataDir, 'pg');
    fs.mkdirSync(opts.dataDir, { recursive: true });
    client = new PGlite(dir);
  }
  await client.waitReady;
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return { db, engine: 'pglite', close: () => client.close() };
}

/** Rows of a raw `sql` query, the same shape on both engines. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
