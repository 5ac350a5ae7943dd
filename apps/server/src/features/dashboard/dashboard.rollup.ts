import { sql, type SQL } from 'drizzle-orm';
import {
  addUnitMetricCounts,
  countAssignment,
  emptyUnitMetricCounts,
  UNIT_METRIC_COUNT_KEYS,
  type CaseAssignmentSummary,
  type UnitMetricCounts,
} from '@chuangwen/domain/cases/case.metrics';
import type { WorkingCalendar } from '@chuangwen/domain/calendar/working-calendar';
import type { Db, Executor, Tx } from '../../platform/db/db';
import { rowsOf } from '../../platform/db/db';
import { runLocked } from '../../platform/jobs/interval';
import { loadCalendarWithKey } from '../calendar/calendar.service';
import { OPEN_STATES } from '@chuangwen/domain/cases/case.workflow';
import { caseAssignments, problemFoundSql } from '../cases/case.tables';

// Keeps case_daily_rollups fresh. Each run (one replica at a time: advisory lock) finds the
// Shanghai days touched by cases changed since the last run (cases.updated_at, indexed; every
// funnel action and every creation sets it), deletes those days' rows and recomputes them whole
// from `cases`. The first run builds everything. A look-back margin covers transactions that
// committed late with an earlier updated_at. Readers use the rollup for days before today and
// count today live (dashboard.service.ts), so the widgets never wait for the job.
//
// The same run keeps unit_metric_rollups (the unit metrics' additive parts per dispatch day × unit,
// see dashboard.tables.ts) and case_open_counts (open / overdue per town, with the case_events id
// it is exact up to) fresh.

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
        (${problemFoundSql(sql`state`)})::int as created, (state = 'closed')::int as created_closed, 0 as closed
      from cases where ${daysFilter(submitted)}
      union all
      select ${DAY(closedAt)}, ${TOWN_PATH}, nature, category_code, 0, 0, 1
      from cases where state = 'closed' and ${daysFilter(closedAt)}
    ) x group by day, area_unit_path, nature, category_code`);
}

/** Returns the number of days recomputed, or null when another replica holds the lock. */
export async function refreshDashboardRollups(db: Db): Promise<number | null> {
  return runLocked(db, ROLLUP_LOCK, async (tx) => {
    const [state] = rowsOf<{ until: string | null; eventsUntil: string | null; calendarKey: string | null; now: string }>(
      await tx.execute(sql`select
        (select refreshed_until from dashboard_rollup_state where id = 1)::text as until,
        (select events_until from dashboard_rollup_state where id = 1)::text as "eventsUntil",
        (select calendar_key from dashboard_rollup_state where id = 1) as "calendarKey",
        now()::text as now`),
    );
    const now = sql`${state!.now}::timestamptz`;
    // Handling times depend on the working calendar: an edited calendar rebuilds the unit metrics.
    const { calendar, key: calendarKey } = await loadCalendarWithKey(tx);
    let days: number;
    if (state!.until === null) {
      await tx.execute(sql`delete from case_daily_rollups`);
      await rebuild(tx, (col) => sql`${col} is not null`);
      const [n] = rowsOf<{ n: number }>(await tx.execute(sql`select count(distinct day)::int as n from case_daily_rollups`));
      days = n?.n ?? 0;
      await tx.execute(sql`analyze case_daily_rollups`);
      await rebuildAllUnitMetrics(tx, calendar);
    } else {
      const since = sql`${state!.until}::timestamptz - ${LOOK_BACK}`;
      const touched = rowsOf<{ day: string }>(
        await tx.execute(sql`select distinct d::text as day from (
          select ${DAY(sql`submitted_at`)} as d from cases where updated_at >= ${since}
          union select ${DAY(sql`closed_at`)} from cases where updated_at >= ${since} and closed_at is not null
        ) x where d is not null order by 1`),
      ).map((r) => r.day);
      days = touched.length;
      if (days > 0) {
        const list = sql.join(
          touched.map((d) => sql`${d}::date`),
          sql`, `,
        );
        await tx.execute(sql`delete from case_daily_rollups where day in (${list})`);
        // A Shanghai day d is [d 00:00+08, d+1 00:00+08): sargable ranges on the indexed columns.
        await rebuild(
          tx,
          (col) =>
            sql`(${sql.join(
              touched.map((d) => sql`(${col} >= ${shanghaiMidnight(d, 0)}::timestamptz and ${col} < ${shanghaiMidnight(d, 1)}::timestamptz)`),
              sql` or `,
            )})`,
        );
      }
      if (state!.calendarKey !== calendarKey) await rebuildAllUnitMetrics(tx, calendar);
      else await refreshUnitMetrics(tx, calendar, since);
    }
    const eventsUntil = await refreshOpenCounts(tx, state!.until === null || days > 0 ? null : state!.eventsUntil);
    await tx.execute(sql`insert into dashboard_rollup_state (id, refreshed_until, refreshed_at, events_until, calendar_key)
      values (1, ${now}, clock_timestamp(), ${eventsUntil}, ${calendarKey})
      on conflict (id) do update set refreshed_until = excluded.refreshed_until, refreshed_at = excluded.refreshed_at,
        events_until = excluded.events_until, calendar_key = excluded.calendar_key`);
    return days;
  });
}

// ── open and overdue cases now ───────────────────────────────────────────────────────────────

const OPEN_LIST = sql.raw(`(${OPEN_STATES.map((s) => `'${s}'`).join(', ')})`);

/**
 * Recounts open / overdue cases per town when any case changed since `eventsUntil` (every state
 * change and every overdue mark appends a case_events row; null = recount). Counts and the
 * events id come from one statement, hence one snapshot: readers add the events after that id.
 */
async function refreshOpenCounts(tx: Tx, eventsUntil: string | null): Promise<string> {
  if (eventsUntil !== null) {
    const [m] = rowsOf<{ id: string }>(await tx.execute(sql`select coalesce(max(id), 0)::text as id from case_events`));
    if (m!.id === eventsUntil) return eventsUntil;
  }
  await tx.execute(sql`delete from case_open_counts`);
  const [row] = rowsOf<{ id: string }>(
    await tx.execute(sql`with m as (select coalesce(max(id), 0) as id from case_events),
      ins as (insert into case_open_counts (area_unit_path, open, overdue)
        select ${TOWN_PATH}, count(*)::int, count(*) filter (where is_overdue)::int from cases where state in ${OPEN_LIST} group by 1 returning 1)
    select (select id from m)::text as id, (select count(*) from ins) as n`),
  );
  return row!.id;
}

// ── unit metrics ─────────────────────────────────────────────────────────────────────────────

const DAY_MS = 86_400_000;
const SHANGHAI_MS = 8 * 3_600_000;
/** The first Shanghai midnight at or after t (an outcome stamped t counts as of it). */
const midnightAtOrAfter = (t: number) => Math.ceil((t + SHANGHAI_MS) / DAY_MS) * DAY_MS - SHANGHAI_MS;
/** The first Shanghai midnight after t (a deadline t has passed as of it). */
const midnightAfter = (t: number) => Math.floor((t + SHANGHAI_MS) / DAY_MS) * DAY_MS + DAY_MS - SHANGHAI_MS;
const dayOfMidnight = (t: number) => new Date(t + SHANGHAI_MS).toISOString().slice(0, 10);

export type AssignmentRow = CaseAssignmentSummary & { unitId: number; unitPath: string };
type MetricRow = UnitMetricCounts & { unitId: number; unitPath: string; dispatchDay: string; asOfDay: string };

/**
 * One assignment's rows: its outcome as of the first midnight after its dispatch, then the change
 * at each later midnight where it changes. Between those midnights nothing it is judged by moves,
 * so for any period of whole days the sum of rows with asOfDay ≤ the period's end is exactly what
 * countAssignment gives as of that end.
 */
function addAssignmentRows(rows: Map<string, MetricRow>, a: AssignmentRow, calendar: WorkingCalendar) {
  const base = midnightAfter(a.dispatchedAt.getTime());
  const marks = new Set<number>([base]);
  for (const t of [a.returnedAt, a.closedAt, a.rectifiedAt]) if (t) marks.add(Math.max(base, midnightAtOrAfter(t.getTime())));
  if (a.deadlineAt) marks.add(Math.max(base, midnightAfter(a.deadlineAt.getTime())));
  const dispatchDay = dayOfMidnight(base - DAY_MS);
  let before = emptyUnitMetricCounts();
  for (const at of [...marks].sort((x, y) => x - y)) {
    const now = countAssignment(emptyUnitMetricCounts(), a, at, calendar);
    const delta = addUnitMetricCounts({ ...now }, before, -1);
    before = now;
    if (at !== base && UNIT_METRIC_COUNT_KEYS.every((k) => delta[k] === 0)) continue;
    const asOfDay = dayOfMidnight(at);
    const key = `${a.unitId}|${a.unitPath}|${dispatchDay}|${asOfDay}`;
    const row = rows.get(key);
    if (row) addUnitMetricCounts(row, delta);
    else rows.set(key, { unitId: a.unitId, unitPath: a.unitPath, dispatchDay, asOfDay, ...delta });
  }
}

/** Assignments as the live metrics read them (case.repo.ts), with the unit's path. */
export const selectAssignments = (exec: Executor, where: SQL): Promise<(AssignmentRow & { id: number })[]> =>
  exec
    .select({
      id: caseAssignments.id,
      unitId: caseAssignments.unitId,
      unitPath: caseAssignments.unitPath,
      dispatchedAt: caseAssignments.dispatchedAt,
      deadlineAt: caseAssignments.deadlineAt,
      rectifiedAt: caseAssignments.rectifiedAt,
      closedAt: caseAssignments.closedAt,
      returnedAt: caseAssignments.returnedAt,
      isParked: caseAssignments.isParked,
      reworkCount: caseAssignments.reworkCount,
    })
    .from(caseAssignments)
    .where(where);

async function insertMetricRows(tx: Tx, rows: Map<string, MetricRow>) {
  const all = [...rows.values()];
  for (let i = 0; i < all.length; i += 1000) {
    const values = all.slice(i, i + 1000).map(
      (r) => sql`(${r.dispatchDay}::date, ${r.unitId}, ${r.unitPath}, ${r.asOfDay}::date, ${r.dispatched}, ${r.returned}, ${r.parked},
      ${r.closed}, ${r.closedOnTime}, ${r.overdue}, ${r.reachedVerification}, ${r.reworked}, ${r.handlingMs})`,
    );
    await tx.execute(sql`insert into unit_metric_rollups (dispatch_day, unit_id, unit_path, as_of_day, dispatched, returned, parked,
      closed, closed_on_time, overdue, reached_verification, reworked, handling_ms) values ${sql.join(values, sql`, `)}`);
  }
}

/** Everything, a month of dispatches at a time (bounded memory). */
async function rebuildAllUnitMetrics(tx: Tx, calendar: WorkingCalendar) {
  await tx.execute(sql`delete from unit_metric_rollups`);
  const [range] = rowsOf<{ min: string | null; max: string | null }>(
    await tx.execute(sql`select min(dispatched_at)::text as min, max(dispatched_at)::text as max from case_assignments`),
  );
  if (!range?.min || !range.max) return;
  const end = new Date(range.max).getTime();
  // Chunks end on Shanghai midnights so that no (day, unit) is split between two chunks.
  for (let from = midnightAfter(new Date(range.min).getTime()) - DAY_MS; from <= end; from += 30 * DAY_MS) {
    const to = from + 30 * DAY_MS;
    const list = await selectAssignments(
      tx,
      sql`${caseAssignments.dispatchedAt} >= ${new Date(from).toISOString()}::timestamptz and ${caseAssignments.dispatchedAt} < ${new Date(to).toISOString()}::timestamptz`,
    );
    const rows = new Map<string, MetricRow>();
    for (const a of list) addAssignmentRows(rows, a, calendar);
    await insertMetricRows(tx, rows);
  }
  await tx.execute(sql`delete from unit_metric_month_rollups`);
  await rollUpMonths(tx, sql`true`);
  // Fresh tables: the planner needs their statistics to aggregate them well.
  await tx.execute(sql`analyze unit_metric_rollups`);
  await tx.execute(sql`analyze unit_metric_month_rollups`);
}

/** Month rows from the day rows matching `where` (whole unit-months). */
function rollUpMonths(tx: Tx, where: SQL) {
  const sums = sql.raw(COUNT_COLUMNS.map((c) => `sum(${c})`).join(', '));
  return tx.execute(sql`insert into unit_metric_month_rollups (dispatch_month, unit_id, unit_path, as_of_day, ${sql.raw(COUNT_COLUMNS.join(', '))})
    select month, unit_id, unit_path, greatest(as_of_day, (month + interval '1 month')::date), ${sums}
    from (select date_trunc('month', dispatch_day)::date as month, * from unit_metric_rollups where ${where}) d
    group by month, unit_id, unit_path, greatest(as_of_day, (month + interval '1 month')::date)`);
}

const COUNT_COLUMNS = ['dispatched', 'returned', 'parked', 'closed', 'closed_on_time', 'overdue', 'reached_verification', 'reworked', 'handling_ms'];

/** The (dispatch day, unit) pairs of assignments whose case changed since `since`, recomputed whole. */
async function refreshUnitMetrics(tx: Tx, calendar: WorkingCalendar, since: SQL) {
  const pairs = rowsOf<{ unitId: number; day: string }>(
    await tx.execute(sql`select distinct a.unit_id as "unitId", ${DAY(sql`a.dispatched_at`)}::text as day
    from case_assignments a join cases c on c.id = a.case_id where c.updated_at >= ${since}`),
  );
  for (let i = 0; i < pairs.length; i += 200) {
    const chunk = pairs.slice(i, i + 200);
    const days = sql.join(
      chunk.map((p) => sql`(${p.unitId}::int, ${p.day}::date)`),
      sql`, `,
    );
    await tx.execute(sql`delete from unit_metric_rollups where (unit_id, dispatch_day) in (${days})`);
    // Sargable: each pair is a unit and a [00:00, 24:00) Shanghai range on the (unit_id, dispatched_at) index.
    const ranges = sql.join(
      chunk.map(
        (p) => sql`(${caseAssignments.unitId} = ${p.unitId} and ${caseAssignments.dispatchedAt} >= ${shanghaiMidnight(p.day, 0)}::timestamptz
      and ${caseAssignments.dispatchedAt} < ${shanghaiMidnight(p.day, 1)}::timestamptz)`,
      ),
      sql` or `,
    );
    const list = await selectAssignments(tx, sql`(${ranges})`);
    const rows = new Map<string, MetricRow>();
    for (const a of list) addAssignmentRows(rows, a, calendar);
    await insertMetricRows(tx, rows);
  }
  const months = [...new Set(pairs.map((p) => `${p.unitId}|${p.day.slice(0, 7)}-01`))].map((k) => k.split('|') as [string, string]);
  for (let i = 0; i < months.length; i += 200) {
    const chunk = months.slice(i, i + 200);
    await tx.execute(
      sql`delete from unit_metric_month_rollups where (unit_id, dispatch_month) in (${sql.join(
        chunk.map(([u, m]) => sql`(${Number(u)}::int, ${m}::date)`),
        sql`, `,
      )})`,
    );
    await rollUpMonths(
      tx,
      sql`(${sql.join(
        chunk.map(([u, m]) => sql`(unit_id = ${Number(u)} and dispatch_day >= ${m}::date and dispatch_day < (${m}::date + interval '1 month')::date)`),
        sql` or `,
      )})`,
    );
  }
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

const built = new WeakMap<object, number>();

/**
 * Whether the rollups have been built (readers count live until then). Once built they stay built
 * (a rebuild replaces rows in one transaction), so a yes is remembered for a few seconds: one
 * query less per widget.
 */
export async function rollupBuilt(db: Db): Promise<boolean> {
  const at = built.get(db);
  if (at !== undefined && Date.now() - at < 5_000) return true;
  const ok = (await rollupWatermark(db)) !== null;
  if (ok) built.set(db, Date.now());
  else built.delete(db);
  return ok;
}
