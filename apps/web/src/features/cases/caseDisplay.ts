import { CASE_STATE_DEFINITIONS, type CaseState } from '@chuangwen/domain/cases/case.workflow';
import { DEFAULT_WORKING_CALENDAR, workingHoursBetween, workingHoursPerDay, type WorkingCalendar } from '@chuangwen/domain/calendar/working-calendar';

// Pure display helpers of cases: tag colours from the state's kind, remaining working time, inbox order.

/**
 * A state's tag colour comes from its definition (kind and whose move it is), never from a list of
 * states: terminal → grey, waiting on the office → blue, waiting on the unit → orange.
 */
export function stateColor(state: CaseState): string {
  const def = CASE_STATE_DEFINITIONS[state];
  if (def.kind === 'terminal') return 'default';
  return def.waitingOn === 'office' ? 'processing' : 'orange';
}

export type RemainingTime = { overdue: boolean; days: number; hours: number };

/**
 * Working time left until a deadline (negative → overdue), in working days and hours of the
 * calendar (7.5 h a day by default). The server's calendar may hold office edits; for display the
 * official holiday notices are close enough.
 */
export function remainingWorkingTime(deadlineIso: string, now: Date, calendar: WorkingCalendar = DEFAULT_WORKING_CALENDAR): RemainingTime {
  const deadline = new Date(deadlineIso);
  const overdue = deadline.getTime() < now.getTime();
  const hours = Math.abs(overdue ? workingHoursBetween(calendar, deadline, now) : workingHoursBetween(calendar, now, deadline));
  const perDay = workingHoursPerDay(calendar);
  const days = Math.floor(hours / perDay + 1e-9);
  const rest = Math.round((hours - days * perDay) * 10) / 10;
  return { overdue, days, hours: rest };
}

/** Inbox order: overdue first, then the nearest deadline, cases without a deadline last. */
export function compareInbox(
  a: { isOverdue: boolean; deadlineAt: string | null; id: number },
  b: { isOverdue: boolean; deadlineAt: string | null; id: number },
): number {
  if (a.isOverdue !== b.isOverdue) return a.isOverdue ? -1 : 1;
  const da = a.deadlineAt ? Date.parse(a.deadlineAt) : Number.POSITIVE_INFINITY;
  const db = b.deadlineAt ? Date.parse(b.deadlineAt) : Number.POSITIVE_INFINITY;
  if (da !== db) return da < db ? -1 : 1;
  return a.id - b.id;
}
