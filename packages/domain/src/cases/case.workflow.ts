import { caseActionInputSchemas, type CaseActionInputs } from './case.inputs';

// The case workflow as data (GB/T 30428: 立案 → 派遣 → 处置 → 核查 → 结案, with 退回/改派, 延期, 挂账,
// 督办 and 返工). Code asks a state's *kind* and the transition table; it never lists states by hand.
// docs/workflow.md is generated from this file (scripts/gen-workflow-doc.ts).
//
// Names: states are participles and actions are verbs, both camelCase (`awaitingVerification`,
// `verifyFail`) like every other code in the domain; i18n keys are `case.state.<code>` and
// `case.action.<code>`; database CHECK constraints list CASE_STATES.
//
// Modelling decisions:
// - Deadline clock: `clockRuns` per state is the truth (dispatched, rectifying). A transition's
//   `clock` says what it does to the clock: start (a unit gets the case with a new deadline:
//   dispatch, reassign), stop (the unit reported the fix: submitRectification), pause (the case
//   leaves the unit's hands without being done: return, park), resume (the unit works again:
//   verifyFail keeps the old deadline unless the verifier sets one, so rework does not buy time;
//   unpark and reopen need a new deadline). Deadlines are computed by the caller with the working
//   calendar from the subcategory's limit; this module never computes one.
// - Extension (延期) is not a state, so it cannot lose the main state: `pendingExtension` holds an
//   open request; requestExtension / approveExtension / denyExtension keep the state (to: 'same')
//   and are guarded by whether a request is open. Any change of state withdraws an open request
//   (e.g. the unit submits its fix instead). `extensionCount` counts approved extensions, so the
//   server can demand higher approval for a second one (DOMAIN §3).
// - Park (挂账) is a state: the case sits in the problem pool with `parking` = {plan, reviewAt},
//   the clock paused and the unit kept; unpark returns it to rectifying with a new deadline.
// - Return (退回) clears `responsibleUnitId` and `deadlineAt` (the unit's assignment ended); the
//   event keeps which unit returned it. Reassign (改派) starts a new assignment.
// - Delegate (转派/下派, issue #4 item 5) lets a responsible unit pass the case to one of its
//   sub-units (town → community); the server checks the target is in the actor's subtree.
// - Create is not a transition: `openCase` makes the first snapshot and a `create` event.

export const CASE_STATES = ['submitted', 'accepted', 'rejected', 'dispatched', 'returned', 'rectifying', 'awaitingVerification', 'closed', 'parked'] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const CASE_STATE_KINDS = ['open', 'terminal'] as const;
export type CaseStateKind = (typeof CASE_STATE_KINDS)[number];

export type CaseStateDefinition = {
  kind: CaseStateKind;
  /** Whether the deadline clock runs (the case can become overdue). */
  clockRuns: boolean;
  /** Whose move it is: drives inboxes ("ball in court"). */
  waitingOn: 'office' | 'responsibleUnit' | null;
  /** What the public is told (citizen page, Open311 notes); a rejected duplicate reads `merged`. */
  publicStage: 'submitted' | 'accepted' | 'rejected' | 'dispatched' | 'fixed' | 'closed';
  /** Whether the public may read the report's text: moderated and not turned down. */
  publicText: boolean;
  /** Open311 (GeoReport v2) extended status, for `extensions=true`. */
  open311Status: 'open' | 'investigating' | 'action_scheduled' | 'in_progress' | 'planned' | 'fixed' | 'no_further_action';
  /** The status in mySociety's servicerequestupdates (FixMyStreet's upper-case set: no PLANNED). */
  open311UpdateStatus: 'OPEN' | 'INVESTIGATING' | 'ACTION_SCHEDULED' | 'IN_PROGRESS' | 'FIXED' | 'NO_FURTHER_ACTION';
};

export const CASE_STATE_DEFINITIONS = {
  submitted: {
    kind: 'open',
    clockRuns: false,
    waitingOn: 'office',
    publicStage: 'submitted',
    publicText: false,
    open311Status: 'open',
    open311UpdateStatus: 'OPEN',
  },
  accepted: {
    kind: 'open',
    clockRuns: false,
    waitingOn: 'office',
    publicStage: 'accepted',
    publicText: true,
    open311Status: 'investigating',
    open311UpdateStatus: 'INVESTIGATING',
  },
  rejected: {
    kind: 'terminal',
    clockRuns: false,
    waitingOn: null,
    publicStage: 'rejected',
    publicText: false,
    open311Status: 'no_further_action',
    open311UpdateStatus: 'NO_FURTHER_ACTION',
  },
  dispatched: {
    kind: 'open',
    clockRuns: true,
    waitingOn: 'responsibleUnit',
    publicStage: 'dispatched',
    publicText: true,
    open311Status: 'action_scheduled',
    open311UpdateStatus: 'ACTION_SCHEDULED',
  },
  returned: {
    kind: 'open',
    clockRuns: false,
    waitingOn: 'office',
    publicStage: 'dispatched',
    publicText: true,
    open311Status: 'investigating',
    open311UpdateStatus: 'INVESTIGATING',
  },
  rectifying: {
    kind: 'open',
    clockRuns: true,
    waitingOn: 'responsibleUnit',
    publicStage: 'dispatched',
    publicText: true,
    open311Status: 'in_progress',
    open311UpdateStatus: 'IN_PROGRESS',
  },
  awaitingVerification: {
    kind: 'open',
    clockRuns: false,
    waitingOn: 'office',
    publicStage: 'fixed',
    publicText: true,
    open311Status: 'in_progress',
    open311UpdateStatus: 'IN_PROGRESS',
  },
  // Terminal, yet an office may reopen it explicitly (the only way out).
  closed: {
    kind: 'terminal',
    clockRuns: false,
    waitingOn: null,
    publicStage: 'closed',
    publicText: true,
    open311Status: 'fixed',
    open311UpdateStatus: 'FIXED',
  },
  parked: {
    kind: 'open',
    clockRuns: false,
    waitingOn: 'responsibleUnit',
    publicStage: 'dispatched',
    publicText: true,
    open311Status: 'planned',
    open311UpdateStatus: 'ACTION_SCHEDULED',
  },
} as const satisfies Record<CaseState, CaseStateDefinition>;

// ── derived state lists: the only lists of states outside the table (case.states.test.ts) ────

/** The states whose definition satisfies `pred`, in CASE_STATES order. */
export function statesWhere(pred: (def: CaseStateDefinition, state: CaseState) => boolean): CaseState[] {
  return CASE_STATES.filter((s) => pred(CASE_STATE_DEFINITIONS[s], s));
}

export const OPEN_STATES: readonly CaseState[] = statesWhere((d) => d.kind === 'open');
export const TERMINAL_STATES: readonly CaseState[] = statesWhere((d) => d.kind === 'terminal');
/** The deadline clock runs: the responsible unit has the case in hand (dispatched, rectifying). */
export const CLOCK_STATES: readonly CaseState[] = statesWhere((d) => d.clockRuns);
/** The office's move: its inbox. */
export const OFFICE_STATES: readonly CaseState[] = statesWhere((d) => d.waitingOn === 'office');
/** The responsible unit's move (including parked cases it still owns). */
export const UNIT_STATES: readonly CaseState[] = statesWhere((d) => d.waitingOn === 'responsibleUnit');
/** The public may not read the report's text (not yet moderated, or turned down). */
export const HIDDEN_STATES: readonly CaseState[] = statesWhere((d) => !d.publicText);

export const CASE_ACTIONS = [
  'accept',
  'reject',
  'dispatch',
  'return',
  'reassign',
  'delegate',
  'startRectification',
  'submitRectification',
  'verifyPass',
  'verifyFail',
  'requestExtension',
  'approveExtension',
  'denyExtension',
  'park',
  'unpark',
  'urge',
  'reopen',
  'comment',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];
/** Actions as they appear on the timeline: the workflow's plus the case's creation. */
export type CaseEventAction = CaseAction | 'create';

/** The case permissions, to be merged into auth/permissions.ts (the one permission table). */
export const CASE_PERMISSIONS = [
  'case.view',
  'case.create',
  'case.accept',
  'case.dispatch',
  'case.delegate',
  'case.rectify',
  'case.verify',
  'case.extend',
  'case.extendAgain',
  'case.urge',
  'case.park',
  'case.reopen',
] as const;
export type CasePermission = (typeof CASE_PERMISSIONS)[number];

export const CLOCK_EFFECTS = ['start', 'stop', 'pause', 'resume'] as const;
export type ClockEffect = (typeof CLOCK_EFFECTS)[number];
export const CASE_COUNTERS = ['rework', 'return', 'extension', 'urge'] as const;
export type CaseCounter = (typeof CASE_COUNTERS)[number];
/** Who must perform the action besides holding the permission; absent = anyone with it. */
export const CASE_ACTORS = ['responsibleUnit', 'office', 'reporter'] as const;
export type CaseActor = (typeof CASE_ACTORS)[number];
/** Conditions on the snapshot beyond the current state. */
export const CASE_GUARDS = ['noPendingExtension', 'pendingExtension'] as const;
export type CaseGuard = (typeof CASE_GUARDS)[number];
/** Conditions under which an action needs a second, higher permission. */
export const CASE_ESCALATIONS = ['repeatExtension'] as const;
export type CaseEscalation = (typeof CASE_ESCALATIONS)[number];

export type CaseTransition = {
  readonly action: CaseAction;
  readonly from: readonly CaseState[];
  readonly to: CaseState | 'same';
  readonly permission: CasePermission;
  /** Input keys that must be present (see case.inputs.ts). */
  readonly requires: readonly string[];
  readonly clock?: ClockEffect;
  readonly counts?: CaseCounter;
  readonly actor?: CaseActor;
  readonly guard?: CaseGuard;
  /** When `when` holds on the snapshot, the actor must also hold `permission`. */
  readonly escalate?: { readonly when: CaseEscalation; readonly permission: CasePermission };
  /** Who is told after commit: the responsible unit, or the office's queue (the county root). */
  readonly notifies?: 'responsibleUnit' | 'office';
  /**
   * What the action does to the unit's assignment (the metrics' row per dispatch): start a new
   * one, end it (returned), or leave it untouched; absent = the open assignment follows the
   * snapshot (deadline, fix, closing, parking, rework).
   */
  readonly assignment?: 'start' | 'end' | 'untouched';
};

const UNIT_WORKING = CLOCK_STATES;

/** One row per action. Order is the order buttons are drawn in. */
export const CASE_TRANSITIONS: readonly CaseTransition[] = [
  { action: 'accept', from: ['submitted'], to: 'accepted', permission: 'case.accept', requires: [], actor: 'office' },
  { action: 'reject', from: ['submitted'], to: 'rejected', permission: 'case.accept', requires: ['reason'], actor: 'office' },
  {
    action: 'dispatch',
    from: ['accepted'],
    to: 'dispatched',
    permission: 'case.dispatch',
    requires: ['responsibleUnitId', 'deadlineAt'],
    clock: 'start',
    actor: 'office',
    notifies: 'responsibleUnit',
    assignment: 'start',
  },
  {
    action: 'return',
    from: ['dispatched'],
    to: 'returned',
    permission: 'case.rectify',
    requires: ['reason'],
    clock: 'pause',
    counts: 'return',
    actor: 'responsibleUnit',
    notifies: 'office',
    assignment: 'end',
  },
  {
    action: 'reassign',
    from: ['returned'],
    to: 'dispatched',
    permission: 'case.dispatch',
    requires: ['responsibleUnitId', 'deadlineAt'],
    clock: 'start',
    actor: 'office',
    notifies: 'responsibleUnit',
    assignment: 'start',
  },
  {
    action: 'delegate',
    from: UNIT_WORKING,
    to: 'same',
    permission: 'case.delegate',
    requires: ['responsibleUnitId'],
    actor: 'responsibleUnit',
    notifies: 'responsibleUnit',
    assignment: 'untouched',
  },
  {
    action: 'startRectification',
    from: ['dispatched'],
    to: 'rectifying',
    permission: 'case.rectify',
    requires: [],
    actor: 'responsibleUnit',
  },
  {
    // Also straight from dispatched: a handler who fixes it at once should not need two taps.
    action: 'submitRectification',
    from: UNIT_WORKING,
    to: 'awaitingVerification',
    permission: 'case.rectify',
    requires: ['afterPhotoIds'],
    clock: 'stop',
    actor: 'responsibleUnit',
    notifies: 'office',
  },
  { action: 'verifyPass', from: ['awaitingVerification'], to: 'closed', permission: 'case.verify', requires: [], actor: 'office' },
  {
    action: 'verifyFail',
    from: ['awaitingVerification'],
    to: 'rectifying',
    permission: 'case.verify',
    requires: ['reason'],
    clock: 'resume',
    counts: 'rework',
    actor: 'office',
    notifies: 'responsibleUnit',
  },
  {
    action: 'requestExtension',
    from: UNIT_WORKING,
    to: 'same',
    permission: 'case.rectify',
    requires: ['reason', 'requestedDeadlineAt'],
    actor: 'responsibleUnit',
    guard: 'noPendingExtension',
    notifies: 'office',
  },
  {
    // A second extension of the same case needs higher approval (DOMAIN §3).
    action: 'approveExtension',
    from: UNIT_WORKING,
    to: 'same',
    permission: 'case.extend',
    requires: [],
    counts: 'extension',
    actor: 'office',
    guard: 'pendingExtension',
    escalate: { when: 'repeatExtension', permission: 'case.extendAgain' },
    notifies: 'responsibleUnit',
  },
  {
    action: 'denyExtension',
    from: UNIT_WORKING,
    to: 'same',
    permission: 'case.extend',
    requires: ['reason'],
    actor: 'office',
    guard: 'pendingExtension',
    notifies: 'responsibleUnit',
  },
  {
    action: 'park',
    from: UNIT_WORKING,
    to: 'parked',
    permission: 'case.park',
    requires: ['plan', 'reviewAt'],
    clock: 'pause',
    actor: 'office',
  },
  {
    action: 'unpark',
    from: ['parked'],
    to: 'rectifying',
    permission: 'case.park',
    requires: ['deadlineAt'],
    clock: 'resume',
    actor: 'office',
    notifies: 'responsibleUnit',
  },
  {
    action: 'urge',
    from: UNIT_STATES,
    to: 'same',
    permission: 'case.urge',
    requires: ['note'],
    counts: 'urge',
    actor: 'office',
    notifies: 'responsibleUnit',
    assignment: 'untouched',
  },
  {
    action: 'reopen',
    from: ['closed'],
    to: 'rectifying',
    permission: 'case.reopen',
    requires: ['reason', 'deadlineAt'],
    clock: 'resume',
    actor: 'office',
    notifies: 'responsibleUnit',
  },
  { action: 'comment', from: CASE_STATES, to: 'same', permission: 'case.view', requires: ['note'], assignment: 'untouched' },
];

// ── snapshot and events ──────────────────────────────────────────────────────────────────────

export type PendingExtension = { reason: string; requestedDeadlineAt: Date; requestedAt: Date };
export type Parking = { plan: string; reviewAt: Date; parkedAt: Date };

/** The workflow-relevant part of a case (the server's row has more: number, location, photos…). */
export type CaseSnapshot = {
  state: CaseState;
  /** Optimistic-locking version; every applied action adds one. */
  version: number;
  responsibleUnitId: number | null;
  deadlineAt: Date | null;
  submittedAt: Date;
  acceptedAt: Date | null;
  /** Start of the current assignment (last dispatch or reassign). */
  dispatchedAt: Date | null;
  /** The fix that stands: set by submitRectification, cleared by verifyFail and reopen. */
  rectifiedAt: Date | null;
  closedAt: Date | null;
  pendingExtension: PendingExtension | null;
  parking: Parking | null;
  reworkCount: number;
  returnCount: number;
  extensionCount: number;
  urgeCount: number;
};

export type CaseEvent = {
  action: CaseEventAction;
  from: CaseState | null;
  to: CaseState;
  at: Date;
  note: string | null;
  attachmentIds: string[];
  clock: ClockEffect | null;
  counts: CaseCounter | null;
  /** Action-specific facts: reason, deadlineAt, previousDeadlineAt, responsibleUnitId, plan… */
  data: Record<string, unknown>;
};

export const COUNTER_FIELDS = {
  rework: 'reworkCount',
  return: 'returnCount',
  extension: 'extensionCount',
  urge: 'urgeCount',
} as const satisfies Record<CaseCounter, keyof CaseSnapshot>;

/** The first snapshot of a new case and its `create` event. */
export function openCase(now: Date): { snapshot: CaseSnapshot; event: CaseEvent } {
  return {
    snapshot: {
      state: 'submitted',
      version: 1,
      responsibleUnitId: null,
      deadlineAt: null,
      submittedAt: now,
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
    },
    event: { action: 'create', from: null, to: 'submitted', at: now, note: null, attachmentIds: [], clock: null, counts: null, data: {} },
  };
}

// ── errors ───────────────────────────────────────────────────────────────────────────────────

export type CaseWorkflowErrorCode = 'invalidTransition' | 'invalidInput' | 'forbidden';

/** Base class; the server maps invalidTransition → 409, invalidInput → 400, forbidden → 403. */
export class CaseWorkflowError extends Error {
  constructor(
    readonly code: CaseWorkflowErrorCode,
    readonly action: CaseAction,
    message: string,
  ) {
    super(message);
    this.name = 'CaseWorkflowError';
  }
}

export class InvalidTransitionError extends CaseWorkflowError {
  constructor(
    readonly state: CaseState,
    action: CaseAction,
    /** 'state': no transition from this state; otherwise the guard that failed. */
    readonly reason: 'state' | CaseGuard,
  ) {
    super('invalidTransition', action, `cannot ${action} a case in state ${state}${reason === 'state' ? '' : ` (${reason})`}`);
    this.name = 'InvalidTransitionError';
  }
}

export type InputIssue = { path: string; message: string };

export class InvalidActionInputError extends CaseWorkflowError {
  constructor(
    action: CaseAction,
    readonly issues: InputIssue[],
  ) {
    super('invalidInput', action, `invalid input for ${action}: ${issues.map((i) => `${i.path || '(input)'}: ${i.message}`).join('; ')}`);
    this.name = 'InvalidActionInputError';
  }
}

export class ActionForbiddenError extends CaseWorkflowError {
  constructor(
    action: CaseAction,
    readonly missing: 'permission' | 'actor' | 'escalation',
  ) {
    super('forbidden', action, `not allowed to ${action} (${missing})`);
    this.name = 'ActionForbiddenError';
  }
}

// ── queries ──────────────────────────────────────────────────────────────────────────────────

export function findTransition(state: CaseState, action: CaseAction): CaseTransition | null {
  return CASE_TRANSITIONS.find((t) => t.action === action && t.from.includes(state)) ?? null;
}

export function stateKind(state: CaseState): CaseStateKind {
  return CASE_STATE_DEFINITIONS[state].kind;
}

export function isOverdue(snapshot: CaseSnapshot, now: Date): boolean {
  return CASE_STATE_DEFINITIONS[snapshot.state].clockRuns && snapshot.deadlineAt !== null && now > snapshot.deadlineAt;
}

const GUARDS: Record<CaseGuard, (s: CaseSnapshot) => boolean> = {
  noPendingExtension: (s) => s.pendingExtension === null,
  pendingExtension: (s) => s.pendingExtension !== null,
};

const ESCALATIONS: Record<CaseEscalation, (s: CaseSnapshot) => boolean> = {
  repeatExtension: (s) => s.extensionCount >= 1,
};

/** The extra permission `action` needs on this snapshot, if any (the UI names it to explain a missing button). */
export function escalationFor(snapshot: CaseSnapshot, action: CaseAction): CasePermission | null {
  const transition = findTransition(snapshot.state, action);
  return transition?.escalate && ESCALATIONS[transition.escalate.when](snapshot) ? transition.escalate.permission : null;
}

/**
 * What the actor may do on one case. `permissions` are those the actor holds on THIS case's unit
 * (the grant's subtree contains the case's responsible unit, or the office scope for cases not
 * yet dispatched); `isOffice`: the actor works for the civilization office (supervision/command);
 * `isResponsibleUnit`: the actor belongs to the case's responsible unit (or a unit above it that
 * may act for it); `isReporter`: the actor reported the case.
 */
export type CaseActorCapabilities = {
  permissions: ReadonlySet<string>;
  isOffice: boolean;
  isResponsibleUnit: boolean;
  isReporter?: boolean;
};

const ACTOR_FLAGS: Record<CaseActor, (c: CaseActorCapabilities) => boolean> = {
  responsibleUnit: (c) => c.isResponsibleUnit,
  office: (c) => c.isOffice,
  reporter: (c) => c.isReporter === true,
};

/** Why an action is refused: plain data, so probing every action for the buttons builds no Errors. */
type Refusal = { refused: 'state' | CaseGuard } | { refused: 'permission' | 'actor' | 'escalation' };

function check(snapshot: CaseSnapshot, action: CaseAction, caps?: CaseActorCapabilities): CaseTransition | Refusal {
  const transition = findTransition(snapshot.state, action);
  if (!transition) return { refused: 'state' };
  if (transition.guard && !GUARDS[transition.guard](snapshot)) return { refused: transition.guard };
  if (caps) {
    if (!caps.permissions.has(transition.permission)) return { refused: 'permission' };
    if (transition.actor && !ACTOR_FLAGS[transition.actor](caps)) return { refused: 'actor' };
    if (transition.escalate && ESCALATIONS[transition.escalate.when](snapshot) && !caps.permissions.has(transition.escalate.permission)) {
      return { refused: 'escalation' };
    }
  }
  return transition;
}

const isRefusal = (r: CaseTransition | Refusal): r is Refusal => 'refused' in r;

/** The actions the actor may take now, in table order; the UI draws its buttons from this. */
export function allowedActions(snapshot: CaseSnapshot, caps: CaseActorCapabilities): CaseAction[] {
  return CASE_ACTIONS.filter((action) => !isRefusal(check(snapshot, action, caps)));
}

/** Throws InvalidTransitionError or ActionForbiddenError; returns the transition otherwise. */
export function assertActionAllowed(snapshot: CaseSnapshot, action: CaseAction, caps: CaseActorCapabilities): CaseTransition {
  return transitionOrThrow(snapshot, action, check(snapshot, action, caps));
}

function transitionOrThrow(snapshot: CaseSnapshot, action: CaseAction, result: CaseTransition | Refusal): CaseTransition {
  if (!isRefusal(result)) return result;
  const { refused } = result;
  if (refused === 'permission' || refused === 'actor' || refused === 'escalation') throw new ActionForbiddenError(action, refused);
  throw new InvalidTransitionError(snapshot.state, action, refused);
}

export function parseActionInput<A extends CaseAction>(action: A, input: unknown): CaseActionInputs[A] {
  const result = caseActionInputSchemas[action].safeParse(input ?? {});
  if (!result.success) {
    throw new InvalidActionInputError(
      action,
      result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
    );
  }
  return result.data as CaseActionInputs[A];
}

// ── applying an action ───────────────────────────────────────────────────────────────────────

type Effect<A extends CaseAction> = (
  prev: CaseSnapshot,
  input: CaseActionInputs[A],
  now: Date,
) => { changes?: Partial<CaseSnapshot>; data?: Record<string, unknown> };

function mustBeAfter(action: CaseAction, path: string, value: Date, bound: Date, what: string): void {
  if (!(value.getTime() > bound.getTime())) throw new InvalidActionInputError(action, [{ path, message: `must be after ${what}` }]);
}

const EFFECTS: { [A in CaseAction]: Effect<A> } = {
  accept: (_p, _i, now) => ({ changes: { acceptedAt: now } }),
  reject: (_p, i) => ({ data: { reason: i.reason } }),
  dispatch: (_p, i, now) => {
    mustBeAfter('dispatch', 'deadlineAt', i.deadlineAt, now, 'now');
    return {
      changes: { responsibleUnitId: i.responsibleUnitId, deadlineAt: i.deadlineAt, dispatchedAt: now },
      data: { responsibleUnitId: i.responsibleUnitId, deadlineAt: i.deadlineAt },
    };
  },
  return: (p, i) => ({
    changes: { responsibleUnitId: null, deadlineAt: null },
    data: { reason: i.reason, returnedByUnitId: p.responsibleUnitId, previousDeadlineAt: p.deadlineAt },
  }),
  reassign: (_p, i, now) => {
    mustBeAfter('reassign', 'deadlineAt', i.deadlineAt, now, 'now');
    return {
      changes: { responsibleUnitId: i.responsibleUnitId, deadlineAt: i.deadlineAt, dispatchedAt: now },
      data: { responsibleUnitId: i.responsibleUnitId, deadlineAt: i.deadlineAt },
    };
  },
  delegate: (p, i) => {
    if (i.responsibleUnitId === p.responsibleUnitId) {
      throw new InvalidActionInputError('delegate', [{ path: 'responsibleUnitId', message: 'is already the responsible unit' }]);
    }
    return { changes: { responsibleUnitId: i.responsibleUnitId }, data: { fromUnitId: p.responsibleUnitId, responsibleUnitId: i.responsibleUnitId } };
  },
  startRectification: () => ({}),
  submitRectification: (_p, i, now) => ({ changes: { rectifiedAt: now }, data: { afterPhotoIds: i.afterPhotoIds } }),
  verifyPass: (_p, _i, now) => ({ changes: { closedAt: now } }),
  verifyFail: (p, i, now) => {
    if (i.deadlineAt) mustBeAfter('verifyFail', 'deadlineAt', i.deadlineAt, now, 'now');
    const deadlineAt = i.deadlineAt ?? p.deadlineAt;
    return {
      changes: { rectifiedAt: null, deadlineAt },
      data: { reason: i.reason, deadlineAt, previousDeadlineAt: p.deadlineAt },
    };
  },
  requestExtension: (p, i, now) => {
    mustBeAfter('requestExtension', 'requestedDeadlineAt', i.requestedDeadlineAt, p.deadlineAt ?? now, 'the current deadline');
    mustBeAfter('requestExtension', 'requestedDeadlineAt', i.requestedDeadlineAt, now, 'now');
    return {
      changes: { pendingExtension: { reason: i.reason, requestedDeadlineAt: i.requestedDeadlineAt, requestedAt: now } },
      data: { reason: i.reason, requestedDeadlineAt: i.requestedDeadlineAt },
    };
  },
  approveExtension: (p, i, now) => {
    const deadlineAt = i.deadlineAt ?? p.pendingExtension!.requestedDeadlineAt;
    mustBeAfter('approveExtension', 'deadlineAt', deadlineAt, p.deadlineAt ?? now, 'the current deadline');
    return {
      changes: { deadlineAt, pendingExtension: null },
      data: { deadlineAt, previousDeadlineAt: p.deadlineAt, requestedDeadlineAt: p.pendingExtension!.requestedDeadlineAt },
    };
  },
  denyExtension: (p, i) => ({
    changes: { pendingExtension: null },
    data: { reason: i.reason, requestedDeadlineAt: p.pendingExtension!.requestedDeadlineAt },
  }),
  park: (_p, i, now) => {
    mustBeAfter('park', 'reviewAt', i.reviewAt, now, 'now');
    return { changes: { parking: { plan: i.plan, reviewAt: i.reviewAt, parkedAt: now } }, data: { plan: i.plan, reviewAt: i.reviewAt } };
  },
  unpark: (p, i, now) => {
    mustBeAfter('unpark', 'deadlineAt', i.deadlineAt, now, 'now');
    return { changes: { parking: null, deadlineAt: i.deadlineAt }, data: { deadlineAt: i.deadlineAt, previousDeadlineAt: p.deadlineAt } };
  },
  urge: () => ({}),
  reopen: (_p, i, now) => {
    mustBeAfter('reopen', 'deadlineAt', i.deadlineAt, now, 'now');
    return { changes: { closedAt: null, rectifiedAt: null, deadlineAt: i.deadlineAt }, data: { reason: i.reason, deadlineAt: i.deadlineAt } };
  },
  comment: () => ({}),
};

/**
 * Applies one action: finds the transition (InvalidTransitionError when the state or a guard does
 * not allow it), validates the input (InvalidActionInputError), and returns the next snapshot and
 * the event to append. Pure: the given snapshot is not modified. Permissions are NOT checked here;
 * call `assertActionAllowed` first (the server's funnel does both).
 */
export function applyAction<A extends CaseAction>(snapshot: CaseSnapshot, action: A, input: unknown, now: Date): { snapshot: CaseSnapshot; event: CaseEvent } {
  const transition = transitionOrThrow(snapshot, action, check(snapshot, action));
  const parsed = parseActionInput(action, input);
  const { changes = {}, data = {} } = (EFFECTS[action] as Effect<A>)(snapshot, parsed, now);
  const to = transition.to === 'same' ? snapshot.state : transition.to;
  const next: CaseSnapshot = { ...snapshot, ...changes, state: to, version: snapshot.version + 1 };
  if (to !== snapshot.state && snapshot.pendingExtension !== null) {
    // A state change withdraws an open extension request; the event says so.
    next.pendingExtension = null;
    data.withdrawnExtension = snapshot.pendingExtension;
  }
  if (transition.counts) next[COUNTER_FIELDS[transition.counts]] += 1;
  const common = parsed as { note?: string; attachmentIds?: string[]; afterPhotoIds?: string[] };
  const attachmentIds = [...(common.attachmentIds ?? []), ...(common.afterPhotoIds ?? [])];
  return {
    snapshot: next,
    event: {
      action,
      from: snapshot.state,
      to,
      at: now,
      note: common.note ?? null,
      attachmentIds: [...new Set(attachmentIds)],
      clock: transition.clock ?? null,
      counts: transition.counts ?? null,
      data,
    },
  };
}
