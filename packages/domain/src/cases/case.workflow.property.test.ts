import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleActionInput } from './case.factories';
import {
  applyAction,
  CASE_ACTIONS,
  CASE_PERMISSIONS,
  CASE_STATE_DEFINITIONS,
  CASE_STATES,
  allowedActions,
  findTransition,
  InvalidActionInputError,
  InvalidTransitionError,
  openCase,
  type CaseAction,
  type CaseEvent,
  type CaseSnapshot,
} from './case.workflow';

// Random action sequences: half the steps pick any action (mostly refused), half pick one the
// workflow allows now (to reach deep states); some inputs are emptied to exercise refusals.
const step = fc.record({
  pickAllowed: fc.boolean(),
  index: fc.nat(),
  minutes: fc.integer({ min: 1, max: 3 * 24 * 60 }),
  emptyInput: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
});

const everyone = { permissions: new Set<string>(CASE_PERMISSIONS), isOffice: true, isResponsibleUnit: true };
const count = (events: CaseEvent[], action: CaseAction) => events.filter((e) => e.action === action).length;

describe('random action sequences', () => {
  it('keep every case inside the graph and the counters equal to the events', { timeout: 60_000 }, () => {
    const visited = new Set<string>();
    const appliedActions = new Set<string>();
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 80, size: 'max' }), (steps) => {
        let now = new Date('2026-01-05T01:00:00Z');
        const opened = openCase(now);
        let snapshot: CaseSnapshot = opened.snapshot;
        const events: CaseEvent[] = [opened.event];
        let applied = 0;

        for (const s of steps) {
          now = new Date(now.getTime() + s.minutes * 60_000);
          const choices = s.pickAllowed ? allowedActions(snapshot, everyone) : CASE_ACTIONS;
          const action = choices[s.index % choices.length]!;
          const input = s.emptyInput ? {} : sampleActionInput(action, snapshot, now);
          const before = snapshot;
          try {
            const r = applyAction(snapshot, action, input, now);
            snapshot = r.snapshot;
            events.push(r.event);
            applied++;
            visited.add(snapshot.state);
            appliedActions.add(action);
          } catch (e) {
            // Refused: for a reason we can name, and nothing changed.
            if (e instanceof InvalidTransitionError) {
              expect(allowedActions(before, everyone)).not.toContain(action);
            } else {
              expect(e).toBeInstanceOf(InvalidActionInputError);
              expect(s.emptyInput).toBe(true);
            }
            expect(snapshot).toBe(before);
            continue;
          }

          const transition = findTransition(before.state, action);
          expect(transition).not.toBeNull();
          expect(CASE_STATES).toContain(snapshot.state);
          expect(snapshot.state).toBe(transition!.to === 'same' ? before.state : transition!.to);
          if (before.state === 'closed' && snapshot.state !== 'closed') expect(action).toBe('reopen');
          if (before.state === 'rejected') expect(snapshot.state).toBe('rejected');
          if (CASE_STATE_DEFINITIONS[snapshot.state].clockRuns) {
            expect(snapshot.deadlineAt).not.toBeNull();
            expect(snapshot.responsibleUnitId).not.toBeNull();
          }
          if (snapshot.pendingExtension) expect(['dispatched', 'rectifying']).toContain(snapshot.state);
          expect(snapshot.parking !== null).toBe(snapshot.state === 'parked');
          expect(snapshot.closedAt !== null).toBe(snapshot.state === 'closed');
          if (snapshot.state === 'awaitingVerification') expect(snapshot.rectifiedAt).not.toBeNull();
        }

        expect(events.length).toBe(applied + 1); // + the create event
        expect(snapshot.version).toBe(applied + 1);
        expect(snapshot.reworkCount).toBe(count(events, 'verifyFail'));
        expect(snapshot.returnCount).toBe(count(events, 'return'));
        expect(snapshot.extensionCount).toBe(count(events, 'approveExtension'));
        expect(snapshot.urgeCount).toBe(count(events, 'urge'));
        // The events chain: each starts where the previous one ended.
        events.slice(1).forEach((e, i) => expect(e.from).toBe(events[i]!.to));
        expect(events.at(-1)!.to).toBe(snapshot.state);
      }),
      { numRuns: 300 },
    );
    // Not vacuous: the runs went everywhere.
    expect([...visited].sort()).toEqual([...CASE_STATES].sort());
    expect([...appliedActions].sort()).toEqual([...CASE_ACTIONS].sort());
  });
});
