import { describe, expect, it } from 'vitest';
import {
  NOTICE_ACTIONS,
  NOTICE_STATES,
  NOTICE_STATE_KIND,
  NoticeTransitionError,
  allowedNoticeActions,
  noticeTransition,
  type NoticeAction,
  type NoticeState,
} from './notice.workflow';

// Every (state, action) pair, written out by hand: the table in notice.workflow.ts must match it.
const EXPECTED: Record<NoticeState, Partial<Record<NoticeAction, NoticeState>>> = {
  notHandled: { submit: 'submitted' },
  submitted: { approve: 'approved', reject: 'rejected' },
  rejected: { submit: 'submitted' },
  approved: {},
};

describe('notice workflow', () => {
  for (const state of NOTICE_STATES) {
    for (const action of NOTICE_ACTIONS) {
      const to = EXPECTED[state][action];
      it(`${state} × ${action} → ${to ?? 'refused'}`, () => {
        if (to) expect(noticeTransition(state, action).to).toBe(to);
        else expect(() => noticeTransition(state, action)).toThrow(NoticeTransitionError);
      });
    }
  }

  it('approved is the only terminal state, and it has no actions', () => {
    expect(NOTICE_STATES.filter((s) => NOTICE_STATE_KIND[s] === 'terminal')).toEqual(['approved']);
    expect(allowedNoticeActions('approved', () => true)).toEqual([]);
  });

  it('units submit, the office decides', () => {
    const unit = (p: string) => p === 'notice.handle';
    const office = (p: string) => p === 'notice.issue';
    expect(allowedNoticeActions('notHandled', unit)).toEqual(['submit']);
    expect(allowedNoticeActions('notHandled', office)).toEqual([]);
    expect(allowedNoticeActions('submitted', office)).toEqual(['approve', 'reject']);
    expect(allowedNoticeActions('submitted', unit)).toEqual([]);
  });
});
