import { workingMsBetween, type WorkingCalendar } from '../calendar/working-calendar';

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
  'dispatched', 'returned', 'parked', 'closed', 'closedOnTime', 'overdue', 'reachedVerification', 'reworked', 'handlingMs',
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
    closureRate,
    onTimeClosureRate,
    overdueRate,
    reworkRate,
    averageHandlingHours: c.closed === 0 ? null : c.handlingMs / MS_HOUR / c.closed,
    score,
    grade: score === null ? null : gradeForScore(score),
  };
}

export function computeUnitMetrics(
  assignments: readonly CaseAssignmentSummary[],
  period: MetricsPeriod,
  calendar: WorkingCalendar,
): UnitMetrics {
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
