import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from './db';
import { SERVER_DIR } from '../paths';

const MIGRATIONS_DIR = path.join(SERVER_DIR, 'migrations');
// Any constant: replicas starting together take turns applying migrations.
const MIGRATION_LOCK = 72_707_001;

type Journal = { entries: { idx: number; tag: string }[] };

/** Applies drizzle-kit's SQL files in journal order, once each, in one transaction under a lock. */
export async function migrate(db: Db, dir = MIGRATIONS_DIR): Promise<string[]> {
  const journal = JSON.parse(fs.readFileSync(path.join(dir, 'meta/_journal.json'), 'utf8')) as Journal;
  const applied: string[] = [];
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await tx.execute(sql`create table if not exists schema_migrations (
      tag text primary key, applied_at timestamptz not null default now())`);
    const done = new Set(rowsOf<{ tag: string }>(await tx.execute(sql`select tag from schema_migrations`)).map((r) => r.tag));
    for (const entry of [...journal.entries].sort((a, b) => a.idx - b.idx)) {
      if (done.has(entry.tag)) continue;
      const text = fs.readFileSync(path.join(dir, `${entry.tag}.sql`), 'utf8');
      for (const statement of text.split('--> statement-breakpoint')) {
        if (statement.trim()) await tx.execute(sql.raw(statement));
      }
      await tx.execute(sql`insert into schema_migrations (tag) values (${entry.tag})`);
      applied.push(entry.tag);
    }
  });
  return applied;
}
