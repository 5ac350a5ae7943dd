import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildCaseInState, buildCaseSnapshot, sampleActionInput, SAMPLE_PHOTO_ID, XSS } from './case.factories';
import { caseActionInputSchemas } from './case.inputs';
import { CASE_ACTION_LABELS, CASE_STATE_LABELS } from './case.labels';
import {
  ActionForbiddenError,
  allowedActions,
  applyAction,
  assertActionAllowed,
  CASE_ACTIONS,
  CASE_PERMISSIONS,
  CASE_STATE_DEFINITIONS,
  CASE_STATES,
  CASE_TRANSITIONS,
  escalationFor,
  findTransition,
  InvalidActionInputError,
  InvalidTransitionError,
  isOverdue,
  openCase,
  type CaseAction,
  type CaseActorCapabilities,
  type CaseSnapshot,
  type CaseState,
} from './case.workflow';

// The expected graph, written out by hand (NOT derived from CASE_TRANSITIONS): state → the actions
// allowed in it → the state they lead to.
const EXPECTED: Record<CaseState, Partial<Record<CaseAction, CaseState>>> = {
  submitted: { accept: 'accepted', reject: 'rejected', comment: 'submitted' },
  accepted: { dispatch: 'dispatched', comment: 'accepted' },
  rejected: { comment: 'rejected' },
  dispatched: {
    return: 'returned',
    delegate: 'dispatched',
    startRectification: 'rectifying',
    submitRectification: 'awaitingVerification',
    requestExtension: 'dispatched',
    approveExtension: 'dispatched',
    denyExtension: 'dispatched',
    park: 'parked',
    urge: 'dispatched',
    comment: 'dispatched',
  },
  returned: { reassign: 'dispatched', comment: 'returned' },
  rectifying: {
    delegate: 'rectifying',
    submitRectification: 'awaitingVerification',
    requestExtension: 'rectifying',
    approveExtension: 'rectifying',
    denyExtension: 'rectifying',
    park: 'parked',
    urge: 'rectifying',
    comment: 'rectifying',
  },
  awaitingVerification: { verifyPass: 'closed', verifyFail: 'rectifying', comment: 'awaitingVerification' },
  closed: { reopen: 'rectifying', comment: 'closed' },
  parked: { unpark: 'rectifying', urge: 'parked', comment: 'parked' },
};

// Who may do what, also by hand: [permission, actor flag or null].
const EXPECTED_AUTH: Record<CaseAction, [string, 'office' | 'responsibleUnit' | null]> = {
  accept: ['case.accept', 'office'],
  reject: ['case.accept', 'office'],
  dispatch: ['case.dispatch', 'office'],
  return: ['case.rectify', 'responsibleUnit'],
  reassign: ['case.dispatch', 'office'],
  delegate: ['case.delegate', 'responsibleUnit'],
  startRectification: ['case.rectify', 'responsibleUnit'],
  submitRectification: ['case.rectify', 'responsibleUnit'],
  verifyPass: ['case.verify', 'office'],
  verifyFail: ['case.verify', 'office'],
  requestExtension: ['case.rectify', 'responsibleUnit'],
  approveExtension: ['case.extend', 'office'],
  denyExtension: ['case.extend', 'office'],
  park: ['case.park', 'office'],
  unpark: ['case.park', 'office'],
  urge: ['case.urge', 'office'],
  reopen: ['case.reopen', 'office'],
  comment: ['case.view', null],
};

const NOW = new Date('2026-09-29T02:00:00Z');
const withPending = (s: CaseSnapshot): CaseSnapshot => ({
  ...s,
  pendingExtension: { reason: 'rain', requestedDeadlineAt: new Date((s.deadlineAt ?? NOW).getTime() + 86_400_000 * 2), requestedAt: NOW },
});
/** A snapshot in `state` on which `action`'s guard (if any) holds. */
function fixture(state: CaseState, action: CaseAction): CaseSnapshot {
  const s = buildCaseInState(state);
  return action === 'approveExtension' || action === 'denyExtension' ? withPending(s) : s;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

const pairs = CASE_STATES.flatMap((state) => CASE_ACTIONS.map((action) => [state, action] as const));

describe('every (state, action) pair', () => {
  it('covers all 9 × 18 pairs', () => {
    expect(pairs).toHaveLength(162);
    expect(Object.keys(EXPECTED).sort()).toEqual([...CASE_STATES].sort());
  });

  it.each(pairs)('%s + %s', (state, action) => {
    const expected = EXPECTED[state][action];
    const transition = findTransition(state, action);
    const before = deepFreeze(fixture(state, action));
    if (expected === undefined) {
      expect(transition).toBeNull();
      const err = (() => {
        try {
          applyAction(before, action, sampleActionInput(action, before, NOW), NOW);
        } catch (e) {
          return e;
        }
        return null;
      })();
      expect(err).toBeInstanceOf(InvalidTransitionError);
      expect((err as InvalidTransitionError).reason).toBe('state');
      expect((err as InvalidTransitionError).code).toBe('invalidTransition');
    } else {
      expect(transition).not.toBeNull();
      const { snapshot, event } = applyAction(before, action, sampleActionInput(action, before, NOW), NOW);
      expect(snapshot.state).toBe(expected);
      expect(snapshot.version).toBe(before.version + 1);
      expect(event).toMatchObject({ action, from: state, to: expected, at: NOW });
    }
  });
});

describe('transition table', () => {
  it.each(CASE_ACTIONS)('%s has one row with the expected permission and actor', (action) => {
    const rows = CASE_TRANSITIONS.filter((t) => t.action === action);
    expect(rows).toHaveLength(1);
    const [permission, actor] = EXPECTED_AUTH[action];
    expect(rows[0]!.permission).toBe(permission);
    expect(rows[0]!.actor ?? null).toBe(actor);
    expect(CASE_PERMISSIONS).toContain(rows[0]!.permission);
  });

  it.each(CASE_TRANSITIONS.map((t) => [t.action, t] as const))('%s: requires matches the input schema', (action, t) => {
    const shape = caseActionInputSchemas[action].shape as Record<string, z.ZodType>;
    const schemaRequired = Object.keys(shape).filter((k) => !shape[k]!.safeParse(undefined).success);
    expect(schemaRequired.sort()).toEqual([...t.requires].sort());
  });

  it.each(CASE_TRANSITIONS.flatMap((t) => t.requires.map((k) => [t.action, k] as const)))('%s without %s is refused with that path', (action, key) => {
    const state = findTransitionSource(action);
    const snap = fixture(state, action);
    const input = { ...sampleActionInput(action, snap, NOW) } as Record<string, unknown>;
    delete input[key];
    expect(() => applyAction(snap, action, input, NOW)).toThrow(InvalidActionInputError);
    try {
      applyAction(snap, action, input, NOW);
    } catch (e) {
      expect((e as InvalidActionInputError).issues.map((i) => i.path)).toContain(key);
    }
  });

  it('clock effects agree with clockRuns of the states they connect', () => {
    for (const t of CASE_TRANSITIONS) {
      for (const from of t.from) {
        const to = t.to === 'same' ? from : t.to;
        const runsAfter = CASE_STATE_DEFINITIONS[to].clockRuns;
        if (t.clock === 'start' || t.clock === 'resume') expect(runsAfter, t.action).toBe(true);
        if (t.clock === 'stop' || t.clock === 'pause') expect(runsAfter, t.action).toBe(false);
        if (!t.clock) expect(runsAfter, `${t.action} from ${from}`).toBe(CASE_STATE_DEFINITIONS[from].clockRuns);
      }
    }
  });

  it('has labels for every state and action in both languages', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      for (const s of CASE_STATES) expect(CASE_STATE_LABELS[locale][s]).toBeTruthy();
      for (const a of CASE_ACTIONS) expect(CASE_ACTION_LABELS[locale][a]).toBeTruthy();
    }
  });

  it('terminal states are exactly rejected and closed', () => {
    expect(CASE_STATES.filter((s) => CASE_STATE_DEFINITIONS[s].kind === 'terminal').sort()).toEqual(['closed', 'rejected']);
  });
});

function findTransitionSource(action: CaseAction): CaseState {
  const state = CASE_STATES.find((s) => EXPECTED[s][action] !== undefined);
  if (!state) throw new Error(`no state allows ${action}`);
  return state;
}

describe('allowedActions', () => {
  const all = new Set<string>(CASE_PERMISSIONS);
  const office: CaseActorCapabilities = { permissions: all, isOffice: true, isResponsibleUnit: false };
  const handler: CaseActorCapabilities = {
    permissions: new Set(['case.view', 'case.rectify']),
    isOffice: false,
    isResponsibleUnit: true,
  };
  const manager: CaseActorCapabilities = { ...handler, permissions: new Set(['case.view', 'case.rectify', 'case.delegate']) };

  it('a handler of the responsible unit sees the unit buttons on a dispatched case', () => {
    expect(allowedActions(buildCaseInState('dispatched'), handler)).toEqual([
      'return',
      'startRectification',
      'submitRectification',
      'requestExtension',
      'comment',
    ]);
    expect(allowedActions(buildCaseInState('dispatched'), manager)).toContain('delegate');
  });

  it('the same permissions held for another unit give nothing but comment', () => {
    expect(allowedActions(buildCaseInState('dispatched'), { ...handler, isResponsibleUnit: false })).toEqual(['comment']);
  });

  it('the office sees office buttons; extension decisions only while a request is open', () => {
    expect(allowedActions(buildCaseInState('dispatched'), office)).toEqual(['park', 'urge', 'comment']);
    expect(allowedActions(withPending(buildCaseInState('rectifying')), office)).toEqual(['approveExtension', 'denyExtension', 'park', 'urge', 'comment']);
    expect(allowedActions(withPending(buildCaseInState('rectifying')), handler)).not.toContain('requestExtension');
    expect(allowedActions(buildCaseInState('submitted'), office)).toEqual(['accept', 'reject', 'comment']);
    expect(allowedActions(buildCaseInState('closed'), office)).toEqual(['reopen', 'comment']);
    expect(allowedActions(buildCaseInState('rejected'), office)).toEqual(['comment']);
  });

  it('a second extension needs the higher approval permission; the first does not', () => {
    const approver: CaseActorCapabilities = { ...office, permissions: new Set(['case.view', 'case.extend']) };
    const first = withPending(buildCaseInState('rectifying'));
    const second = { ...first, extensionCount: 1 };
    expect(allowedActions(first, approver)).toEqual(['approveExtension', 'denyExtension', 'comment']);
    expect(escalationFor(first, 'approveExtension')).toBeNull();
    // Denying stays with the ordinary approver; approving again does not.
    expect(allowedActions(second, approver)).toEqual(['denyExtension', 'comment']);
    expect(escalationFor(second, 'approveExtension')).toBe('case.extendAgain');
    expect(() => assertActionAllowed(second, 'approveExtension', approver)).toThrowError(/escalation/);
    const higher = { ...approver, permissions: new Set([...approver.permissions, 'case.extendAgain']) };
    expect(allowedActions(second, higher)).toEqual(['approveExtension', 'denyExtension', 'comment']);
    // The higher permission alone is not enough: it adds to case.extend, it does not replace it.
    expect(allowedActions(second, { ...office, permissions: new Set(['case.view', 'case.extendAgain']) })).toEqual(['comment']);
  });

  it('no permissions, no actions', () => {
    expect(allowedActions(buildCaseInState('dispatched'), { permissions: new Set(), isOffice: true, isResponsibleUnit: true })).toEqual([]);
  });

  it('assertActionAllowed says why', () => {
    const s = buildCaseInState('awaitingVerification');
    expect(() => assertActionAllowed(s, 'verifyPass', handler)).toThrow(ActionForbiddenError);
    expect(() => assertActionAllowed(s, 'verifyPass', { ...office, isOffice: false })).toThrowError(/actor/);
    expect(() => assertActionAllowed(s, 'verifyPass', { ...office, permissions: new Set(['case.view']) })).toThrowError(/permission/);
    expect(() => assertActionAllowed(s, 'dispatch', office)).toThrow(InvalidTransitionError);
    expect(assertActionAllowed(s, 'verifyPass', office).to).toBe('closed');
  });
});

describe('applyAction', () => {
  const at = (h: number) => new Date(NOW.getTime() + h * 3_600_000);

  it('runs the whole loop with a rework, and the timeline carries everything', () => {
    let { snapshot, event } = openCase(at(0));
    const events = [event];
    const step = (action: CaseAction, input: unknown, h: number) => {
      ({ snapshot, event } = applyAction(snapshot, action, input, at(h)));
      events.push(event);
    };
    step('accept', {}, 1);
    step('dispatch', { responsibleUnitId: 7, deadlineAt: at(48).toISOString() }, 2);
    expect(snapshot).toMatchObject({ state: 'dispatched', responsibleUnitId: 7, deadlineAt: at(48), dispatchedAt: at(2) });
    step('submitRectification', { afterPhotoIds: [SAMPLE_PHOTO_ID], note: XSS }, 10);
    expect(snapshot.rectifiedAt).toEqual(at(10));
    step('verifyFail', { reason: 'still dirty' }, 12);
    expect(snapshot).toMatchObject({ state: 'rectifying', reworkCount: 1, rectifiedAt: null, deadlineAt: at(48) });
    step('submitRectification', { afterPhotoIds: [SAMPLE_PHOTO_ID] }, 20);
    step('verifyPass', {}, 22);
    expect(snapshot).toMatchObject({ state: 'closed', closedAt: at(22), rectifiedAt: at(20), version: 7 });
    expect(events.map((e) => e.action)).toEqual(['create', 'accept', 'dispatch', 'submitRectification', 'verifyFail', 'submitRectification', 'verifyPass']);
    expect(events[3]).toMatchObject({ note: XSS, attachmentIds: [SAMPLE_PHOTO_ID], clock: 'stop' });
    expect(events[4]).toMatchObject({ counts: 'rework', clock: 'resume', data: { reason: 'still dirty' } });
  });

  it('extension: request, then approve moves the deadline and keeps the state; deny keeps it', () => {
    const s0 = buildCaseInState('rectifying');
    const wanted = new Date(s0.deadlineAt!.getTime() + 5 * 86_400_000);
    const r = applyAction(s0, 'requestExtension', { reason: 'rain', requestedDeadlineAt: wanted }, NOW);
    expect(r.snapshot).toMatchObject({ state: 'rectifying', pendingExtension: { requestedDeadlineAt: wanted, requestedAt: NOW } });
    expect(() => applyAction(r.snapshot, 'requestExtension', { reason: 'again', requestedDeadlineAt: wanted }, NOW)).toThrowError(
      expect.objectContaining({ reason: 'noPendingExtension' }),
    );
    const ok = applyAction(r.snapshot, 'approveExtension', {}, NOW);
    expect(ok.snapshot).toMatchObject({ state: 'rectifying', deadlineAt: wanted, pendingExtension: null, extensionCount: 1 });
    expect(ok.event.data).toMatchObject({ previousDeadlineAt: s0.deadlineAt, deadlineAt: wanted });
    const shorter = new Date(s0.deadlineAt!.getTime() + 86_400_000);
    expect(applyAction(r.snapshot, 'approveExtension', { deadlineAt: shorter }, NOW).snapshot.deadlineAt).toEqual(shorter);
    const no = applyAction(r.snapshot, 'denyExtension', { reason: 'no' }, NOW);
    expect(no.snapshot).toMatchObject({ deadlineAt: s0.deadlineAt, pendingExtension: null, extensionCount: 0 });
    expect(() => applyAction(s0, 'approveExtension', {}, NOW)).toThrowError(expect.objectContaining({ reason: 'pendingExtension' }));
  });

  it('a state change withdraws an open extension request', () => {
    const s = withPending(buildCaseInState('rectifying'));
    const r = applyAction(s, 'submitRectification', { afterPhotoIds: [SAMPLE_PHOTO_ID] }, NOW);
    expect(r.snapshot.pendingExtension).toBeNull();
    expect(r.event.data.withdrawnExtension).toEqual(s.pendingExtension);
  });

  it('an extension must move the deadline later', () => {
    const s = buildCaseInState('rectifying');
    expect(() => applyAction(s, 'requestExtension', { reason: 'x', requestedDeadlineAt: s.deadlineAt }, NOW)).toThrow(InvalidActionInputError);
  });

  it('park keeps the unit and pauses; unpark needs a new deadline', () => {
    const s = buildCaseInState('rectifying');
    const p = applyAction(s, 'park', { plan: 'budget in 2027', reviewAt: '2026-12-31T00:00:00+08:00' }, NOW);
    expect(p.snapshot).toMatchObject({ state: 'parked', responsibleUnitId: 7, parking: { plan: 'budget in 2027', parkedAt: NOW } });
    expect(p.event.clock).toBe('pause');
    expect(isOverdue(p.snapshot, new Date('2030-01-01'))).toBe(false);
    expect(() => applyAction(p.snapshot, 'unpark', {}, NOW)).toThrow(InvalidActionInputError);
    const u = applyAction(p.snapshot, 'unpark', { deadlineAt: at(100) }, NOW);
    expect(u.snapshot).toMatchObject({ state: 'rectifying', parking: null, deadlineAt: at(100) });
  });

  it('return ends the assignment; reassign starts a new one', () => {
    const s = buildCaseInState('dispatched');
    const r = applyAction(s, 'return', { reason: 'not ours' }, NOW);
    expect(r.snapshot).toMatchObject({ state: 'returned', responsibleUnitId: null, deadlineAt: null, returnCount: 1 });
    expect(r.event.data).toMatchObject({ returnedByUnitId: 7 });
    const a = applyAction(r.snapshot, 'reassign', { responsibleUnitId: 9, deadlineAt: at(30) }, at(1));
    expect(a.snapshot).toMatchObject({ state: 'dispatched', responsibleUnitId: 9, deadlineAt: at(30), dispatchedAt: at(1) });
  });

  it('delegate moves the case within the unit and keeps the deadline', () => {
    const s = buildCaseInState('dispatched');
    expect(applyAction(s, 'delegate', { responsibleUnitId: 12 }, NOW).snapshot).toMatchObject({ responsibleUnitId: 12, deadlineAt: s.deadlineAt });
    expect(() => applyAction(s, 'delegate', { responsibleUnitId: 7 }, NOW)).toThrow(InvalidActionInputError);
  });

  it('reopen is the only way out of closed', () => {
    const s = buildCaseInState('closed');
    const r = applyAction(s, 'reopen', { reason: 'came back', deadlineAt: at(24) }, NOW);
    expect(r.snapshot).toMatchObject({ state: 'rectifying', closedAt: null, rectifiedAt: null, deadlineAt: at(24) });
  });

  it('refuses bad input with every bad path', () => {
    const s = buildCaseInState('accepted');
    const bad = (input: unknown) => {
      try {
        applyAction(s, 'dispatch', input, NOW);
      } catch (e) {
        expect(e).toBeInstanceOf(InvalidActionInputError);
        return (e as InvalidActionInputError).issues.map((i) => i.path).sort();
      }
      throw new Error('accepted bad input');
    };
    expect(bad(undefined)).toEqual(['deadlineAt', 'responsibleUnitId']);
    expect(bad({ responsibleUnitId: 7, deadlineAt: 'tomorrow' })).toEqual(['deadlineAt']);
    expect(bad({ responsibleUnitId: 7, deadlineAt: '2026-10-08T09:30:00' })).toEqual(['deadlineAt']); // no offset
    expect(bad({ responsibleUnitId: 7, deadlineAt: at(-1) })).toEqual(['deadlineAt']); // in the past
    expect(bad({ responsibleUnitId: 7, deadlineAt: at(5), extra: 1 })).toEqual(['']);
    expect(bad({ responsibleUnitId: 0, deadlineAt: at(5) })).toEqual(['responsibleUnitId']);
    expect(() => applyAction(buildCaseInState('rectifying'), 'submitRectification', { afterPhotoIds: [] }, NOW)).toThrowError(/afterPhotoIds/);
    expect(() => applyAction(buildCaseInState('rectifying'), 'submitRectification', { afterPhotoIds: ['x.jpg'] }, NOW)).toThrowError(/afterPhotoIds/);
    expect(() => applyAction(buildCaseInState('rectifying'), 'urge', { note: '   ' }, NOW)).toThrowError(/note/);
  });

  it('does not modify the given snapshot', () => {
    const s = deepFreeze(buildCaseInState('dispatched'));
    const copy = buildCaseInState('dispatched');
    applyAction(s, 'urge', { note: 'now' }, NOW);
    expect(s).toEqual(copy);
  });

  it('isOverdue only while the clock runs', () => {
    const s = buildCaseInState('rectifying');
    const after = new Date(s.deadlineAt!.getTime() + 1);
    expect(isOverdue(s, s.deadlineAt!)).toBe(false);
    expect(isOverdue(s, after)).toBe(true);
    expect(isOverdue({ ...s, state: 'awaitingVerification' }, after)).toBe(false);
    expect(isOverdue(buildCaseSnapshot(), after)).toBe(false);
  });
});
