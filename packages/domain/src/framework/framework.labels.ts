import type { Locale } from '../i18n/labels';
import type { CriterionFlag, EvaluationMethod, EvidenceKind, FrameworkLevel, FrameworkStatus, SelfAssessmentStatus, SiteType } from './framework.schemas';
import type { FrameworkTreeErrorKey } from './framework.tree';
import type { EvidenceState } from './framework.api';

// Labels of the framework's value lists, same shape as i18n/labels.ts: locale → code → text.
// The zh-CN texts are the official terms, so imports may also match them (see *FromLabel below).

type Labels<K extends string> = Record<Locale, Record<K, string>>;

export const FRAMEWORK_LEVEL_LABELS: Labels<FrameworkLevel> = {
  'zh-CN': { area: '测评项目', indicator: '指标', item: '测评内容', criterion: '测评标准' },
  en: { area: 'Area', indicator: 'Indicator', item: 'Item', criterion: 'Criterion' },
};

export const FRAMEWORK_STATUS_LABELS: Labels<FrameworkStatus> = {
  'zh-CN': { draft: '草稿', published: '已发布', archived: '已归档' },
  en: { draft: 'Draft', published: 'Published', archived: 'Archived' },
};

export const EVALUATION_METHOD_LABELS: Labels<EvaluationMethod> = {
  'zh-CN': {
    materials: '材料审核',
    site: '实地考察',
    survey: '问卷调查',
    online: '网络调查',
    simulation: '实景模拟',
    report: '听取汇报',
  },
  en: {
    materials: 'Document review',
    site: 'Site visit',
    survey: 'Questionnaire survey',
    online: 'Online survey',
    simulation: 'Simulated test',
    report: 'Briefing',
  },
};

export const SITE_TYPE_LABELS: Labels<SiteType> = {
  'zh-CN': {
    civilizationPracticeCenter: '新时代文明实践中心',
    governmentServiceHall: '政务大厅',
    bankBranch: '银行网点',
    serviceWindow: '窗口单位',
    busStop: '公交站点',
    bus: '公交车',
    taxi: '出租车',
    publicToilet: '室外公共厕所',
    publicSquare: '公共广场',
    hotel: '宾馆酒店',
    park: '公园',
    community: '社区',
    constructionSite: '建筑工地',
    scenicSpot: '景区景点',
    school: '中小学校',
    mallSupermarket: '商场超市',
    hospital: '医院',
    culturalFacility: '公共文化设施',
    majorIntersection: '主要交通路口',
    backStreet: '背街小巷',
    commercialStreet: '商业大街',
    mainRoad: '主次干道',
    urbanRuralFringe: '城乡接合部',
    farmersMarket: '集贸市场',
    residentialCompound: '小区',
    township: '乡镇',
  },
  en: {
    civilizationPracticeCenter: 'Civilization practice centre',
    governmentServiceHall: 'Government service hall',
    bankBranch: 'Bank branch',
    serviceWindow: 'Public service counter',
    busStop: 'Bus stop',
    bus: 'Bus',
    taxi: 'Taxi',
    publicToilet: 'Outdoor public toilet',
    publicSquare: 'Public square',
    hotel: 'Hotel',
    park: 'Park',
    community: 'Community',
    constructionSite: 'Construction site',
    scenicSpot: 'Scenic spot',
    school: 'Primary / secondary school',
    mallSupermarket: 'Mall / supermarket',
    hospital: 'Hospital',
    culturalFacility: 'Public cultural facility',
    majorIntersection: 'Major intersection',
    backStreet: 'Back street',
    commercialStreet: 'Commercial street',
    mainRoad: 'Main road',
    urbanRuralFringe: 'Urban-rural fringe',
    farmersMarket: 'Farmers market',
    residentialCompound: 'Residential compound',
    township: 'Township',
  },
};

export const SELF_ASSESSMENT_STATUS_LABELS: Labels<SelfAssessmentStatus> = {
  'zh-CN': { met: '达标', mostlyMet: '基本达标', notMet: '未达标', notApplicable: '不适用' },
  en: { met: 'Met', mostlyMet: 'Mostly met', notMet: 'Not met', notApplicable: 'Not applicable' },
};

export const EVIDENCE_KIND_LABELS: Labels<EvidenceKind> = {
  'zh-CN': { document: '规范文件', narrative: '说明报告', table: '统计表格', photo: '实景图片' },
  en: { document: 'Official document', narrative: 'Narrative report', table: 'Statistical table', photo: 'Photo' },
};

export const EVIDENCE_STATE_LABELS: Labels<EvidenceState> = {
  'zh-CN': { submitted: '待审核', accepted: '已通过', returned: '已退回' },
  en: { submitted: 'Awaiting review', accepted: 'Accepted', returned: 'Returned' },
};

export const CRITERION_FLAG_LABELS: Labels<CriterionFlag> = {
  'zh-CN': { isVeto: '一票否决', isNegativeList: '负面清单', isFeatured: '特色指标' },
  en: { isVeto: 'Veto', isNegativeList: 'Negative list', isFeatured: 'Featured' },
};

/** Error report texts; {name} placeholders are filled from the error's params. */
export const FRAMEWORK_TREE_ERROR_LABELS: Labels<FrameworkTreeErrorKey> = {
  'zh-CN': {
    codeRequired: '编码不能为空',
    duplicateCode: '编码重复（与第 {firstIndex} 行相同）',
    levelInvalid: '层级无效：{value}',
    levelOrder: '层级顺序错误：{level} 不能位于 {parentLevel} 之下',
    unknownParent: '上级编码不存在：{parentCode}',
    cycle: '上级关系形成循环',
    pointsRequired: '测评标准必须填写分值',
    pointsNotNumeric: '分值不是数字：{value}',
    pointsNegative: '分值不能为负数：{value}',
    pointsTooPrecise: '分值最多保留两位小数：{value}',
    childrenExceedParent: '下级分值合计 {childrenPoints} 超过本级分值 {points}',
    totalMismatch: '总分 {totalPoints} 与测评标准分值合计 {criteriaPoints} 不一致',
    invalidValue: '取值无效',
  },
  en: {
    codeRequired: 'Code is required',
    duplicateCode: 'Duplicate code (same as row {firstIndex})',
    levelInvalid: 'Invalid level: {value}',
    levelOrder: 'Wrong level order: {level} cannot sit under {parentLevel}',
    unknownParent: 'Unknown parent code: {parentCode}',
    cycle: 'Parent links form a cycle',
    pointsRequired: 'A criterion needs points',
    pointsNotNumeric: 'Points are not a number: {value}',
    pointsNegative: 'Points cannot be negative: {value}',
    pointsTooPrecise: 'Points have at most two decimals: {value}',
    childrenExceedParent: "Children's points {childrenPoints} exceed this node's {points}",
    totalMismatch: 'Total points {totalPoints} differ from the sum of criteria points {criteriaPoints}',
    invalidValue: 'Invalid value',
  },
};

function fromLabel<K extends string>(labels: Labels<K>, label: string): K | null {
  const wanted = label.trim();
  for (const locale of Object.keys(labels) as Locale[]) {
    for (const [key, text] of Object.entries(labels[locale]) as [K, string][]) {
      if (text === wanted || key === wanted) return key;
    }
  }
  return null;
}

/** Reverse lookups for imports, which accept the code or either language's label. */
export const evaluationMethodFromLabel = (label: string) => fromLabel(EVALUATION_METHOD_LABELS, label);
export const siteTypeFromLabel = (label: string) => fromLabel(SITE_TYPE_LABELS, label);
export const selfAssessmentStatusFromLabel = (label: string) => fromLabel(SELF_ASSESSMENT_STATUS_LABELS, label);
export const evidenceKindFromLabel = (label: string) => fromLabel(EVIDENCE_KIND_LABELS, label);
