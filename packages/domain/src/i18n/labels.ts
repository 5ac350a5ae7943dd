import type { Permission, PermissionGroup, RoleCode } from '../auth/permissions';
import type { UnitKind } from '../units/unit.kinds';
import { CASE_PERMISSION_LABELS } from '../cases/case.labels';

// Domain labels shared by the web app (i18next resources) and server-side documents (Excel).
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

type Labels<K extends string> = Record<Locale, Record<K, string>>;

export const UNIT_KIND_LABELS: Labels<UnitKind> = {
  'zh-CN': {
    district: '区/县',
    office: '创文办',
    department: '职能部门',
    town: '镇',
    subdistrict: '街道',
    community: '社区',
    village: '村',
    grid: '网格',
  },
  en: {
    district: 'District / county',
    office: 'Civilization office',
    department: 'Department',
    town: 'Town',
    subdistrict: 'Subdistrict',
    community: 'Community',
    village: 'Village',
    grid: 'Grid',
  },
};

export const ROLE_LABELS: Labels<RoleCode> = {
  'zh-CN': {
    officeAdmin: '创文办管理员',
    leader: '领导',
    inspector: '督查员',
    unitManager: '单位负责人',
    unitHandler: '经办人',
    gridWorker: '网格员',
  },
  en: {
    officeAdmin: 'Office admin',
    leader: 'Leader',
    inspector: 'Inspector',
    unitManager: 'Unit manager',
    unitHandler: 'Unit handler',
    gridWorker: 'Grid worker',
  },
};

export const PERMISSION_LABELS: Labels<Permission> = {
  'zh-CN': {
    'unit.view': '查看单位',
    'unit.manage': '管理单位',
    'user.view': '查看用户',
    'user.manage': '管理用户',
    'role.manage': '管理角色（自定义角色及其权限）',
    'audit.view': '查看操作日志',
    ...CASE_PERMISSION_LABELS['zh-CN'],
    'case.createAnywhere': '在全县范围上报问题（不限本人辖区）',
    'calendar.manage': '维护工作日历（节假日与调休）',
    'framework.view': '查看测评体系',
    'framework.edit': '维护测评体系与责任分工',
    'evidence.submit': '提交申报材料',
    'evidence.review': '审核申报材料',
    'selfAssessment.enter': '填报自查结果',
    'score.view': '查看预估得分与失分排名',
    'citizen.view': '查看市民举报统计',
    'citizen.moderate': '审核市民举报（受理、驳回、合并、照片打码）',
    'exposure.publish': '发布与撤回曝光台内容',
    'open311.keys': '管理 Open311 接口密钥',
    'inspection.view': '查看督查（点位、检查项、轮次、结果）',
    'inspection.plan': '安排督查（轮次、督查组、点位分配、检查项）',
    'inspection.conduct': '实地督查（本组点位）',
    'site.manage': '管理点位',
    'notice.view': '查看抄告单',
    'notice.issue': '下发与审核抄告单',
    'notice.handle': '办理抄告单（提交整改情况）',
    'dashboard.view': '查看指挥大屏与红黑榜',
    'report.export': '生成工作总结等文稿',
    'bulletin.view': '查看通报',
    'bulletin.issue': '生成、审核与发布通报',
    'template.view': '查看文稿模板（工作总结）及其历史版本',
    'template.edit': '修改文稿模板、恢复历史版本',
    'ledger.export': '导出台账（Excel，限本人可见的数据）',
  },
  en: {
    'unit.view': 'View units',
    'unit.manage': 'Manage units',
    'user.view': 'View users',
    'user.manage': 'Manage users',
    'role.manage': 'Manage roles (custom roles and their permissions)',
    'audit.view': 'View audit trail',
    ...CASE_PERMISSION_LABELS.en,
    'case.createAnywhere': 'Report cases anywhere in the county (not only within one’s own units)',
    'calendar.manage': 'Maintain the working calendar (holidays, make-up days)',
    'framework.view': 'View the evaluation framework',
    'framework.edit': 'Maintain the framework and the responsibility matrix',
    'evidence.submit': 'Submit evidence',
    'evidence.review': 'Review evidence',
    'selfAssessment.enter': 'Enter self-assessment results',
    'score.view': 'View projected score and point-loss ranking',
    'citizen.view': 'View citizen-report statistics',
    'citizen.moderate': 'Moderate citizen reports (accept, reject, merge, redact photos)',
    'exposure.publish': 'Publish and withdraw exposure-board posts',
    'open311.keys': 'Manage Open311 API keys',
    'inspection.view': 'View inspections (sites, checklists, rounds, results)',
    'inspection.plan': 'Plan inspections (rounds, teams, site allotment, checklists)',
    'inspection.conduct': 'Inspect on site (own team’s sites)',
    'site.manage': 'Manage sites',
    'notice.view': 'View rectification notices',
    'notice.issue': 'Issue and review rectification notices',
    'notice.handle': 'Answer rectification notices',
    'dashboard.view': 'View the command dashboard and red and black lists',
    'report.export': 'Generate documents such as the work summary',
    'bulletin.view': 'Read bulletins',
    'bulletin.issue': 'Generate, review and publish bulletins',
    'template.view': 'View document templates (work summary) and their history',
    'template.edit': 'Edit document templates and restore earlier versions',
    'ledger.export': 'Export ledgers to Excel (only data one may see)',
  },
};

/** Headings of the role editor's permission groups (the part of a permission before the dot). */
export const PERMISSION_GROUP_LABELS: Labels<PermissionGroup> = {
  'zh-CN': {
    unit: '单位',
    user: '用户',
    role: '角色',
    audit: '操作日志',
    case: '问题处置',
    calendar: '工作日历',
    framework: '测评体系',
    evidence: '申报材料',
    selfAssessment: '自查',
    score: '得分',
    citizen: '市民举报',
    exposure: '曝光台',
    open311: 'Open311 接口',
    inspection: '督查',
    site: '点位',
    notice: '抄告单',
    dashboard: '指挥大屏',
    report: '文稿',
    bulletin: '通报',
    ledger: '台账导出',
    template: '文稿模板',
  },
  en: {
    unit: 'Units',
    user: 'Users',
    role: 'Roles',
    audit: 'Audit trail',
    case: 'Cases',
    calendar: 'Working calendar',
    framework: 'Evaluation framework',
    evidence: 'Evidence',
    selfAssessment: 'Self-assessment',
    score: 'Score',
    citizen: 'Citizen reports',
    exposure: 'Exposure board',
    open311: 'Open311',
    inspection: 'Inspections',
    site: 'Sites',
    notice: 'Rectification notices',
    dashboard: 'Dashboard',
    report: 'Documents',
    bulletin: 'Bulletins',
    ledger: 'Ledger exports',
    template: 'Document templates',
  },
};

/** Reverse lookup used by imports, which accept either language's label or the code. */
export function unitKindFromLabel(label: string): UnitKind | null {
  const wanted = label.trim();
  for (const locale of LOCALES) {
    for (const [kind, text] of Object.entries(UNIT_KIND_LABELS[locale])) {
      if (text === wanted || kind === wanted) return kind as UnitKind;
    }
  }
  return null;
}
