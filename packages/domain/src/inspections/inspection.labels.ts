import type { Locale } from '../i18n/labels';
import type { AssignmentStatus, CheckResult, RoundKind, RoundStatus } from './inspection.schemas';
import type { NoticeAction, NoticeState } from './notice.workflow';

// Labels of the inspection value lists, same shape as i18n/labels.ts: locale → code → text.

type Labels<K extends string> = Record<Locale, Record<K, string>>;

export const CHECK_RESULT_LABELS: Labels<CheckResult> = {
  'zh-CN': { pass: '合格', fail: '不合格', severeFail: '严重不合格' },
  en: { pass: 'Pass', fail: 'Fail', severeFail: 'Severe fail' },
};

export const ROUND_KIND_LABELS: Labels<RoundKind> = {
  'zh-CN': { regular: '常规督查', thirdParty: '第三方测评', mockEvaluation: '模拟测评' },
  en: { regular: 'Regular inspection', thirdParty: 'Third-party evaluation', mockEvaluation: 'Mock evaluation' },
};

export const ROUND_STATUS_LABELS: Labels<RoundStatus> = {
  'zh-CN': { planned: '计划中', active: '进行中', finished: '已结束' },
  en: { planned: 'Planned', active: 'In progress', finished: 'Finished' },
};

export const ASSIGNMENT_STATUS_LABELS: Labels<AssignmentStatus> = {
  'zh-CN': { pending: '待检查', visited: '已检查' },
  en: { pending: 'To inspect', visited: 'Inspected' },
};

export const NOTICE_STATE_LABELS: Labels<NoticeState> = {
  'zh-CN': { notHandled: '未处理', submitted: '已提交', approved: '审核通过', rejected: '审核未通过' },
  en: { notHandled: 'Not handled', submitted: 'Submitted', approved: 'Approved', rejected: 'Rejected' },
};

export const NOTICE_ACTION_LABELS: Labels<NoticeAction> = {
  'zh-CN': { submit: '提交整改情况', approve: '审核通过', reject: '审核不通过' },
  en: { submit: 'Submit rectification report', approve: 'Approve', reject: 'Reject' },
};

export const ANNOUNCED_LABELS: Labels<'announced' | 'unannounced'> = {
  'zh-CN': { announced: '明查', unannounced: '暗访' },
  en: { announced: 'Announced', unannounced: 'Unannounced' },
};
