import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/db';
import { rowsOf } from '../db/db';

// A periodic job for a fleet of replicas sharing one database: every replica ticks, but each run
// happens inside a transaction holding pg_try_advisory_xact_lock(lockKey), so at most one replica
// works at a time and the lock ends with the transaction (no session state in a pool).

export type IntervalJob = { stop: () => Promise<void>; runOnce: () => Promise<number | null> };

export async function runLocked<T>(db: Db, lockKey: number, work: (tx: Tx) => Promise<T>): Promise<T | null> {
  return db.transaction(async (tx) => {
    const [row] = rowsOf<{ locked: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(${lockKey}) as locked`));
    if (!row?.locked) return null;
    return work(tx);
  });
}

export function startIntervalJob(opts: {
  name: string;
  everyMs: number;
  run: () => Promise<number | null>;
  log?: (msg: string, err?: unknown) => void;
}): IntervalJob {
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const tick = () => {
    if (stopped || running) return; // never overlap with ourselves
    running = opts
      .run()
      .catch((err) => opts.log?.(`${opts.name} failed`, err))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, opts.everyMs);
  timer.unref();
  return {
    runOnce: opts.run,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
