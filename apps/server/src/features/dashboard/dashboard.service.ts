import { and, desc, eq, sql } from 'drizzle-orm';
import type { UnitKind } from '@chuangwen/domain/units/unit.kinds';
import { rankByScore, ratio } from '@chuangwen/domain/cases/case.metrics';
import type { Db } from '../../platform/db/db';
import { rowsOf } from '../../platform/db/db';
import type { Actor } from '../../platform/auth/actor';
import { OPEN_STATES } from '@chuangwen/domain/cases/case.workflow';
import { cases, problemFoundSql } from '../cases/case.tables';
import { caseScope, canViewCase } from '../cases/case.policy';
import { scopeOf } from '../../platform/auth/policy';
import { caseDailyRollups, caseOpenCounts, dashboardRollupState } from './dashboard.tables';
import { rollupBuilt } from './dashboard.rollup';
import { loadReference } from '../cases/case.reference';
import type { UnitMetricsRow } from '../cases/case.service';
import { dashboardUnitMetrics } from './dashboard.metrics';
import { frameworks } from '../framework/framework.tables';
import { computeScore, gaps } from '../framework/score.service';
import type { CaseFeedEvent } from './dashboard.events';
import { SITE_TYPE_LABELS } from '@chuangwen/domain/framework/framework.labels';
import type { SiteType } from '@chuangwen/domain/framework/framework.schemas';
import type { Locale } from '@chuangwen/domain/i18n/labels';
import { itemPassRate, rectificationRate, roundSummarySentence, sitePassRate, type RateTally } from '@chuangwen/domain/inspections/inspection.rates';
import { inspectionAssignments, inspectionChecks, inspectionRounds } from '../inspections/inspection.tables';
import { sites } from '../sites/site.tables';
import { coversWholeJurisdiction } from '../../platform/auth/scope';

// The command dashboard's figures. Every figure has ONE definition here, shared by the dashboard
// widgets, the red and black lists and the generated documents (work summary), so a number in a
// Word file is the number on the screen.
//
// Period cohort: cases SUBMITTED in [from, to), rejected ones (不予立案) left out — "problems found".
// `closed`: of those, closed now. `open`/`overdue`: the scope's open cases now (any period).
// Unit rates (on-time closure, composite score): case.metrics.ts, from the unit metric rollups
// (dashboard.metrics.ts) or live, never re-implemented.

export type Period = { from: Date; to: Date };

/** Shanghai calendar day of a timestamp column (China has no DST: +8 h is exact). */
const shanghaiDay = (col: unknown) => sql`((${col} + interval '8 hours')::date)`;

/** 00:00 Shanghai of the day containing `d`. */
const startOfShanghaiDay = (d: Date) => new Date(Math.floor((d.getTime() + 8 * 3_600_000) / 86_400_000) * 86_400_000 - 8 * 3_600_000);
const dayKey = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * When the rollup can answer: a county-wide reader (every case.view grant on a jurisdiction unit, scope.ts), a period of
 * whole Shanghai days, and a rollup that has been built. Days before today come from the rollup,
 * today is counted live. Anyone else, or any other period, is counted live from `cases`.
 */
type RollupPlan = { roots: string[]; rollupFrom: Date; rollupTo: Date; liveFrom: Date };
async function rollupPlan(db: Db, actor: Actor, p: Period, now: Date): Promise<RollupPlan | null> {
  const roots = scopeOf(actor, 'case.view');
  const wholeJurisdictions = new Set(actor.grants.filter((g) => coversWholeJurisdiction(g, 'case.view')).map((g) => g.unitPath));
  if (roots.length === 0 || roots.some((r) => !wholeJurisdictions.has(r))) return null;
  if (startOfShanghaiDay(p.from).getTime() !== p.from.getTime() || startOfShanghaiDay(p.to).getTime() !== p.to.getTime()) return null;
  if (!(await rollupBuilt(db))) return null;
  const today = startOfShanghaiDay(now);
  const rollupTo = new Date(Math.min(p.to.getTime(), today.getTime()));
  return { roots, rollupFrom: p.from, rollupTo, liveFrom: new Date(Math.max(p.from.getTime(), today.getTime())) };
}
const rollupWhere = (plan: RollupPlan) => sql`${caseDailyRollups.day} >= ${dayKey(plan.rollupFrom)} and ${caseDailyRollups.day} < ${dayKey(plan.rollupTo)}
  and (${sql.join(
    plan.roots.map((r) => sql`${caseDailyRollups.areaUnitPath} like ${`${r}%`}`),
    sql` or `,
  )})`;

async function cohortCounts(db: Db, actor: Actor, p: Period, now: Date) {
  const plan = await rollupPlan(db, actor, p, now);
  const live = async (from: Date, to: Date) => {
    if (!(to > from)) return { found: 0, closed: 0, closedInPeriod: 0 };
    const scope = caseScope(actor);
    // Closing a case sets updated_at, so closures of a recent window are found through its index.
    const recent = plan !== null;
    const [row] = rowsOf<{ found: number; closed: number; closedInPeriod: number }>(
      await db.execute(sql`select a.found, a.closed, b.n as "closedInPeriod"
      from (select count(*) filter (where ${problemFoundSql(cases.state)})::int as found, count(*) filter (where ${cases.state} = 'closed')::int as closed
        from ${cases} where ${scope} and ${cases.submittedAt} >= ${from} and ${cases.submittedAt} < ${to}) a,
      (select count(*)::int as n from ${cases}
        where ${scope} and ${cases.state} = 'closed' and ${cases.closedAt} >= ${from} and ${cases.closedAt} < ${to}
        ${recent ? sql`and ${cases.updatedAt} >= ${from}` : sql``}) b`),
    );
    return row!;
  };
  if (!plan) return live(p.from, p.to);
  const [[r], today] = await Promise.all([
    db
      .select({
        found: sql<number>`coalesce(sum(${caseDailyRollups.created}), 0)::int`,
        closed: sql<number>`coalesce(sum(${caseDailyRollups.createdClosed}), 0)::int`,
        closedInPeriod: sql<number>`coalesce(sum(${caseDailyRollups.closed}), 0)::int`,
      })
      .from(caseDailyRollups)
      .where(rollupWhere(plan)),
    live(plan.liveFrom, p.to),
  ]);
  return { found: r!.found + today.found, closed: r!.closed + today.closed, closedInPeriod: r!.closedInPeriod + today.closedInPeriod };
}

export async function caseFigures(db: Db, actor: Actor, p: Period, now = new Date()) {
  const [current, cohort] = await Promise.all([openNow(db, actor, p, now), cohortCounts(db, actor, p, now)]);
  return { ...cohort, open: current.open, overdue: current.overdue, closureRate: ratio(cohort.closed, cohort.found) };
}

const OPEN_LIST = sql.raw(`(${OPEN_STATES.map((s) => `'${s}'`).join(', ')})`);

/**
 * Open and overdue cases now. County-wide readers: the per-town counts of the last refresh plus
 * the state changes recorded since (case_events after its id), so a new case counts at once;
 * overdue marks follow within a refresh (≤ 60 s). Anyone else: counted live.
 */
async function openNow(db: Db, actor: Actor, p: Period, now: Date): Promise<{ open: number; overdue: number }> {
  const plan = await rollupPlan(db, actor, p, now);
  if (plan) {
    const roots = (col: unknown) =>
      sql`(${sql.join(
        plan.roots.map((r) => sql`${col} like ${`${r}%`}`),
        sql` or `,
      )})`;
    // One statement, one snapshot: the counts and the events id they are exact up to agree.
    // The few events since: each case looked up by its key (a join may be planned as a scan of cases).
    const [row] = rowsOf<{ until: string | null; open: number; overdue: number; since: number }>(
      await db.execute(sql`
      with s as (select ${dashboardRollupState.eventsUntil} as m from ${dashboardRollupState} where ${dashboardRollupState.id} = 1)
      select (select m from s)::text as until,
        (select coalesce(sum(open), 0) from ${caseOpenCounts} where ${roots(caseOpenCounts.areaUnitPath)})::int as open,
        (select coalesce(sum(overdue), 0) from ${caseOpenCounts} where ${roots(caseOpenCounts.areaUnitPath)})::int as overdue,
        (select coalesce(sum((e.to_state in ${OPEN_LIST})::int - coalesce((e.from_state in ${OPEN_LIST})::int, 0)), 0)
          from (select to_state, from_state, (select c.area_unit_path from cases c where c.id = case_events.case_id) as area_unit_path
            from case_events where id > (select m from s)) e
          where ${roots(sql`e.area_unit_path`)})::int as since`),
    );
    if (row?.until != null) return { open: row.open + row.since, overdue: row.overdue };
  }
  // Open cases now: the partial inbox index covers exactly the open states.
  const [row] = rowsOf<{ open: number; overdue: number }>(
    await db.execute(sql`select count(*)::int as "open", count(*) filter (where ${cases.isOverdue})::int as "overdue"
    from ${cases} where ${cases.state} in ${OPEN_LIST} and ${caseScope(actor)}`),
  );
  return row!;
}

/** The published framework's projected score (the newest published edition), or null. */
export async function frameworkFigures(db: Db, topGaps = 5) {
  const [f] = await db
    .select({ id: frameworks.id })
    .from(frameworks)
    .where(eq(frameworks.status, 'published'))
    .orderBy(desc(frameworks.publishedAt), desc(frameworks.id))
    .limit(1);
  if (!f) return null;
  const c = await computeScore(db, f.id);
  const total = c.result.total;
  const toNumber = (h: number) => Math.round(h) / 100; // hundredths → points
  return {
    frameworkId: f.id,
    frameworkName: c.framework.name,
    points: toNumber(total.points),
    projectedScore: total.projectedScore == null ? null : toNumber(total.projectedScore),
    score: toNumber(total.score),
    lost: toNumber(total.lost),
    scoreRate: total.scoreRate,
    criteriaCount: total.criteriaCount,
    topGaps: gaps(c, topGaps).map((g) => ({ code: g.code, name: g.name, lost: g.lost, lead: g.lead?.name ?? null })),
  };
}

/** Inspections of the period, read from the inspections feature's tables when they exist. */
export async function inspectionFigures(db: Db, p: Period) {
  const [exists] = rowsOf<{ ok: boolean }>(
    await db.execute(sql`select to_regclass('inspection_rounds') is not null and to_regclass('inspection_checks') is not null as ok`),
  );
  if (!exists?.ok) return null;
  const fromDay = sql`(${p.from}::timestamptz + interval '8 hours')::date`;
  const toDay = sql`(${p.to}::timestamptz + interval '8 hours')::date`;
  const [rounds] = rowsOf<{ n: number }>(
    await db.execute(sql`select count(*)::int as n from inspection_rounds
    where status <> 'planned' and period_start >= ${fromDay} and period_start < ${toDay}`),
  );
  const [checks] = rowsOf<{ total: number; failed: number }>(
    await db.execute(sql`select count(*)::int as total,
      count(*) filter (where result <> 'pass')::int as failed
    from inspection_checks where checked_at >= ${p.from} and checked_at < ${p.to}`),
  );
  return { rounds: rounds?.n ?? 0, checks: checks?.total ?? 0, failedChecks: checks?.failed ?? 0 };
}

export async function kpis(db: Db, actor: Actor, p: Period, now = new Date()) {
  const [figures, framework, inspections, metrics] = await Promise.all([
    caseFigures(db, actor, p, now),
    frameworkFigures(db, 0),
    inspectionFigures(db, p),
    dashboardUnitMetrics(db, actor, { ...p, top: 5 }, now),
  ]);
  const sum = (k: 'due' | 'closedOnTime' | 'reworked' | 'reachedVerification') => metrics.items.reduce((s, i) => s + i[k], 0);
  const reworked = sum('reworked');
  const reachedVerification = sum('reachedVerification');
  return {
    from: p.from.toISOString(),
    to: p.to.toISOString(),
    ...figures,
    onTimeClosureRate: ratio(sum('closedOnTime'), sum('due')),
    // The county's rework rate: the units' counts summed (not their rates averaged), the same definition as a unit's.
    reworkRate: ratio(reworked, reachedVerification),
    reworked,
    reachedVerification,
    framework: framework && {
      id: framework.frameworkId,
      name: framework.frameworkName,
      points: framework.points,
      projectedScore: framework.projectedScore,
      gap: framework.projectedScore == null ? null : Math.round((framework.points - framework.projectedScore) * 100) / 100,
      scoreRate: framework.scoreRate,
    },
    inspections,
  };
}

/** New (not rejected) and closed cases per Shanghai day of the period (days without any are listed with 0). */
export async function trend(db: Db, actor: Actor, p: Period, now = new Date()) {
  const scope = caseScope(actor);
  const plan = await rollupPlan(db, actor, p, now);
  const liveFrom = plan?.liveFrom ?? p.from;
  type Series = { day: string; n: number }[] | null;
  // Today (or the whole period without the rollup) live, both series in one statement, beside the rollup's days.
  const [[live], rolled] = await Promise.all([
    liveFrom < p.to
      ? db
          .execute(
            sql`select
        (select json_agg(x) from (select ${shanghaiDay(cases.submittedAt)}::text as day, count(*)::int as n
          from ${cases} where ${scope} and ${problemFoundSql(cases.state)} and ${cases.submittedAt} >= ${liveFrom} and ${cases.submittedAt} < ${p.to} group by 1) x) as created,
        (select json_agg(x) from (select ${shanghaiDay(cases.closedAt)}::text as day, count(*)::int as n
          from ${cases} where ${scope} and ${cases.state} = 'closed' and ${cases.closedAt} >= ${liveFrom} and ${cases.closedAt} < ${p.to}
          ${plan ? sql`and ${cases.updatedAt} >= ${liveFrom}` : sql``} group by 1) x) as closed`,
          )
          .then((r) => rowsOf<{ created: Series; closed: Series }>(r))
      : Promise.resolve([]),
    plan
      ? db
          .select({
            day: caseDailyRollups.day,
            created: sql<number>`sum(${caseDailyRollups.created})::int`,
            closed: sql<number>`sum(${caseDailyRollups.closed})::int`,
          })
          .from(caseDailyRollups)
          .where(rollupWhere(plan))
          .groupBy(caseDailyRollups.day)
      : Promise.resolve([]),
  ]);
  const created = live?.created ?? [];
  const closed = live?.closed ?? [];
  const days: { day: string; created: number; closed: number }[] = [];
  const index = new Map<string, (typeof days)[number]>();
  for (let t = p.from.getTime(); t < p.to.getTime() && days.length < 400; t += 86_400_000) {
    const key = dayKey(new Date(t));
    if (index.has(key)) continue;
    const entry = { day: key, created: 0, closed: 0 };
    days.push(entry);
    index.set(key, entry);
  }
  for (const r of created) {
    const e = index.get(r.day);
    if (e) e.created += r.n;
  }
  for (const r of closed) {
    const e = index.get(r.day);
    if (e) e.closed += r.n;
  }
  for (const r of rolled) {
    const e = index.get(r.day);
    if (e) {
      e.created += r.created;
      e.closed += r.closed;
    }
  }
  return { items: days };
}

/** The most frequent categories (大类) of the period's cases (rejected ones left out). */
export async function topCategories(db: Db, actor: Actor, p: Period, limit = 10, now = new Date()) {
  const plan = await rollupPlan(db, actor, p, now);
  const liveFrom = plan?.liveFrom ?? p.from;
  const counts = new Map<string, { nature: string; categoryCode: string; count: number }>();
  const add = (nature: string, categoryCode: string, n: number) => {
    const key = `${nature}:${categoryCode}`;
    const e = counts.get(key) ?? { nature, categoryCode, count: 0 };
    e.count += n;
    counts.set(key, e);
  };
  if (liveFrom < p.to) {
    const rows = await db
      .select({ nature: cases.nature, categoryCode: cases.categoryCode, count: sql<number>`count(*)::int` })
      .from(cases)
      .where(and(caseScope(actor), sql`${cases.submittedAt} >= ${liveFrom}`, sql`${cases.submittedAt} < ${p.to}`, problemFoundSql(cases.state)))
      .groupBy(cases.nature, cases.categoryCode);
    for (const r of rows) add(r.nature, r.categoryCode, r.count);
  }
  if (plan) {
    const rows = await db
      .select({ nature: caseDailyRollups.nature, categoryCode: caseDailyRollups.categoryCode, count: sql<number>`sum(${caseDailyRollups.created})::int` })
      .from(caseDailyRollups)
      .where(rollupWhere(plan))
      .groupBy(caseDailyRollups.nature, caseDailyRollups.categoryCode);
    for (const r of rows) add(r.nature, r.categoryCode, r.count);
  }
  const ref = await loadReference(db);
  const names = new Map<string, string>();
  for (const c of ref.categories.values()) names.set(`${c.nature}:${c.categoryCode}`, c.categoryName);
  const items = [...counts.values()]
    .filter((c) => c.count > 0)
    .sort((a, b) => b.count - a.count || a.categoryCode.localeCompare(b.categoryCode) || a.nature.localeCompare(b.nature))
    .slice(0, limit);
  return { items: items.map((r) => ({ ...r, categoryName: names.get(`${r.nature}:${r.categoryCode}`) ?? r.categoryCode })) };
}

export type RankedUnit = UnitMetricsRow & { rank: number | null; previousRank: number | null; rankDelta: number | null; previousScore: number | null };

/**
 * Red and black lists (红黑榜) of a period for one unit kind: units ranked by composite score (the
 * domain's), with the parts, and the move since the previous period of the same length
 * (rankDelta > 0: moved up). Units without a score are listed unranked at the end.
 */
export async function rankings(db: Db, actor: Actor, q: Period & { kind?: UnitKind; top: number }, now = new Date()) {
  const length = q.to.getTime() - q.from.getTime();
  const previous = { from: new Date(q.from.getTime() - length), to: q.from };
  const [current, before] = await Promise.all([
    dashboardUnitMetrics(db, actor, { from: q.from, to: q.to, kind: q.kind, top: q.top }, now),
    dashboardUnitMetrics(db, actor, { ...previous, kind: q.kind, top: q.top }, now),
  ]);
  const rankOf = (items: UnitMetricsRow[]) => rankByScore(items); // equal scores share a rank
  const now_ = rankOf(current.items);
  const prev = rankOf(before.items);
  const prevScore = new Map(before.items.map((i) => [i.unitId, i.score]));
  const items: RankedUnit[] = current.items.map((i) => {
    const rank = now_.get(i.unitId) ?? null;
    const previousRank = prev.get(i.unitId) ?? null;
    return {
      ...i,
      rank,
      previousRank,
      rankDelta: rank !== null && previousRank !== null ? previousRank - rank : null,
      previousScore: prevScore.get(i.unitId) ?? null,
    };
  });
  return {
    from: current.from,
    to: current.to,
    asOf: current.asOf,
    previousFrom: previous.from.toISOString(),
    previousTo: previous.to.toISOString(),
    items,
    redList: current.redList,
    blackList: current.blackList,
    listRule: current.listRule,
  };
}

/** Whether a live event may be shown to this actor (same rule as seeing the case). */
export function mayReceive(actor: Actor, event: CaseFeedEvent): boolean {
  return canViewCase(actor, { areaUnitPath: event.areaUnitPath, responsibleUnitPath: event.responsibleUnitPath, reporterUserId: event.reporterUserId });
}

// ── inspection results ───────────────────────────────────────────────────────────────────────

type SiteTally = RateTally & { problemsFound: number; rejected: number; dispatched: number; rectified: number };
const emptySiteTally = (): SiteTally => ({
  sitesVisited: 0,
  sitesPassed: 0,
  itemsChecked: 0,
  itemsPassed: 0,
  fails: 0,
  severeFails: 0,
  problemsFound: 0,
  rejected: 0,
  dispatched: 0,
  rectified: 0,
});
const rates = ({ problemsFound: _p, rejected: _j, dispatched: _d, rectified: _r, ...t }: SiteTally) => ({
  ...t,
  sitePassRate: sitePassRate(t),
  itemPassRate: itemPassRate(t),
});

/**
 * Inspection results for the dashboard: the latest rounds with results that ended before the
 * period's end (up to `rounds`), each with its pass rates, and the latest one per site type and
 * per town with its summary (整改率). The rates are the inspections feature's (inspection.rates.ts,
 * the same as the round's results page), tallied here from one row per visited site.
 */
export async function inspectionResults(db: Db, p: Period, locale: Locale, rounds = 6) {
  const toDay = dayKey(new Date(p.to.getTime() - 1)); // the period's last day (inclusive)
  const recent = rowsOf<{ id: number; name: string; periodStart: string; periodEnd: string; allotted: number; visited: number }>(
    await db.execute(sql`
    select r.id, r.name, r.period_start::text as "periodStart", r.period_end::text as "periodEnd",
      (select count(*) from ${inspectionAssignments} a where a.round_id = r.id)::int as allotted,
      (select count(*) from ${inspectionAssignments} a where a.round_id = r.id and a.status = 'visited')::int as visited
    from ${inspectionRounds} r
    where r.period_end <= ${toDay}::date and exists (select 1 from ${inspectionChecks} k where k.round_id = r.id)
    order by r.period_end desc, r.id desc limit ${rounds}`),
  );
  if (recent.length === 0) return { latest: null, rounds: [] };
  const [sitesRows, ref] = await Promise.all([
    db
      .execute(
        sql`select k.round_id as "roundId", s.type as "siteType", s.town_id as "townId",
        count(*)::int as items, count(*) filter (where k.result = 'pass')::int as passed,
        count(*) filter (where k.result = 'fail')::int as fails, count(*) filter (where k.result not in ('pass', 'fail'))::int as severe,
        count(*) filter (where k.result <> 'pass' and c.state is not null and not ${problemFoundSql(sql`c.state`)})::int as rejected,
        count(*) filter (where k.result <> 'pass' and c.dispatched_at is not null and ${problemFoundSql(sql`c.state`)})::int as dispatched,
        count(*) filter (where k.result <> 'pass' and c.state = 'closed')::int as rectified
      from ${inspectionChecks} k join ${inspectionAssignments} a on a.id = k.assignment_id join ${sites} s on s.id = a.site_id
        left join ${cases} c on c.id = k.case_id
      where k.round_id in (${sql.join(
        recent.map((r) => sql`${r.id}`),
        sql`, `,
      )})
      group by k.round_id, k.assignment_id, s.type, s.town_id`,
      )
      .then((r) =>
        rowsOf<{
          roundId: number;
          siteType: SiteType;
          townId: number | null;
          items: number;
          passed: number;
          fails: number;
          severe: number;
          rejected: number;
          dispatched: number;
          rectified: number;
        }>(r),
      ),
    loadReference(db),
  ]);
  const latestId = recent[0]!.id;
  const perRound = new Map<number, SiteTally>();
  const byType = new Map<string, SiteTally>();
  const byTown = new Map<string, SiteTally>();
  const add = (map: Map<string | number, SiteTally>, key: string | number, s: (typeof sitesRows)[number]) => {
    const t = map.get(key) ?? emptySiteTally();
    t.sitesVisited++;
    if (s.passed === s.items) t.sitesPassed++; // a site passes when every checked item passes
    t.itemsChecked += s.items;
    t.itemsPassed += s.passed;
    t.fails += s.fails;
    t.severeFails += s.severe;
    // Problems found: the domain's definition (case.problems.ts): failed checks less rejected cases.
    t.problemsFound += s.items - s.passed - s.rejected;
    t.rejected += s.rejected;
    t.dispatched += s.dispatched;
    t.rectified += s.rectified;
    map.set(key, t);
  };
  for (const s of sitesRows) {
    add(perRound as Map<string | number, SiteTally>, s.roundId, s);
    if (s.roundId !== latestId) continue;
    add(byType as Map<string | number, SiteTally>, s.siteType, s);
    if (s.townId !== null) add(byTown as Map<string | number, SiteTally>, String(s.townId), s);
  }
  const latest = recent[0]!;
  const total = perRound.get(latestId) ?? emptySiteTally();
  const numbers = {
    sitesVisited: latest.visited,
    problemsFound: total.problemsFound,
    rejected: total.rejected,
    dispatched: total.dispatched,
    rectified: total.rectified,
  };
  const labels = SITE_TYPE_LABELS[locale];
  const town = (id: string) => ref.unitsById.get(Number(id));
  return {
    latest: {
      roundId: latest.id,
      name: latest.name,
      periodStart: latest.periodStart,
      periodEnd: latest.periodEnd,
      summary: { sitesAllotted: latest.allotted, ...numbers, rectificationRate: rectificationRate(numbers), sentence: roundSummarySentence(numbers, locale) },
      total: rates(total),
      bySiteType: [...byType].sort(([a], [b]) => a.localeCompare(b)).map(([key, t]) => ({ key, label: labels[key as SiteType] ?? key, ...rates(t) })),
      byTown: [...byTown]
        .sort(([a], [b]) => (town(a)?.path ?? a).localeCompare(town(b)?.path ?? b))
        .map(([key, t]) => ({ key, label: town(key)?.name ?? key, ...rates(t) })),
    },
    rounds: [...recent].reverse().map((r) => {
      const t = perRound.get(r.id) ?? emptySiteTally();
      return {
        roundId: r.id,
        name: r.name,
        periodEnd: r.periodEnd,
        sitesVisited: t.sitesVisited,
        sitePassRate: sitePassRate(t),
        itemPassRate: itemPassRate(t),
      };
    }),
  };
}
