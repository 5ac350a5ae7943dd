import type { CaseActionRequestBodies } from './case.inputs';
import type { CaseAction, CaseSnapshot, CaseState } from './case.workflow';

// Test factories (buildX(overrides)) shared by domain and server tests. Text carries <script> so
// every screen that shows it also proves escaping.

export const XSS = '<script>alert("xss")</script>';
export const SAMPLE_PHOTO_ID = '0b0e7a0e-3f1c-4c1e-9a53-6c2f3d9a1b01';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BASE = new Date('2026-09-28T01:00:00Z'); // Monday 09:00 in Shanghai

export function buildCaseSnapshot(overrides: Partial<CaseSnapshot> = {}): CaseSnapshot {
  return {
    state: 'submitted',
    version: 1,
    responsibleUnitId: null,
    deadlineAt: null,
    submittedAt: BASE,
    acceptedAt: null,
    dispatchedAt: null,
    rectifiedAt: null,
    closedAt: null,
    pendingExtension: null,
    parking: null,
    reworkCount: 0,
    returnCount: 0,
    extensionCount: 0,
    urgeCount: 0,
    ...overrides,
  };
}

/** A snapshot in `state` with the timestamps and fields that state implies. */
export function buildCaseInState(state: CaseState, overrides: Partial<CaseSnapshot> = {}): CaseSnapshot {
  const at = (h: number) => new Date(BASE.getTime() + h * HOUR);
  const accepted = { acceptedAt: at(1) };
  const assigned = { ...accepted, responsibleUnitId: 7, dispatchedAt: at(2), deadlineAt: at(2 + 3 * 24) };
  const byState: Record<CaseState, Partial<CaseSnapshot>> = {
    submitted: {},
    accepted,
    rejected: {},
    dispatched: assigned,
    returned: { ...accepted, dispatchedAt: at(2), returnCount: 1 },
    rectifying: assigned,
    awaitingVerification: { ...assigned, rectifiedAt: at(20) },
    closed: { ...assigned, rectifiedAt: at(20), closedAt: at(24) },
    parked: { ...assigned, parking: { plan: `plan ${XSS}`, reviewAt: at(30 * 24), parkedAt: at(10) } },
  };
  return buildCaseSnapshot({ state, version: 2, ...byState[state], ...overrides });
}

/** A valid input for `action` on `snapshot` at `now`, as the API would receive it (ISO strings). */
export function sampleActionInput<A extends CaseAction>(action: A, snapshot: CaseSnapshot, now: Date): CaseActionRequestBodies[A] {
  const iso = (t: number) => new Date(t).toISOString();
  const later = (days: number) => iso(now.getTime() + days * DAY);
  const afterDeadline = iso(Math.max(now.getTime(), snapshot.deadlineAt?.getTime() ?? 0) + 2 * DAY);
  const reason = `reason ${XSS}`;
  const inputs: { [K in CaseAction]: CaseActionRequestBodies[K] } = {
    accept: {},
    reject: { reason },
    dispatch: { responsibleUnitId: 7, deadlineAt: later(3) },
    return: { reason },
    reassign: { responsibleUnitId: 8, deadlineAt: later(3) },
    delegate: { responsibleUnitId: (snapshot.responsibleUnitId ?? 0) + 1 },
    startRectification: {},
    submitRectification: { afterPhotoIds: [SAMPLE_PHOTO_ID], note: `fixed ${XSS}` },
    verifyPass: {},
    verifyFail: { reason },
    requestExtension: { reason, requestedDeadlineAt: afterDeadline },
    approveExtension: {},
    denyExtension: { reason },
    park: { plan: `plan ${XSS}`, reviewAt: later(30) },
    unpark: { deadlineAt: later(5) },
    urge: { note: `hurry ${XSS}` },
    reopen: { reason, deadlineAt: later(3) },
    comment: { note: `note ${XSS}` },
  };
  return inputs[action];
}
