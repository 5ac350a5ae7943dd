import type { CaseState } from './case.workflow';

// "Problems found" (发现问题), ONE definition for the dashboard, the work summary, bulletins and an
// inspection round's results: every reported problem (a case, or a failed check of a round) except
// the ones the office found invalid and rejected (不予立案, state `rejected`). Rejected problems are
// not hidden: they are counted apart (`rejected`), never in "found" nor in any rate built on it.
// A failed check whose case is not (yet) linked counts as found: the inspector saw it.

/** Case states that take a case out of "problems found". */
export const NOT_A_PROBLEM_STATES = ['rejected'] as const satisfies readonly CaseState[];

export function isProblemFound(state: CaseState | null | undefined): boolean {
  return !(NOT_A_PROBLEM_STATES as readonly string[]).includes(state ?? '');
}

/** Splits reported problems into found and rejected. */
export function countProblems(states: readonly (CaseState | null | undefined)[]): { problemsFound: number; rejected: number } {
  let problemsFound = 0;
  for (const s of states) if (isProblemFound(s)) problemsFound++;
  return { problemsFound, rejected: states.length - problemsFound };
}
