import { workingMsBetween, type WorkingCalendar } from '../calendar/working-calendar';
import type { Locale } from '../i18n/labels';

const MS_HOUR = 3_600_000;

// Unit metrics of a period after GB/T 30428 (DOMAIN.md §3), as pure functions over assignment
// summaries. The server may compute the same in SQL for speed; these functions are the definition
// and the test oracle.
//
// Unit of counting: an *assignment* = one dispatch (or reassign) of a case to a unit. A case
// returned by unit A and reassigned to unit B is one assignment of A (returned) and one of B.
// The cohort of a period [from, to) is the assignments whose `dispatchedAt` falls inside it; their
// outcome is judged as of `asOf` (default `to`): anything stamped after `asOf` has not happened yet.
//
//   dispatched         派遣数      assignments in the cohort
//   returned           退回数      of which returned by the unit as not theirs
//   parked             挂账数      of which parked (挂账) at asOf (and not returned)
//   due                应结案数    dispatched − returned − parked
//   closed             结案数      due assignments closed (销号) by asOf
//   closedOnTime       按期结案数  closed whose standing fix (rectifiedAt) was at or before the deadline
//   overdue            超期数      due assignments whose deadline passed before asOf without a standing
//                                 fix in time: closed late, or still open past the deadline
//   closureRate        结案率      closed / due
//   onTimeClosureRate  按期结案率  closedOnTime / due
//   overdueRate        超期率      overdue / due
//   reworkRate         返工率      due assignments with ≥ 1 rework / due assignments that reached
//                                 verification at least once (reworked, or a fix standing)
//   averageHandlingHours 平均处置时长  mean working hours from dispatchedAt to rectifiedAt over closed
// A rate whose denominator is 0 is null (not 0, not NaN); so are the score and grade when due = 0.
//
// Composite score 0–100 (one decimal), weights SCORE_WEIGHTS: on-time closure 40, closure 25,
// rework-free (1 − reworkRate) 20, overdue-free (1 − overdueRate) 15 — quality first (on time and
// done right), then efficiency. A component that is null (e.g. no case reached verification yet)
// is left out and the other weights are scaled to 100. The grade is taken from the rounded score
// so that the number shown and the letter agree: A ≥ 90, B ≥ 75, C ≥ 60, D ≥ 40, E < 40.

export type CaseAssignmentSummary = {
  /** When the unit received the case (dispatch or reassign). */
  dispatchedAt: Date;
  /** The deadline in force (after approved extensions). */
  deadlineAt: Date | null;
  /** The standing fix: null while the case is being (re)worked. */
  rectifiedAt: Date | null;
  closedAt: Date | null;
  /** The unit returned the case as not theirs; the assignment ended there. */
  returnedAt: Date | null;
  /** Parked (挂账) as of `asOf`. */
  isParked: boolean;
  reworkCount: number;
};

export type MetricsPeriod = { from: Date; to: Date; asOf?: Date };

export const UNIT_GRADES = ['A', 'B', 'C', 'D', 'E'] as const;
export type UnitGrade = (typeof UNIT_GRADES)[number];

/** Lower bound of each grade (inclusive); below the last bound is E. */
export const GRADE_THRESHOLDS: readonly (readonly [UnitGrade, number])[] = [
  ['A', 90],
  ['B', 75],
  ['C', 60],
  ['D', 40],
];

export const SCORE_WEIGHTS = {
  onTimeClosureRate: 40,
  closureRate: 25,
  reworkFree: 20,
  overdueFree: 15,
} as const;

export type UnitMetrics = {
  dispatched: number;
  returned: number;
  parked: number;
  due: number;
  closed: number;
  closedOnTime: number;
  overdue: number;
  /** reworkRate's parts, so that rates over several units (the county) are summed counts, not averaged rates. */
  reworked: number;
  reachedVerification: number;
  closureRate: number | null;
  onTimeClosureRate: number | null;
  overdueRate: number | null;
  reworkRate: number | null;
  averageHandlingHours: number | null;
  score: number | null;
  grade: UnitGrade | null;
};

export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

export function gradeForScore(score: number): UnitGrade {
  for (const [grade, min] of GRADE_THRESHOLDS) if (score >= min) return grade;
  return 'E';
}

export type ScoreComponents = {
  onTimeClosureRate: number | null;
  closureRate: number | null;
  reworkRate: number | null;
  overdueRate: number | null;
};

/** Composite score 0–100 rounded to one decimal; null when no component is known. */
export function compositeScore(c: ScoreComponents): number | null {
  const parts: [number, number | null][] = [
    [SCORE_WEIGHTS.onTimeClosureRate, c.onTimeClosureRate],
    [SCORE_WEIGHTS.closureRate, c.closureRate],
    [SCORE_WEIGHTS.reworkFree, c.reworkRate === null ? null : 1 - c.reworkRate],
    [SCORE_WEIGHTS.overdueFree, c.overdueRate === null ? null : 1 - c.overdueRate],
  ];
  let weighted = 0;
  let weights = 0;
  for (const [w, v] of parts) {
    if (v === null) continue;
    weighted += w * v;
    weights += w;
  }
  if (weights === 0) return null;
  return Math.round((weighted / weights) * 1000) / 10;
}

/**
 * The additive parts of the metrics: counts over assignments that can be summed across days and
 * units (the dashboard's rollups store them) and turned into rates once, by `metricsFromCounts`.
 */
export type UnitMetricCounts = {
  dispatched: number;
  returned: number;
  parked: number;
  closed: number;
  closedOnTime: number;
  overdue: number;
  /** Due assignments that reached verification at least once (reworked, or a fix standing). */
  reachedVerification: number;
  reworked: number;
  /** Working time from dispatch to the standing fix, summed over closed assignments (ms). */
  handlingMs: number;
};

export const UNIT_METRIC_COUNT_KEYS = [
  'dispatched',
  'returned',
  'parked',
  'closed',
  'closedOnTime',
  'overdue',
  'reachedVerification',
  'reworked',
  'handlingMs',
] as const satisfies readonly (keyof UnitMetricCounts)[];

export function emptyUnitMetricCounts(): UnitMetricCounts {
  return { dispatched: 0, returned: 0, parked: 0, closed: 0, closedOnTime: 0, overdue: 0, reachedVerification: 0, reworked: 0, handlingMs: 0 };
}

/** `into += c` (or `into -= c` with sign −1), field by field. */
export function addUnitMetricCounts(into: UnitMetricCounts, c: UnitMetricCounts, sign: 1 | -1 = 1): UnitMetricCounts {
  for (const k of UNIT_METRIC_COUNT_KEYS) into[k] += sign * c[k];
  return into;
}

/**
 * Adds one assignment of the cohort, judged as of `asOf` (ms), to `into`. The period filter
 * (dispatchedAt in [from, to)) is the caller's.
 */
export function countAssignment(into: UnitMetricCounts, a: CaseAssignmentSummary, asOf: number, calendar: WorkingCalendar): UnitMetricCounts {
  const by = (d: Date | null): Date | null => (d !== null && d.getTime() <= asOf ? d : null);
  into.dispatched++;
  if (by(a.returnedAt)) {
    into.returned++;
    return into;
  }
  if (a.isParked) {
    into.parked++;
    return into;
  }
  const closedAt = by(a.closedAt);
  const fixedAt = by(a.rectifiedAt) ?? closedAt;
  const deadline = a.deadlineAt?.getTime() ?? null;
  const fixedInTime = fixedAt !== null && (deadline === null || fixedAt.getTime() <= deadline);
  if (closedAt) {
    into.closed++;
    if (fixedInTime) into.closedOnTime++;
    into.handlingMs += workingMsBetween(calendar, a.dispatchedAt, fixedAt!);
  }
  if (deadline !== null && deadline < asOf && !fixedInTime) into.overdue++;
  if (a.reworkCount > 0 || fixedAt !== null) into.reachedVerification++;
  if (a.reworkCount > 0) into.reworked++;
  return into;
}

/** The rates, score and grade from summed counts. */
export function metricsFromCounts(c: UnitMetricCounts): UnitMetrics {
  const due = c.dispatched - c.returned - c.parked;
  const closureRate = ratio(c.closed, due);
  const onTimeClosureRate = ratio(c.closedOnTime, due);
  const overdueRate = ratio(c.overdue, due);
  const reworkRate = ratio(c.reworked, c.reachedVerification);
  const score = due === 0 ? null : compositeScore({ onTimeClosureRate, closureRate, reworkRate, overdueRate });
  return {
    dispatched: c.dispatched,
    returned: c.returned,
    parked: c.parked,
    due,
    closed: c.closed,
    closedOnTime: c.closedOnTime,
    overdue: c.overdue,
    reworked: c.reworked,
    reachedVerification: c.reachedVerification,
    closureRate,
    onTimeClosureRate,
    overdueRate,
    reworkRate,
    averageHandlingHours: c.closed === 0 ? null : c.handlingMs / MS_HOUR / c.closed,
    score,
    grade: score === null ? null : gradeForScore(score),
  };
}

export function computeUnitMetrics(assignments: readonly CaseAssignmentSummary[], period: MetricsPeriod, calendar: WorkingCalendar): UnitMetrics {
  const from = period.from.getTime();
  const to = period.to.getTime();
  const asOf = (period.asOf ?? period.to).getTime();
  const counts = emptyUnitMetricCounts();
  for (const a of assignments) {
    const t = a.dispatchedAt.getTime();
    if (t < from || t >= to) continue;
    countAssignment(counts, a, asOf, calendar);
  }
  return metricsFromCounts(counts);
}

// ── Red and black lists (红黑榜) ──────────────────────────────────────────────────────────────
//
// Units are ranked by composite score with ties: equal scores share a rank and the next rank skips
// (100, 100, 90 → 1, 1, 3). The red list is the listed units ranked within the top `n`, the black
// list those within the bottom `n` counted the same way from the end, where n = min(top, ⌊listed/2⌋):
//  - a tie is never split: the whole tie at the cut is on the list (a list may be longer than n);
//  - a score on the red list is never on the black list (a tie can't be on both);
//  - a unit with no deductions (score 100.0) is never blacklisted;
//  - small samples: a unit with fewer than LIST_MIN_DUE due assignments is ranked in the table but
//    put on neither list (one late case would otherwise decide its place).

/** Fewest due assignments (应结案数) for a unit to be put on the red or black list. */
export const LIST_MIN_DUE = 3;
export const FULL_SCORE = 100;

export type RankableUnit = { unitId: number; score: number | null; due: number };
export type ListRule = { top: number; minDue: number };

/** Best score first, then by id (a stable order among equals). */
export function compareByScore(a: RankableUnit, b: RankableUnit): number {
  return (b.score ?? -1) - (a.score ?? -1) || a.unitId - b.unitId;
}

/** Competition ranks by score (equal scores share a rank); units without a score have none. */
export function rankByScore(units: readonly RankableUnit[]): Map<number, number> {
  const scores = units.flatMap((u) => (u.score === null ? [] : [u.score]));
  const ranks = new Map<number, number>();
  for (const u of units) if (u.score !== null) ranks.set(u.unitId, 1 + scores.filter((s) => s > u.score!).length);
  return ranks;
}

/** The red list (best first) and the black list (worst first) of ranked units, by the rules above. */
export function redBlackLists(units: readonly RankableUnit[], top: number, minDue = LIST_MIN_DUE): { redList: number[]; blackList: number[]; rule: ListRule } {
  const rule = { top, minDue };
  const listed = units.filter((u) => u.score !== null && u.due >= minDue) as (RankableUnit & { score: number })[];
  const n = Math.min(top, Math.floor(listed.length / 2));
  if (n <= 0) return { redList: [], blackList: [], rule };
  const scores = listed.map((u) => u.score);
  const red = listed.filter((u) => 1 + scores.filter((s) => s > u.score).length <= n);
  const redScores = new Set(red.map((u) => u.score));
  const black = listed.filter((u) => 1 + scores.filter((s) => s < u.score).length <= n && !redScores.has(u.score) && u.score < FULL_SCORE);
  return {
    redList: [...red].sort(compareByScore).map((u) => u.unitId),
    blackList: [...black].sort((a, b) => a.score - b.score || a.unitId - b.unitId).map((u) => u.unitId),
    rule,
  };
}

/** How the lists treat ties and small samples, in words, printed with every list (screen, Word summary, bulletin). */
export function listRuleText(rule: ListRule, locale: Locale): string {
  return locale === 'en'
    ? `Equal scores share a rank and a tie is never split (a list may hold more than ${rule.top} units); no score is on both lists; a unit with no deductions (100.0) is never on the black list; units with fewer than ${rule.minDue} due cases are ranked but put on neither list.`
    : `得分相同的单位名次并列，并列单位不拆分（榜单可能多于${rule.top}个单位），同一得分不会同时出现在红榜和黑榜；无扣分（100.0分）的单位不列入黑榜；应结案数少于${rule.minDue}件的单位参与排名，但不列入红黑榜。`;
}
