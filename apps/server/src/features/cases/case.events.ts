import type { CaseAction, CaseTransition } from '@chuangwen/domain/cases/case.workflow';
import type { CaseRow } from './case.repo';

// The cases' domain events, named like the audit action each change records; emitted inside the
// change's unit of work and heard after it commits (the dashboard's live feed, the notifications).

/** A workflow action applied by the funnel: the case as saved, and whom the workflow table says to tell. */
export type CaseActionEvent = { case: CaseRow; action: CaseAction; notifies: CaseTransition['notifies'] };
/** A case marked overdue by the job. */
export type CaseOverdueEvent = { caseId: number; number: string; responsibleUnitId: number | null; areaUnitPath: string; deadlineAt: string };

type CaseActionEvents = { [A in CaseAction as `case.${A}`]: CaseActionEvent };

declare module '../../platform/events/domain-events' {
  interface DomainEvents extends CaseActionEvents {
    'case.create': { case: CaseRow };
    'case.overdue': CaseOverdueEvent;
  }
}
