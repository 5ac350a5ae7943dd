import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import pg from 'pg';

// No relational schema: every query names its tables (features' `*.tables.ts`), so the platform's
// database type does not depend on any feature.
export type Schema = Record<string, never>;
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
    if (process.env.PG_PREPARE !== '0') pool.on('connect', nameSelects);
    const db = drizzlePg({ client: pool }) as unknown as Db;
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
  const db = drizzlePglite({ client }) as unknown as Db;
  return { db, engine: 'pglite', close: () => client.close() };
}

/**
 * Reads run as named prepared statements, named by their text: each pooled connection parses a
 * query's shape once and PostgreSQL may keep its plan, instead of parsing and planning every call
 * (for the case list and detail that was most of the database's time per request). The names are
 * bounded: past MAX_NAMED shapes (lists of varying length make new texts) queries run unnamed.
 * Off with PG_PREPARE=0, e.g. behind a pooler in transaction mode that cannot keep statements.
 */
const MAX_NAMED = 1000;
const statementNames = new Map<string, string>();
function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (name === undefined && statementNames.size < MAX_NAMED && text.startsWith('select ')) {
    name = `cw_${createHash('sha1').update(text).digest('base64url')}`;
    statementNames.set(text, name);
  }
  return name;
}
type QueryConfigLike = { text?: unknown; name?: unknown };
function nameSelects(client: pg.PoolClient) {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (config: unknown, ...rest: unknown[]) => {
    const c = config as QueryConfigLike | null;
    if (c && typeof c === 'object' && typeof c.text === 'string' && c.name === undefined) {
      const name = statementName(c.text);
      // drizzle reuses its config objects, so the name goes on a copy.
      if (name) return query({ ...c, name }, ...rest);
    }
    return query(config, ...rest);
  };
}

/** Rows of a raw `sql` query, the same shape on both engines. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
