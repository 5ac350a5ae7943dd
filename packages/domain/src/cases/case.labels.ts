import type { Locale } from '../i18n/labels';
import type { CaseEventAction, CasePermission, CaseState } from './case.workflow';
import type { UnitGrade } from './case.metrics';

// Labels for the case workflow, same shape as i18n/labels.ts. i18n keys: `case.state.<code>`,
// `case.action.<code>`.
type Labels<K extends string> = Record<Locale, Record<K, string>>;

export const CASE_STATE_LABELS: Labels<CaseState> = {
  'zh-CN': {
    submitted: '已上报',
    accepted: '已立案',
    rejected: '不予立案',
    dispatched: '已派遣',
    returned: '已退回',
    rectifying: '整改中',
    awaitingVerification: '待核查',
    closed: '已销号',
    parked: '已挂账',
  },
  en: {
    submitted: 'Submitted',
    accepted: 'Accepted',
    rejected: 'Rejected',
    dispatched: 'Dispatched',
    returned: 'Returned',
    rectifying: 'Rectifying',
    awaitingVerification: 'Awaiting verification',
    closed: 'Closed',
    parked: 'Parked',
  },
};

export const CASE_ACTION_LABELS: Labels<CaseEventAction> = {
  'zh-CN': {
    create: '上报',
    accept: '立案',
    reject: '不予立案',
    dispatch: '派遣',
    return: '退回',
    reassign: '改派',
    delegate: '转派',
    startRectification: '开始整改',
    submitRectification: '提交整改',
    verifyPass: '核查通过（销号）',
    verifyFail: '核查不通过（返工）',
    requestExtension: '申请延期',
    approveExtension: '批准延期',
    denyExtension: '驳回延期',
    park: '挂账',
    unpark: '解除挂账',
    urge: '督办',
    reopen: '重新整改',
    comment: '备注',
  },
  en: {
    create: 'Submit',
    accept: 'Accept',
    reject: 'Reject',
    dispatch: 'Dispatch',
    return: 'Return',
    reassign: 'Reassign',
    delegate: 'Delegate to sub-unit',
    startRectification: 'Start rectification',
    submitRectification: 'Submit rectification',
    verifyPass: 'Verify: pass (close)',
    verifyFail: 'Verify: fail (rework)',
    requestExtension: 'Request extension',
    approveExtension: 'Approve extension',
    denyExtension: 'Deny extension',
    park: 'Park',
    unpark: 'Unpark',
    urge: 'Urge',
    reopen: 'Reopen',
    comment: 'Comment',
  },
};

/** To be merged into PERMISSION_LABELS with CASE_PERMISSIONS. */
export const CASE_PERMISSION_LABELS: Labels<CasePermission> = {
  'zh-CN': {
    'case.view': '查看问题',
    'case.create': '上报问题',
    'case.accept': '立案审核',
    'case.dispatch': '派遣与改派',
    'case.delegate': '转派下级单位',
    'case.rectify': '整改处置',
    'case.verify': '核查销号',
    'case.extend': '审批延期',
    'case.extendAgain': '审批第二次及以后的延期',
    'case.urge': '督办',
    'case.park': '挂账管理',
    'case.reopen': '重新整改已销号问题',
  },
  en: {
    'case.view': 'View cases',
    'case.create': 'Create cases',
    'case.accept': 'Accept or reject cases',
    'case.dispatch': 'Dispatch and reassign cases',
    'case.delegate': 'Delegate cases to sub-units',
    'case.rectify': 'Rectify cases',
    'case.verify': 'Verify and close cases',
    'case.extend': 'Approve extensions',
    'case.extendAgain': 'Approve second and later extensions',
    'case.urge': 'Urge cases',
    'case.park': 'Park cases',
    'case.reopen': 'Reopen closed cases',
  },
};

export const UNIT_GRADE_LABELS: Labels<UnitGrade> = {
  'zh-CN': { A: 'A（优秀）', B: 'B（良好）', C: 'C（中等）', D: 'D（较差）', E: 'E（差）' },
  en: { A: 'A (excellent)', B: 'B (good)', C: 'C (fair)', D: 'D (poor)', E: 'E (failing)' },
};
