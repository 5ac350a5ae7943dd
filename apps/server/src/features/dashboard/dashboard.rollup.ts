import { sql, type SQL } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db/db';
import { rowsOf } from '../../platform/db/db';
import { runLocked } from '../../platform/jobs/interval';

// Keeps case_daily_rollups fresh. Each run (one replica at a time: advisory lock) finds the
// Shanghai days touched by cases changed since the last run (cases.updated_at, indexed; every
// funnel action and every creation sets it), deletes those days' rows and recomputes them whole
// from `cases`. The first run builds everything. A look-back margin covers transactions that
// committed late with an earlier updated_at. Readers use the rollup for days before today and
// count today live (dashboard.service.ts), so the widgets never wait for the job.

export const ROLLUP_LOCK = 72_707_070;
const LOOK_BACK = sql`interval '2 minutes'`;
const DAY = (col: SQL) => sql`((${col} + interval '8 hours')::date)`;
/** Rows per town (root/town path), not per grid: a county has ~10 towns but hundreds of grids. */
const TOWN_PATH = sql`coalesce(substring(area_unit_path from '^/[0-9]+/[0-9]+/'), area_unit_path)`;

/** Rows (day, unit, category) → recomputed from cases for the given day ranges. */
function rebuild(exec: Executor, daysFilter: (col: SQL) => SQL) {
  const submitted = sql`submitted_at`;
  const closedAt = sql`closed_at`;
  return exec.execute(sql`insert into case_daily_rollups (day, area_unit_path, nature, category_code, created, created_closed, closed)
    select day, area_unit_path, nature, category_code, sum(created)::int, sum(created_closed)::int, sum(closed)::int from (
      select ${DAY(submitted)} as day, ${TOWN_PATH} as area_unit_path, nature, category_code,
        (state <> 'rejected')::int as created, (state = 'closed')::int as created_closed, 0 as closed
      from cases where ${daysFilter(submitted)}
      union all
      select ${DAY(closedAt)}, ${TOWN_PATH}, nature, category_code, 0, 0, 1
      from cases where state = 'closed' and ${daysFilter(closedAt)}
    ) x group by day, area_unit_path, nature, category_code`);
}

/** Returns the number of days recomputed, or null when another replica holds the lock. */
export async function refreshDashboardRollups(db: Db): Promise<number | null> {
  return runLocked(db, ROLLUP_LOCK, async (tx) => {
    const [state] = rowsOf<{ until: string | null; now: string }>(await tx.execute(sql`select (select refreshed_until from dashboard_rollup_state where id = 1)::text as until, now()::text as now`));
    const now = sql`${state!.now}::timestamptz`;
    let days: number;
    if (state!.until === null) {
      await tx.execute(sql`delete from case_daily_rollups`);
      await rebuild(tx, (col) => sql`${col} is not null`);
      const [n] = rowsOf<{ n: number }>(await tx.execute(sql`select count(distinct day)::int as n from case_daily_rollups`));
      days = n?.n ?? 0;
    } else {
      const since = sql`${state!.until}::timestamptz - ${LOOK_BACK}`;
      const touched = rowsOf<{ day: string }>(await tx.execute(sql`select distinct d::text as day from (
          select ${DAY(sql`submitted_at`)} as d from cases where updated_at >= ${since}
          union select ${DAY(sql`closed_at`)} from cases where updated_at >= ${since} and closed_at is not null
        ) x where d is not null order by 1`)).map((r) => r.day);
      days = touched.length;
      if (days > 0) {
        const list = sql.join(touched.map((d) => sql`${d}::date`), sql`, `);
        await tx.execute(sql`delete from case_daily_rollups where day in (${list})`);
        // A Shanghai day d is [d 00:00+08, d+1 00:00+08): sargable ranges on the indexed columns.
        await rebuild(tx, (col) => sql`(${sql.join(touched.map((d) => sql`(${col} >= ${shanghaiMidnight(d, 0)}::timestamptz and ${col} < ${shanghaiMidnight(d, 1)}::timestamptz)`), sql` or `)})`);
      }
    }
    await tx.execute(sql`insert into dashboard_rollup_state (id, refreshed_until, refreshed_at) values (1, ${now}, clock_timestamp())
      on conflict (id) do update set refreshed_until = excluded.refreshed_until, refreshed_at = excluded.refreshed_at`);
    return days;
  });
}

/** 00:00 in Shanghai of day `day` + `plus` days, as an ISO instant. */
export function shanghaiMidnight(day: string, plus = 0): string {
  const t = Date.parse(`${day}T00:00:00+08:00`) + plus * 86_400_000;
  return new Date(t).toISOString();
}

/** When the rollup last caught up (null: never built; readers then count live). */
export async function rollupWatermark(exec: Executor): Promise<Date | null> {
  const [row] = rowsOf<{ until: string | null }>(await exec.execute(sql`select refreshed_until::text as until from dashboard_rollup_state where id = 1`));
  return row?.until ? new Date(row.until) : null;
}
