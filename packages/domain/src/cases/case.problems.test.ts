import { describe, expect, it } from 'vitest';
import { countProblems, isProblemFound } from './case.problems';

describe('problems found', () => {
  it('is every reported problem except the rejected ones, which are counted apart', () => {
    expect(isProblemFound('rejected')).toBe(false);
    for (const s of ['submitted', 'accepted', 'dispatched', 'rectifying', 'closed', 'parked'] as const) expect(isProblemFound(s)).toBe(true);
    expect(isProblemFound(null)).toBe(true); // a failed check not linked to a case yet
    expect(countProblems(['closed', 'rejected', 'dispatched', null, 'rejected'])).toEqual({ problemsFound: 3, rejected: 2 });
  });
});
