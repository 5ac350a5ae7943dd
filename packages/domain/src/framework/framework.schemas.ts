import { z } from 'zod';
import { POINTS_PATTERN } from './framework.points';

// The evaluation framework (测评体系): a versioned tree area → indicator → item → criterion.
// Only criteria carry the checkable requirement, methods, site types, flags and evidence; the upper
// levels may carry points as a declared cap (children must not exceed it). See framework.points.ts
// for how points are represented (decimal strings outside, integer hundredths inside).

export const FRAMEWORK_STATUSES = ['draft', 'published', 'archived'] as const;
export type FrameworkStatus = (typeof FRAMEWORK_STATUSES)[number];

/** Tree levels, top to bottom; a node's parent is always exactly one level up. */
export const FRAMEWORK_LEVELS = ['area', 'indicator', 'item', 'criterion'] as const;
export type FrameworkLevel = (typeof FRAMEWORK_LEVELS)[number];
export const GROUP_LEVELS = ['area', 'indicator', 'item'] as const;
export type GroupLevel = (typeof GROUP_LEVELS)[number];

/** 测评方法: 材料审核(网上申报), 实地考察, 问卷调查, 网络调查, 实景模拟, 听取汇报. */
export const EVALUATION_METHODS = ['materials', 'site', 'survey', 'online', 'simulation', 'report'] as const;
export type EvaluationMethod = (typeof EVALUATION_METHODS)[number];

/** The 26 site types (点位类型) of the 2021 national operation manual, in the manual's order. */
export const SITE_TYPES = [
  'civilizationPracticeCenter', // 新时代文明实践中心
  'governmentServiceHall', // 政务大厅
  'bankBranch', // 银行网点
  'serviceWindow', // 窗口单位
  'busStop', // 公交站点
  'bus', // 公交车
  'taxi', // 出租车
  'publicToilet', // 室外公共厕所
  'publicSquare', // 公共广场
  'hotel', // 宾馆酒店
  'park', // 公园
  'community', // 社区
  'constructionSite', // 建筑工地
  'scenicSpot', // 景区景点
  'school', // 中小学校
  'mallSupermarket', // 商场超市
  'hospital', // 医院
  'culturalFacility', // 公共文化设施
  'majorIntersection', // 主要交通路口
  'backStreet', // 背街小巷
  'commercialStreet', // 商业大街
  'mainRoad', // 主次干道
  'urbanRuralFringe', // 城乡接合部
  'farmersMarket', // 集贸市场
  'residentialCompound', // 小区
  'township', // 乡镇
] as const;
export type SiteType = (typeof SITE_TYPES)[number];

/** 申报材料: 规范文件 / 说明报告 / 统计表格 / 实景图片. */
export const EVIDENCE_KINDS = ['document', 'narrative', 'table', 'photo'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** 自查状态: 达标 / 基本达标 / 未达标 / 不适用. */
export const SELF_ASSESSMENT_STATUSES = ['met', 'mostlyMet', 'notMet', 'notApplicable'] as const;
export type SelfAssessmentStatus = (typeof SELF_ASSESSMENT_STATUSES)[number];

/** Criterion flags, as keys so labels and filters can iterate them. */
export const CRITERION_FLAGS = ['isVeto', 'isNegativeList', 'isFeatured'] as const;
export type CriterionFlag = (typeof CRITERION_FLAGS)[number];

// ---- field schemas -------------------------------------------------------------------------------

/** Exact points as a decimal string, ≥ 0, ≤ 9999.99, at most two decimals ("2", "2.5", "0.25"). */
export const pointsString = z.string().regex(POINTS_PATTERN, { message: 'framework.error.pointsNotNumeric' });

/** Node and framework codes as offices write them ("Ⅲ-12", "A1.2.3"): no spaces or control characters. */
export const frameworkCode = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[^\s\p{Cc}]+$/u);

const uniqueList = <T extends z.ZodType>(item: T) =>
  z.array(item).refine((list) => new Set(list).size === list.length, { message: 'framework.error.duplicateInList' });

export const evidenceRequirementSchema = z.strictObject({
  kind: z.enum(EVIDENCE_KINDS),
  description: z.string().trim().min(1).max(500),
  /** e.g. photos often capped at 12 per criterion. */
  maxCount: z.number().int().min(1).max(100).optional(),
});
export type EvidenceRequirement = z.infer<typeof evidenceRequirementSchema>;

const nodeBase = {
  code: frameworkCode,
  name: z.string().trim().min(1).max(200),
  sortOrder: z.number().int().min(0).max(1_000_000).default(0),
};

const groupNode = <L extends GroupLevel>(level: L) =>
  z.strictObject({
    ...nodeBase,
    level: z.literal(level),
    parentCode: level === 'area' ? z.null().default(null) : frameworkCode,
    /** Optional cap: when set, the points of the children must not exceed it. */
    points: pointsString.nullable().default(null),
    description: z.string().trim().max(4000).nullable().default(null),
  });

export const areaNodeSchema = groupNode('area');
export const indicatorNodeSchema = groupNode('indicator');
export const itemNodeSchema = groupNode('item');

export const criterionNodeSchema = z.strictObject({
  ...nodeBase,
  level: z.literal('criterion'),
  parentCode: frameworkCode,
  points: pointsString,
  methods: uniqueList(z.enum(EVALUATION_METHODS)).min(1),
  siteTypes: uniqueList(z.enum(SITE_TYPES)).default([]),
  isVeto: z.boolean().default(false),
  isNegativeList: z.boolean().default(false),
  isFeatured: z.boolean().default(false),
  requirement: z.string().trim().min(1).max(4000),
  evidence: z.array(evidenceRequirementSchema).max(20).default([]),
});

export const frameworkNodeSchema = z.discriminatedUnion('level', [areaNodeSchema, indicatorNodeSchema, itemNodeSchema, criterionNodeSchema]);
export type FrameworkNode = z.infer<typeof frameworkNodeSchema>;
export type FrameworkNodeInput = z.input<typeof frameworkNodeSchema>;
export type CriterionNode = z.infer<typeof criterionNodeSchema>;
export type GroupNode = Exclude<FrameworkNode, CriterionNode>;

export const frameworkSchema = z.strictObject({
  code: frameworkCode,
  name: z.string().trim().min(1).max(200),
  /** Free text such as "2021" or "示范县2026版"; (code, edition) identifies a version. */
  edition: z.string().trim().min(1).max(50),
  status: z.enum(FRAMEWORK_STATUSES).default('draft'),
  /** Sum of all criteria points, basic and featured (validateFrameworkDocument checks it). */
  totalPoints: pointsString,
  /** True when the points were invented for a demo: the UI must say so next to every score. */
  pointsAreIllustrative: z.boolean().default(false),
  description: z.string().trim().max(4000).nullable().default(null),
  source: z.string().trim().max(1000).nullable().default(null),
});
export type Framework = z.infer<typeof frameworkSchema>;

// ---- JSON interchange (import / export) ----------------------------------------------------------

export const FRAMEWORK_FORMAT = 'chuangwen.framework' as const;
export const FRAMEWORK_FORMAT_VERSION = 1 as const;

/**
 * One file = one framework version. Nodes are a flat list in display order (parents before
 * children), linked by parentCode, so a row of the Excel template and an entry here are the same
 * thing and validation errors can name the row (index).
 */
export const frameworkDocumentSchema = z.strictObject({
  format: z.literal(FRAMEWORK_FORMAT),
  formatVersion: z.literal(FRAMEWORK_FORMAT_VERSION),
  framework: frameworkSchema,
  nodes: z.array(frameworkNodeSchema).max(20_000),
});
export type FrameworkDocument = z.infer<typeof frameworkDocumentSchema>;
export type FrameworkDocumentInput = z.input<typeof frameworkDocumentSchema>;

export function isCriterion(node: FrameworkNode): node is CriterionNode {
  return node.level === 'criterion';
}
