import { and, gte, lt, sql } from 'drizzle-orm';
import { addUnitMetricCounts, countAssignment, emptyUnitMetricCounts, type UnitMetricCounts } from '@chuangwen/domain/cases/case.metrics';
import type { UnitKind } from '@chuangwen/domain/units/unit.kinds';
import { rowsOf, type Db } from '../../platform/db/db';
import type { Actor } from '../../platform/auth/actor';
import { inScope } from '../../platform/auth/policy';
import { loadCalendar } from '../calendar/calendar.service';
import { caseAssignments } from '../cases/case.tables';
import { loadReference } from '../cases/case.reference';
import { unitMetrics, unitMetricsResult } from '../cases/case.service';
import { unitMetricMonthRollups, unitMetricRollups } from './dashboard.tables';
import { rollupBuilt, selectAssignments } from './dashboard.rollup';

// Unit metrics for the dashboard (KPIs, red and black lists) from unit_metric_rollups: the same
// answer as the live unitMetrics (case.service.ts), fed to the same domain functions, without
// reading a period's assignments one by one.
// A period of whole Shanghai days [from, to) is judged as of min(to, now):
//  - ended (to ≤ today 00:00): the rows of dispatch days in [from, to) with asOfDay ≤ to;
//  - running (to > now): the rows of dispatch days in [from, tomorrow) with asOfDay ≤ tomorrow, i.e.
//    the outcome as of tomorrow 00:00, less what changes between now and then. Closures, fixes and
//    returns are stamped when they happen (≤ now), so only deadlines falling in [now, tomorrow)
//    differ: those few assignments are taken back to now with countAssignment.
// The rollup is as fresh as its job (≤ 60 s). Other periods, or before the rollup's first build,
// are counted live.

const DAY_MS = 86_400_000;
const SHANGHAI_MS = 8 * 3_600_000;
const startOfShanghaiDay = (t: number) => Math.floor((t + SHANGHAI_MS) / DAY_MS) * DAY_MS - SHANGHAI_MS;
const dayKey = (t: number) => new Date(t + SHANGHAI_MS).toISOString().slice(0, 10);

export type UnitMetricsQuery = { from: Date; to: Date; kind?: UnitKind; unitId?: number; top: number };

export async function dashboardUnitMetrics(db: Db, actor: Actor, q: UnitMetricsQuery, now = new Date()) {
  const from = q.from.getTime();
  const to = q.to.getTime();
  const wholeDays = startOfShanghaiDay(from) === from && startOfShanghaiDay(to) === to && to > from;
  if (!wholeDays || !(await rollupBuilt(db))) return unitMetrics(db, actor, q, now);

  const tomorrow = startOfShanghaiDay(now.getTime()) + DAY_MS;
  const running = to > now.getTime();
  const end = Math.min(to, tomorrow);
  const asOf = Math.min(to, now.getTime());
  const unitFilter = q.unitId ? sql` and ${caseAssignments.unitId} = ${q.unitId}` : sql``;
  const [ref, calendar, rows, pending] = await Promise.all([
    loadReference(db),
    loadCalendar(db),
    from < end ? rolledCounts(db, actor, dayKey(from), dayKey(end), q.unitId) : Promise.resolve([]),
    running && from < end
      ? selectAssignments(
          db,
          sql`${and(inScope(actor, 'case.view', caseAssignments.unitPath), gte(caseAssignments.dispatchedAt, q.from), lt(caseAssignments.dispatchedAt, new Date(end)))}${unitFilter}
        and ${caseAssignments.deadlineAt} >= ${now.toISOString()}::timestamptz and ${caseAssignments.deadlineAt} < ${new Date(tomorrow).toISOString()}::timestamptz`,
        )
      : Promise.resolve([]),
  ]);
  const byUnit = new Map<number, UnitMetricCounts>();
  const countsOf = (unitId: number) => {
    let c = byUnit.get(unitId);
    if (!c) byUnit.set(unitId, (c = emptyUnitMetricCounts()));
    return c;
  };
  for (const { unitId, ...c } of rows) addUnitMetricCounts(countsOf(unitId), { ...c, handlingMs: Number(c.handlingMs) });
  for (const a of pending) {
    const c = countsOf(a.unitId);
    addUnitMetricCounts(c, countAssignment(emptyUnitMetricCounts(), a, tomorrow, calendar), -1);
    countAssignment(c, a, asOf, calendar);
  }
  return unitMetricsResult(ref, byUnit, q, new Date(asOf));
}

const SUMS = sql.raw(['dispatched', 'returned', 'parked', 'closed', 'closed_on_time', 'overdue', 'reached_verification', 'reworked', 'handling_ms'].join(', '));

/**
 * Summed rollup rows of dispatch days [fromDay, endDay) as of endDay 00:00, per unit: month rows
 * for the whole months inside, day rows for the days around them.
 */
async function rolledCounts(db: Db, actor: Actor, fromDay: string, endDay: string, unitId: number | undefined) {
  const firstMonth = fromDay.endsWith('-01') ? fromDay : nextMonth(fromDay);
  const endMonth = `${endDay.slice(0, 7)}-01`;
  const months = firstMonth < endMonth;
  const unit = (t: string) => (unitId ? sql` and ${sql.raw(t)}.unit_id = ${unitId}` : sql``);
  const monthRows = months
    ? sql`select unit_id, ${SUMS} from ${unitMetricMonthRollups} m
    where m.dispatch_month >= ${firstMonth}::date and m.dispatch_month < ${endMonth}::date and m.as_of_day <= ${endDay}::date
      and ${inScope(actor, 'case.view', sql`m.unit_path`)}${unit('m')} union all `
    : sql``;
  const days = months
    ? sql`((d.dispatch_day >= ${fromDay}::date and d.dispatch_day < ${firstMonth}::date) or (d.dispatch_day >= ${endMonth}::date and d.dispatch_day < ${endDay}::date))`
    : sql`d.dispatch_day >= ${fromDay}::date and d.dispatch_day < ${endDay}::date`;
  // handling_ms sums whole milliseconds, far below 2^53: exact as a double.
  return rowsOf<UnitMetricCounts & { unitId: number }>(
    await db.execute(sql`select unit_id as "unitId", sum(dispatched)::int as dispatched, sum(returned)::int as returned,
      sum(parked)::int as parked, sum(closed)::int as closed, sum(closed_on_time)::int as "closedOnTime", sum(overdue)::int as overdue,
      sum(reached_verification)::int as "reachedVerification", sum(reworked)::int as reworked,
      sum(handling_ms)::float8 as "handlingMs"
    from (${monthRows}select unit_id, ${SUMS} from ${unitMetricRollups} d
      where ${days} and d.as_of_day <= ${endDay}::date and ${inScope(actor, 'case.view', sql`d.unit_path`)}${unit('d')}) x
    group by unit_id`),
  );
}

function nextMonth(day: string): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}
