import type { Permission } from '../auth/permissions';

// The rectification notice (抄告单) has its own small workflow, kept as data: the office issues a
// notice to a town/unit (notHandled 未处理); the unit submits its rectification report (submitted
// 已提交); the office approves (approved 审核通过, terminal) or rejects (rejected 审核未通过), after
// which the unit submits again.

export const NOTICE_STATES = ['notHandled', 'submitted', 'approved', 'rejected'] as const;
export type NoticeState = (typeof NOTICE_STATES)[number];

export const NOTICE_ACTIONS = ['submit', 'approve', 'reject'] as const;
export type NoticeAction = (typeof NOTICE_ACTIONS)[number];

export const NOTICE_STATE_KIND: Record<NoticeState, 'open' | 'terminal'> = {
  notHandled: 'open',
  submitted: 'open',
  approved: 'terminal',
  rejected: 'open',
};

export type NoticeTransition = {
  action: NoticeAction;
  from: readonly NoticeState[];
  to: NoticeState;
  permission: Permission;
  /** The note (the unit's report, the office's reason) is required. */
  requiresNote: boolean;
};

export const NOTICE_TRANSITIONS: readonly NoticeTransition[] = [
  { action: 'submit', from: ['notHandled', 'rejected'], to: 'submitted', permission: 'notice.handle', requiresNote: true },
  { action: 'approve', from: ['submitted'], to: 'approved', permission: 'notice.issue', requiresNote: false },
  { action: 'reject', from: ['submitted'], to: 'rejected', permission: 'notice.issue', requiresNote: true },
];

export class NoticeTransitionError extends Error {
  constructor(
    readonly state: NoticeState,
    readonly action: NoticeAction,
  ) {
    super(`notice: ${action} is not possible in ${state}`);
  }
}

/** The transition for (state, action), or throws NoticeTransitionError. */
export function noticeTransition(state: NoticeState, action: NoticeAction): NoticeTransition {
  const t = NOTICE_TRANSITIONS.find((x) => x.action === action && x.from.includes(state));
  if (!t) throw new NoticeTransitionError(state, action);
  return t;
}

/** Actions possible now for someone holding `permissions` (on the notice's unit). */
export function allowedNoticeActions(state: NoticeState, can: (p: Permission) => boolean): NoticeAction[] {
  return NOTICE_TRANSITIONS.filter((t) => t.from.includes(state) && can(t.permission)).map((t) => t.action);
}
