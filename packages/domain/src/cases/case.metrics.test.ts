import { describe, expect, it } from 'vitest';
import { DEFAULT_WORKING_CALENDAR as cal } from '../calendar/working-calendar';
import {
  compositeScore,
  computeUnitMetrics,
  gradeForScore,
  LIST_MIN_DUE,
  listRuleText,
  rankByScore,
  redBlackLists,
  type CaseAssignmentSummary,
} from './case.metrics';

const sh = (local: string) => new Date(`${local}+08:00`);

function buildAssignment(overrides: Partial<CaseAssignmentSummary>): CaseAssignmentSummary {
  return {
    dispatchedAt: sh('2026-09-01T09:00:00'),
    deadlineAt: null,
    rectifiedAt: null,
    closedAt: null,
    returnedAt: null,
    isParked: false,
    reworkCount: 0,
    ...overrides,
  };
}

// September 2026 for one unit, worked out by hand.
const period = { from: sh('2026-09-01T00:00:00'), to: sh('2026-10-01T00:00:00') };
const assignments: CaseAssignmentSummary[] = [
  // A: on time. Handling Tue 09:00 → Wed 09:00 = 7 + 0.5 = 7.5 working hours.
  buildAssignment({
    dispatchedAt: sh('2026-09-01T09:00:00'),
    deadlineAt: sh('2026-09-03T17:30:00'),
    rectifiedAt: sh('2026-09-02T09:00:00'),
    closedAt: sh('2026-09-02T10:00:00'),
  }),
  // B: late after one rework. Mon 09:00 → Thu 09:00 = 7 + 7.5 + 7.5 + 0.5 = 22.5 h.
  buildAssignment({
    dispatchedAt: sh('2026-09-07T09:00:00'),
    deadlineAt: sh('2026-09-08T17:30:00'),
    rectifiedAt: sh('2026-09-10T09:00:00'),
    closedAt: sh('2026-09-10T11:00:00'),
    reworkCount: 1,
  }),
  // C: still open, deadline passed → overdue.
  buildAssignment({ dispatchedAt: sh('2026-09-14T09:00:00'), deadlineAt: sh('2026-09-16T17:30:00') }),
  // D: still open, deadline after asOf → not overdue.
  buildAssignment({ dispatchedAt: sh('2026-09-21T09:00:00'), deadlineAt: sh('2026-10-09T17:30:00') }),
  // E: returned as not ours.
  buildAssignment({ dispatchedAt: sh('2026-09-22T09:00:00'), returnedAt: sh('2026-09-22T10:00:00') }),
  // F: parked.
  buildAssignment({ dispatchedAt: sh('2026-09-23T09:00:00'), deadlineAt: sh('2026-09-24T17:30:00'), isParked: true }),
  // G: dispatched before the period → not in the cohort.
  buildAssignment({ dispatchedAt: sh('2026-08-31T09:00:00'), closedAt: sh('2026-09-01T09:00:00') }),
  // H: fixed in time, closed only after the period (10-02).
  buildAssignment({
    dispatchedAt: sh('2026-09-25T09:00:00'),
    deadlineAt: sh('2026-09-29T17:30:00'),
    rectifiedAt: sh('2026-09-29T10:00:00'),
    closedAt: sh('2026-10-02T10:00:00'),
  }),
];

describe('computeUnitMetrics', () => {
  it('computes a hand-checked month', () => {
    expect(computeUnitMetrics(assignments, period, cal)).toEqual({
      dispatched: 7, // A B C D E F H
      returned: 1,
      parked: 1,
      due: 5, // A B C D H
      closed: 2, // A B
      closedOnTime: 1, // A
      overdue: 2, // B C
      reworked: 1,
      reachedVerification: 3,
      closureRate: 2 / 5,
      onTimeClosureRate: 1 / 5,
      overdueRate: 2 / 5,
      reworkRate: 1 / 3, // B of A B H (C and D never reached verification)
      averageHandlingHours: (7.5 + 22.5) / 2,
      // 40·0.2 + 25·0.4 + 20·(2/3) + 15·0.6 = 8 + 10 + 13.33 + 9 = 40.33
      score: 40.3,
      grade: 'D',
    });
  });

  it('judges as of a later date', () => {
    const m = computeUnitMetrics(assignments, { ...period, asOf: sh('2026-10-03T00:00:00') }, cal);
    expect(m).toMatchObject({ closed: 3, closedOnTime: 2, overdue: 2 });
    // H: Fri 09-25 (Mid-Autumn, off) → Tue 09-29 10:00 = Mon 7.5 + Tue 1.5 = 9 h.
    expect(m.averageHandlingHours).toBeCloseTo((7.5 + 22.5 + 9) / 3, 9);
  });

  it('gives null, never NaN, for empty denominators', () => {
    expect(computeUnitMetrics([], period, cal)).toEqual({
      dispatched: 0,
      returned: 0,
      parked: 0,
      due: 0,
      closed: 0,
      closedOnTime: 0,
      overdue: 0,
      reworked: 0,
      reachedVerification: 0,
      closureRate: null,
      onTimeClosureRate: null,
      overdueRate: null,
      reworkRate: null,
      averageHandlingHours: null,
      score: null,
      grade: null,
    });
    const onlyReturned = computeUnitMetrics([assignments[4]!], period, cal);
    expect(onlyReturned).toMatchObject({ dispatched: 1, returned: 1, due: 0, closureRate: null, score: null, grade: null });
  });

  it('leaves out an unknown component and rescales the weights', () => {
    // One open case, not overdue, never verified: closure 0, on time 0, overdue 0, rework unknown.
    const m = computeUnitMetrics([assignments[3]!], period, cal);
    expect(m).toMatchObject({ due: 1, closureRate: 0, onTimeClosureRate: 0, overdueRate: 0, reworkRate: null, averageHandlingHours: null });
    expect(m.score).toBe(18.8); // 15 / 80 = 18.75
    expect(m.grade).toBe('E');
  });

  it('scores a perfect unit 100', () => {
    expect(computeUnitMetrics([assignments[0]!], period, cal)).toMatchObject({ score: 100, grade: 'A' });
  });
});

describe('grades and score', () => {
  it.each([
    [100, 'A'],
    [90, 'A'],
    [89.9, 'B'],
    [75, 'B'],
    [74.9, 'C'],
    [60, 'C'],
    [59.9, 'D'],
    [40, 'D'],
    [39.9, 'E'],
    [0, 'E'],
  ] as const)('%s → %s', (score, grade) => {
    expect(gradeForScore(score)).toBe(grade);
  });

  it('is null when nothing is known', () => {
    expect(compositeScore({ onTimeClosureRate: null, closureRate: null, reworkRate: null, overdueRate: null })).toBeNull();
  });
});

describe('red and black lists', () => {
  const u = (unitId: number, score: number | null, due = 10) => ({ unitId, score, due });

  it('ranks with ties: equal scores share a rank, the next one skips', () => {
    expect([...rankByScore([u(1, 100), u(2, 100), u(3, 90), u(4, null), u(5, 80)])]).toEqual([
      [1, 1],
      [2, 1],
      [3, 3],
      [5, 4],
    ]);
  });

  it('never puts a tie for first on the black list (锦绣社区 100.0 beside 文昌社区 100.0)', () => {
    // Before: two scored units, top 5 → one each, split by id: 锦绣 (100.0, A) on the black list.
    expect(redBlackLists([u(7, 100), u(3, 100)], 5)).toMatchObject({ redList: [3, 7], blackList: [] });
    expect(redBlackLists([u(1, 100), u(2, 100), u(3, 100), u(4, 95.5)], 2)).toMatchObject({ redList: [1, 2, 3], blackList: [4] });
  });

  it('keeps a tie at the cut whole, and never on both lists', () => {
    const units = [u(1, 98), u(2, 90), u(3, 90), u(4, 70), u(5, 60), u(6, 60), u(7, 50)];
    expect(redBlackLists(units, 2)).toMatchObject({ redList: [1, 2, 3], blackList: [7, 5, 6] });
    const lists = redBlackLists([u(1, 90), u(2, 80), u(3, 80), u(4, 80)], 2);
    expect(lists.redList).toEqual([1, 2, 3, 4]);
    expect(lists.blackList).toEqual([]);
  });

  it('never blacklists a unit with no deductions', () => {
    expect(redBlackLists([u(1, 100), u(2, 100), u(3, 100), u(4, 100)], 1)).toMatchObject({ redList: [1, 2, 3, 4], blackList: [] });
  });

  it('ranks small samples but lists none of them', () => {
    const units = [u(1, 100, 1), u(2, 95), u(3, 80), u(4, 20, LIST_MIN_DUE - 1), u(5, 60)];
    const lists = redBlackLists(units, 1);
    expect(lists).toEqual({ redList: [2], blackList: [5], rule: { top: 1, minDue: LIST_MIN_DUE } });
    expect(rankByScore(units).get(4)).toBe(5);
    expect(redBlackLists([u(1, 90), u(2, null)], 3)).toMatchObject({ redList: [], blackList: [] });
  });

  it('says how ties and small samples are treated', () => {
    expect(listRuleText({ top: 5, minDue: 3 }, 'zh-CN')).toContain('名次并列');
    expect(listRuleText({ top: 5, minDue: 3 }, 'zh-CN')).toContain('少于3件');
    expect(listRuleText({ top: 5, minDue: 3 }, 'en')).toContain('fewer than 3 due cases');
  });
});
