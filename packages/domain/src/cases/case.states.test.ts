import { describe, expect, it } from 'vitest';
import { publicStageOf } from '../citizens/citizen.public';
import {
  CASE_STATE_DEFINITIONS,
  CASE_STATES,
  CASE_TRANSITIONS,
  CLOCK_STATES,
  HIDDEN_STATES,
  OFFICE_STATES,
  OPEN_STATES,
  TERMINAL_STATES,
  UNIT_STATES,
  findTransition,
  statesWhere,
  type CaseAction,
} from './case.workflow';

// The derived lists say what the table says, and (spelled out once, here) what the code relied on
// when each list was still hand-written (issue #12 item 5).

const byTable = (pred: (s: (typeof CASE_STATES)[number]) => boolean) => CASE_STATES.filter(pred);

describe('state lists derived from CASE_STATE_DEFINITIONS', () => {
  it('each list equals its predicate over the table, in CASE_STATES order', () => {
    expect(OPEN_STATES).toEqual(byTable((s) => CASE_STATE_DEFINITIONS[s].kind === 'open'));
    expect(TERMINAL_STATES).toEqual(byTable((s) => CASE_STATE_DEFINITIONS[s].kind === 'terminal'));
    expect(CLOCK_STATES).toEqual(byTable((s) => CASE_STATE_DEFINITIONS[s].clockRuns));
    expect(OFFICE_STATES).toEqual(byTable((s) => CASE_STATE_DEFINITIONS[s].waitingOn === 'office'));
    expect(UNIT_STATES).toEqual(byTable((s) => CASE_STATE_DEFINITIONS[s].waitingOn === 'responsibleUnit'));
    expect(HIDDEN_STATES).toEqual(byTable((s) => !CASE_STATE_DEFINITIONS[s].publicText));
    expect(statesWhere(() => true)).toEqual([...CASE_STATES]);
    expect([...OPEN_STATES, ...TERMINAL_STATES].sort()).toEqual([...CASE_STATES].sort());
  });

  it('matches the lists the code used to spell out', () => {
    expect(OPEN_STATES).toEqual(['submitted', 'accepted', 'dispatched', 'returned', 'rectifying', 'awaitingVerification', 'parked']);
    expect(TERMINAL_STATES).toEqual(['rejected', 'closed']);
    expect(CLOCK_STATES).toEqual(['dispatched', 'rectifying']);
    expect([...OFFICE_STATES].sort()).toEqual(['accepted', 'awaitingVerification', 'returned', 'submitted']);
    expect(UNIT_STATES).toEqual(['dispatched', 'rectifying', 'parked']);
    expect(HIDDEN_STATES).toEqual(['submitted', 'rejected']);
  });

  it('public stage and Open311 status per state, as before they moved into the table', () => {
    expect(Object.fromEntries(CASE_STATES.map((s) => [s, publicStageOf(s)]))).toEqual({
      submitted: 'submitted',
      accepted: 'accepted',
      rejected: 'rejected',
      dispatched: 'dispatched',
      returned: 'dispatched',
      rectifying: 'dispatched',
      awaitingVerification: 'fixed',
      closed: 'closed',
      parked: 'dispatched',
    });
    expect(publicStageOf('rejected', true)).toBe('merged');
    expect(publicStageOf('closed', true)).toBe('closed');
    expect(Object.fromEntries(CASE_STATES.map((s) => [s, CASE_STATE_DEFINITIONS[s].open311Status]))).toEqual({
      submitted: 'open',
      accepted: 'investigating',
      returned: 'investigating',
      dispatched: 'action_scheduled',
      rectifying: 'in_progress',
      parked: 'planned',
      awaitingVerification: 'in_progress',
      closed: 'fixed',
      rejected: 'no_further_action',
    });
    expect(Object.fromEntries(CASE_STATES.map((s) => [s, CASE_STATE_DEFINITIONS[s].open311UpdateStatus]))).toEqual({
      submitted: 'OPEN',
      accepted: 'INVESTIGATING',
      returned: 'INVESTIGATING',
      dispatched: 'ACTION_SCHEDULED',
      rectifying: 'IN_PROGRESS',
      parked: 'ACTION_SCHEDULED',
      awaitingVerification: 'IN_PROGRESS',
      closed: 'FIXED',
      rejected: 'NO_FURTHER_ACTION',
    });
  });
});

describe('per-action facts the funnel reads from CASE_TRANSITIONS', () => {
  const actionsWhere = (pred: (t: (typeof CASE_TRANSITIONS)[number]) => boolean): CaseAction[] =>
    CASE_TRANSITIONS.filter(pred)
      .map((t) => t.action)
      .sort();

  it('notifies: the unit or the office queue, as the funnel switch did', () => {
    expect(actionsWhere((t) => t.notifies === 'responsibleUnit')).toEqual(
      ['approveExtension', 'delegate', 'denyExtension', 'dispatch', 'reassign', 'reopen', 'unpark', 'urge', 'verifyFail'].sort(),
    );
    expect(actionsWhere((t) => t.notifies === 'office')).toEqual(['requestExtension', 'return', 'submitRectification']);
  });

  it('assignment: started by dispatch and reassign, ended by return, untouched by delegate, comment, urge', () => {
    expect(actionsWhere((t) => t.assignment === 'start')).toEqual(['dispatch', 'reassign']);
    expect(actionsWhere((t) => t.assignment === 'end')).toEqual(['return']);
    expect(actionsWhere((t) => t.assignment === 'untouched')).toEqual(['comment', 'delegate', 'urge']);
  });

  it('a computed default deadline: the actions requiring deadlineAt; extendByWorkingDays: requestedDeadlineAt', () => {
    expect(actionsWhere((t) => t.requires.includes('deadlineAt'))).toEqual(['dispatch', 'reassign', 'reopen', 'unpark']);
    expect(actionsWhere((t) => t.requires.includes('requestedDeadlineAt'))).toEqual(['requestExtension']);
  });

  it('dispatch is reached from accepted only (the inspection round accepts, then dispatches)', () => {
    expect(CASE_STATES.filter((s) => findTransition(s, 'dispatch'))).toEqual(['accepted']);
    expect(CASE_STATES.filter((s) => findTransition(s, 'accept'))).toEqual(['submitted']);
  });
});
