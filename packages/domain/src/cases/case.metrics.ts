import { workingHoursBetween, type WorkingCalendar } from '../calendar/working-calendar';

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

export function computeUnitMetrics(
  assignments: readonly CaseAssignmentSummary[],
  period: MetricsPeriod,
  calendar: WorkingCalendar,
): UnitMetrics {
  const from = period.from.getTime();
  const to = period.to.getTime();
  const asOf = (period.asOf ?? period.to).getTime();
  const by = (d: Date | null): Date | null => (d !== null && d.getTime() <= asOf ? d : null);

  let dispatched = 0;
  let returned = 0;
  let parked = 0;
  let closed = 0;
  let closedOnTime = 0;
  let overdue = 0;
  let reachedVerification = 0;
  let reworked = 0;
  let handlingHours = 0;

  for (const a of assignments) {
    const t = a.dispatchedAt.getTime();
    if (t < from || t >= to) continue;
    dispatched++;
    if (by(a.returnedAt)) {
      returned++;
      continue;
    }
    if (a.isParked) {
      parked++;
      continue;
    }
    const closedAt = by(a.closedAt);
    const fixedAt = by(a.rectifiedAt) ?? closedAt;
    const deadline = a.deadlineAt?.getTime() ?? null;
    const fixedInTime = fixedAt !== null && (deadline === null || fixedAt.getTime() <= deadline);
    if (closedAt) {
      closed++;
      if (fixedInTime) closedOnTime++;
      handlingHours += workingHoursBetween(calendar, a.dispatchedAt, fixedAt!);
    }
    if (deadline !== null && deadline < asOf && !fixedInTime) overdue++;
    if (a.reworkCount > 0 || fixedAt !== null) reachedVerification++;
    if (a.reworkCount > 0) reworked++;
  }

  const due = dispatched - returned - parked;
  const closureRate = ratio(closed, due);
  const onTimeClosureRate = ratio(closedOnTime, due);
  const overdueRate = ratio(overdue, due);
  const reworkRate = ratio(reworked, reachedVerification);
  const score = due === 0 ? null : compositeScore({ onTimeClosureRate, closureRate, reworkRate, overdueRate });
  return {
    dispatched,
    returned,
    parked,
    due,
    closed,
    closedOnTime,
    overdue,
    closureRate,
    onTimeClosureRate,
    overdueRate,
    reworkRate,
    averageHandlingHours: ratio(handlingHours, closed),
    score,
    grade: score === null ? null : gradeForScore(score),
  };
}
