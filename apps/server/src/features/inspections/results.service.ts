import { and, asc, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import { SITE_TYPE_LABELS } from '@chuangwen/domain/framework/framework.labels';
import type { SiteType } from '@chuangwen/domain/framework/framework.schemas';
import { compareCodes } from '@chuangwen/domain/framework/framework.points';
import {
  itemPassRate,
  rectificationRate,
  roundSummarySentence,
  sitePassRate,
  tally,
  tallyBy,
  type RateTally,
} from '@chuangwen/domain/inspections/inspection.rates';
import type { CheckResult, RateLine, RoundResults } from '@chuangwen/domain/inspections/inspection.schemas';
import type { Locale } from '@chuangwen/domain/i18n/labels';
import { countProblems, isProblemFound } from '@chuangwen/domain/cases/case.problems';
import type { CaseState } from '@chuangwen/domain/cases/case.workflow';
import type { Executor } from '../../platform/db/db';
import { frameworkNodes } from '../framework/framework.tables';
import { cases } from '../cases/case.tables';
import { sites } from '../sites/site.tables';
import { units } from '../../platform/identity/unit.tables';
import { getRoundRow } from './round.service';
import { inspectionAssignments, inspectionChecks, inspectionRounds, inspectionTeams } from './inspection.tables';

type CheckRow = {
  siteKey: number;
  result: CheckResult;
  criterionCode: string;
  siteType: SiteType;
  townId: number | null;
  teamName: string;
  caseId: number | null;
  caseState: CaseState | null;
  caseDispatched: boolean;
  caseClosed: boolean;
};

async function loadChecks(exec: Executor, roundId: number): Promise<CheckRow[]> {
  return exec
    .select({
      siteKey: inspectionChecks.assignmentId,
      result: inspectionChecks.result,
      criterionCode: inspectionChecks.criterionCode,
      siteType: sites.type,
      townId: sites.townId,
      teamName: inspectionTeams.name,
      caseId: inspectionChecks.caseId,
      caseState: cases.state,
      caseDispatched: sql<boolean>`coalesce(${cases.dispatchedAt} is not null, false)`,
      caseClosed: sql<boolean>`coalesce(${cases.state} = 'closed', false)`,
    })
    .from(inspectionChecks)
    .innerJoin(inspectionAssignments, eq(inspectionAssignments.id, inspectionChecks.assignmentId))
    .innerJoin(inspectionTeams, eq(inspectionTeams.id, inspectionAssignments.teamId))
    .innerJoin(sites, eq(sites.id, inspectionAssignments.siteId))
    .leftJoin(cases, eq(cases.id, inspectionChecks.caseId))
    .where(eq(inspectionChecks.roundId, roundId));
}

/** The round before this one: the latest that ended earlier (or the same day, created earlier) and has results. */
async function previousRound(exec: Executor, round: typeof inspectionRounds.$inferSelect) {
  const [prev] = await exec
    .select({ id: inspectionRounds.id, name: inspectionRounds.name })
    .from(inspectionRounds)
    .where(
      and(
        or(lt(inspectionRounds.periodEnd, round.periodEnd), and(eq(inspectionRounds.periodEnd, round.periodEnd), lt(inspectionRounds.id, round.id))),
        sql`exists (select 1 from ${inspectionChecks} where ${inspectionChecks.roundId} = ${inspectionRounds.id})`,
      ),
    )
    .orderBy(desc(inspectionRounds.periodEnd), desc(inspectionRounds.id))
    .limit(1);
  return prev ?? null;
}

function line(key: string, label: string, t: RateTally, previous: Map<string, RateTally> | null, rate: (t: RateTally) => number | null): RateLine {
  const prev = previous?.get(key);
  return {
    key,
    label,
    ...t,
    sitePassRate: sitePassRate(t),
    itemPassRate: itemPassRate(t),
    previousRate: prev ? rate(prev) : null,
  };
}

/** Pass rates per site type, criterion, town and team, the previous round's rates beside them, and the summary sentence. */
export async function roundResults(exec: Executor, roundId: number, locale: Locale): Promise<RoundResults> {
  const round = await getRoundRow(exec, roundId);
  const prev = await previousRound(exec, round);
  const [checks, prevChecks, [allotted]] = await Promise.all([
    loadChecks(exec, roundId),
    prev ? loadChecks(exec, prev.id) : Promise.resolve([]),
    exec
      .select({
        n: sql<number>`count(*)::int`,
        visited: sql<number>`count(*) filter (where ${inspectionAssignments.status} = 'visited')::int`,
      })
      .from(inspectionAssignments)
      .where(eq(inspectionAssignments.roundId, roundId)),
  ]);
  const townIds = [...new Set([...checks, ...prevChecks].flatMap((c) => (c.townId ? [c.townId] : [])))];
  const codes = [...new Set(checks.map((c) => c.criterionCode))];
  const [townRows, nodeRows] = await Promise.all([
    townIds.length ? exec.select({ id: units.id, name: units.name, sortOrder: units.sortOrder }).from(units).where(inArray(units.id, townIds)) : [],
    codes.length
      ? exec
          .select({ code: frameworkNodes.code, name: frameworkNodes.name })
          .from(frameworkNodes)
          .where(and(eq(frameworkNodes.frameworkId, round.frameworkId), inArray(frameworkNodes.code, codes)))
      : [],
  ]);
  const townName = new Map(townRows.map((u) => [String(u.id), u.name]));
  const townOrder = new Map(townRows.map((u) => [String(u.id), u.sortOrder]));
  const criterionName = new Map(nodeRows.map((n) => [n.code, n.name]));
  const labels = SITE_TYPE_LABELS[locale];

  const groups = (list: CheckRow[]) => ({
    type: tallyBy(list, (c) => c.siteType),
    criterion: tallyBy(list, (c) => c.criterionCode),
    town: tallyBy(list, (c) => (c.townId ? String(c.townId) : null)),
    team: tallyBy(list, (c) => c.teamName),
  });
  const now = groups(checks);
  const before = prev ? groups(prevChecks) : null;
  const rows = <K extends keyof ReturnType<typeof groups>>(
    k: K,
    label: (key: string) => string,
    rate: (t: RateTally) => number | null,
    order: (a: string, b: string) => number,
  ) => [...now[k]].sort(([a], [b]) => order(a, b)).map(([key, t]) => line(key, label(key), t, before?.[k] ?? null, rate));

  // Problems found: the domain's definition (failed checks less rejected cases); rejected ones apart.
  const failures = checks.filter((c) => c.result !== 'pass');
  const found = failures.filter((c) => isProblemFound(c.caseState));
  const numbers = {
    sitesVisited: allotted?.visited ?? 0,
    ...countProblems(failures.map((c) => c.caseState)),
    dispatched: found.filter((c) => c.caseDispatched).length,
    rectified: found.filter((c) => c.caseClosed).length,
  };
  const total = tally(checks);
  const prevTotal = prev ? tally(prevChecks) : null;
  return {
    roundId,
    previousRound: prev,
    summary: { sitesAllotted: allotted?.n ?? 0, ...numbers, rectificationRate: rectificationRate(numbers), sentence: roundSummarySentence(numbers, locale) },
    total: {
      key: 'total',
      label: locale === 'en' ? 'All sites' : '全部点位',
      ...total,
      sitePassRate: sitePassRate(total),
      itemPassRate: itemPassRate(total),
      previousRate: prevTotal ? sitePassRate(prevTotal) : null,
    },
    bySiteType: rows(
      'type',
      (k) => labels[k as SiteType] ?? k,
      sitePassRate,
      (a, b) => a.localeCompare(b),
    ),
    byCriterion: rows('criterion', (k) => criterionName.get(k) ?? k, itemPassRate, compareCodes),
    byTown: rows(
      'town',
      (k) => townName.get(k) ?? k,
      sitePassRate,
      (a, b) => (townOrder.get(a) ?? 0) - (townOrder.get(b) ?? 0),
    ),
    byTeam: rows(
      'team',
      (k) => k,
      sitePassRate,
      (a, b) => a.localeCompare(b, 'zh-CN'),
    ),
  };
}

/**
 * The latest site-visit pass rate of every criterion checked in rounds of this framework: for each
 * criterion, the item pass rate in the most recent round (by period end, then id) that checked it.
 * The framework's score engine takes these as `siteRates` (methods `site`, `simulation`).
 */
export async function siteRatesForFramework(exec: Executor, frameworkId: number): Promise<Record<string, number>> {
  const rows = await exec
    .select({
      code: inspectionChecks.criterionCode,
      roundId: inspectionRounds.id,
      periodEnd: inspectionRounds.periodEnd,
      checked: sql<number>`count(*)::int`,
      passed: sql<number>`count(*) filter (where ${inspectionChecks.result} = 'pass')::int`,
    })
    .from(inspectionChecks)
    .innerJoin(inspectionRounds, eq(inspectionRounds.id, inspectionChecks.roundId))
    .where(eq(inspectionRounds.frameworkId, frameworkId))
    .groupBy(inspectionChecks.criterionCode, inspectionRounds.id, inspectionRounds.periodEnd)
    .orderBy(asc(inspectionChecks.criterionCode), desc(inspectionRounds.periodEnd), desc(inspectionRounds.id));
  const out: Record<string, number> = {};
  for (const r of rows) {
    if (Object.hasOwn(out, r.code) || r.checked === 0) continue;
    out[r.code] = itemPassRate({ sitesVisited: 0, sitesPassed: 0, itemsChecked: r.checked, itemsPassed: r.passed, fails: 0, severeFails: 0 })!;
  }
  return out;
}
