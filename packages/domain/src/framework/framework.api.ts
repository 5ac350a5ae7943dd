import { z } from 'zod';
import { id, idParam } from '../common/ids';
import {
  CRITERION_FLAGS,
  EVALUATION_METHODS,
  EVIDENCE_KINDS,
  FRAMEWORK_LEVELS,
  FRAMEWORK_STATUSES,
  SELF_ASSESSMENT_STATUSES,
  SITE_TYPES,
  evidenceRequirementSchema,
  frameworkSchema,
  pointsString,
} from './framework.schemas';
import { OBSERVED_RATE_MODES } from './framework.score';

// The HTTP API of the framework feature: inputs and responses, shared by the server (validation,
// OpenAPI) and the web app (types). Points travel as decimal strings ("2.5"), see framework.points.ts.

export const EVIDENCE_STATES = ['submitted', 'accepted', 'returned'] as const;
export type EvidenceState = (typeof EVIDENCE_STATES)[number];

/** One requirement slot (criterion × evidence kind) as progress reports see it. */
export const EVIDENCE_SLOT_STATES = ['accepted', 'submitted', 'returned', 'missing'] as const;
export type EvidenceSlotState = (typeof EVIDENCE_SLOT_STATES)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'v.format' });
const unitRef = z.object({ id: z.number(), name: z.string() });

// ---- frameworks ----------------------------------------------------------------------------------

export const frameworkSummarySchema = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  edition: z.string(),
  status: z.enum(FRAMEWORK_STATUSES),
  pointsAreIllustrative: z.boolean(),
  description: z.string().nullable(),
  source: z.string().nullable(),
  clonedFromId: z.number().nullable(),
  publishedAt: z.string().nullable(),
  version: z.number(),
  criteriaCount: z.number(),
  totalPoints: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type FrameworkSummary = z.infer<typeof frameworkSummarySchema>;

export const frameworkCreateInput = frameworkSchema.pick({
  code: true,
  name: true,
  edition: true,
  pointsAreIllustrative: true,
  description: true,
  source: true,
});
export const frameworkUpdateInput = z.strictObject({
  version: z.number().int(),
  name: z.string().trim().min(1).max(200).optional(),
  edition: z.string().trim().min(1).max(50).optional(),
  pointsAreIllustrative: z.boolean().optional(),
  description: z.string().trim().max(4000).nullable().optional(),
  source: z.string().trim().max(1000).nullable().optional(),
});
export const frameworkPublishInput = z.strictObject({ version: z.number().int() });
export const frameworkCloneInput = z.strictObject({
  edition: z.string().trim().min(1).max(50),
  name: z.string().trim().min(1).max(200).optional(),
  copyResponsibilities: z.boolean().default(true),
});

// ---- tree ----------------------------------------------------------------------------------------

export const treeQuery = z.object({
  q: z.string().trim().max(100).optional(),
  level: z.enum(FRAMEWORK_LEVELS).optional(),
  method: z.enum(EVALUATION_METHODS).optional(),
  siteType: z.enum(SITE_TYPES).optional(),
  flag: z.enum(CRITERION_FLAGS).optional(),
});
export type TreeQuery = z.infer<typeof treeQuery>;

/** A node as the tree lists it (no long texts); `matched` is false for ancestors kept for context. */
export const treeNodeSchema = z.object({
  id: z.number(),
  code: z.string(),
  parentId: z.number().nullable(),
  parentCode: z.string().nullable(),
  level: z.enum(FRAMEWORK_LEVELS),
  name: z.string(),
  sortOrder: z.number(),
  points: z.string().nullable(),
  methods: z.array(z.enum(EVALUATION_METHODS)),
  siteTypes: z.array(z.enum(SITE_TYPES)),
  isVeto: z.boolean(),
  isNegativeList: z.boolean(),
  isFeatured: z.boolean(),
  matched: z.boolean(),
});
export type TreeNode = z.infer<typeof treeNodeSchema>;

export const responsibilitySchema = z.object({
  nodeId: z.number(),
  lead: unitRef,
  supporting: z.array(unitRef),
  dueOn: z.string().nullable(),
  version: z.number(),
});
export type Responsibility = z.infer<typeof responsibilitySchema>;

export const selfAssessmentSchema = z.object({
  nodeId: z.number(),
  code: z.string(),
  status: z.enum(SELF_ASSESSMENT_STATUSES),
  note: z.string().nullable(),
  version: z.number(),
  updatedAt: z.string(),
  updatedByName: z.string().nullable(),
});
export type SelfAssessment = z.infer<typeof selfAssessmentSchema>;

export const nodeDetailSchema = treeNodeSchema.omit({ matched: true }).extend({
  description: z.string().nullable(),
  requirement: z.string().nullable(),
  evidence: z.array(evidenceRequirementSchema),
  version: z.number(),
  responsibility: responsibilitySchema.nullable(),
  selfAssessment: selfAssessmentSchema.nullable(),
});
export type NodeDetail = z.infer<typeof nodeDetailSchema>;

/** Creating a node in a draft: the interchange node (framework.schemas.ts). */
export const nodeUpdateInput = z.strictObject({
  version: z.number().int(),
  name: z.string().trim().min(1).max(200).optional(),
  sortOrder: z.number().int().min(0).max(1_000_000).optional(),
  points: pointsString.nullable().optional(),
  description: z.string().trim().max(4000).nullable().optional(),
  methods: z.array(z.enum(EVALUATION_METHODS)).min(1).optional(),
  siteTypes: z.array(z.enum(SITE_TYPES)).optional(),
  isVeto: z.boolean().optional(),
  isNegativeList: z.boolean().optional(),
  isFeatured: z.boolean().optional(),
  requirement: z.string().trim().min(1).max(4000).optional(),
  evidence: z.array(evidenceRequirementSchema).max(20).optional(),
});
export type NodeUpdateInput = z.infer<typeof nodeUpdateInput>;

// ---- responsibility matrix -----------------------------------------------------------------------

export const matrixRowSchema = z.object({
  nodeId: z.number(),
  code: z.string(),
  name: z.string(),
  areaName: z.string(),
  itemName: z.string(),
  points: z.string(),
  responsibility: responsibilitySchema.nullable(),
});
export type MatrixRow = z.infer<typeof matrixRowSchema>;

export const matrixQuery = z.object({
  q: z.string().trim().max(100).optional(),
  unitId: idParam.optional(),
  unassigned: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

export const responsibilityInput = z.strictObject({
  leadUnitId: id,
  supportingUnitIds: z.array(id).max(50).default([]),
  dueOn: isoDate.nullable().default(null),
});
export type ResponsibilityInput = z.input<typeof responsibilityInput>;

export const bulkResponsibilityInput = responsibilityInput.extend({
  nodeIds: z.array(id).min(1).max(5000),
});
export type BulkResponsibilityInput = z.input<typeof bulkResponsibilityInput>;

// ---- evidence ------------------------------------------------------------------------------------

export const evidenceFileSchema = z.object({
  id: z.string(),
  originalName: z.string(),
  kind: z.string(),
  contentType: z.string(),
  size: z.number(),
  url: z.string(),
  thumbUrl: z.string().nullable(),
});

export const evidenceItemSchema = z.object({
  id: z.number(),
  frameworkId: z.number(),
  nodeId: z.number(),
  code: z.string(),
  criterionName: z.string(),
  unit: unitRef,
  kind: z.enum(EVIDENCE_KINDS),
  text: z.string().nullable(),
  file: evidenceFileSchema.nullable(),
  dueOn: z.string().nullable(),
  state: z.enum(EVIDENCE_STATES),
  reviewNote: z.string().nullable(),
  reviewedByName: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  submittedByName: z.string(),
  submittedAt: z.string(),
  version: z.number(),
});
export type EvidenceItem = z.infer<typeof evidenceItemSchema>;

export const evidenceQuery = z.object({
  state: z.enum(EVIDENCE_STATES).optional(),
  unitId: idParam.optional(),
  nodeId: idParam.optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const narrativeEvidenceInput = z.strictObject({
  unitId: id.optional(),
  text: z.string().trim().min(1).max(20_000),
});
export const fileEvidenceQuery = z.object({
  kind: z.enum(['document', 'table', 'photo', 'narrative']),
  unitId: idParam.optional(),
});

export const evidenceReviewInput = z.strictObject({
  decision: z.enum(['accept', 'return']),
  note: z.string().trim().max(2000).optional(),
  version: z.number().int(),
});
export type EvidenceReviewInput = z.infer<typeof evidenceReviewInput>;

export const myResponsibilitySchema = z.object({
  nodeId: z.number(),
  code: z.string(),
  name: z.string(),
  areaName: z.string(),
  itemName: z.string(),
  points: z.string(),
  methods: z.array(z.enum(EVALUATION_METHODS)),
  requirement: z.string().nullable(),
  evidenceRequirements: z.array(evidenceRequirementSchema),
  /** The caller's units answering for it, with their role. */
  myUnits: z.array(unitRef.extend({ role: z.enum(['lead', 'supporting']) })),
  lead: unitRef,
  dueOn: z.string().nullable(),
  isOverdue: z.boolean(),
  selfAssessmentStatus: z.enum(SELF_ASSESSMENT_STATUSES).nullable(),
  evidence: z.array(evidenceItemSchema),
});
export type MyResponsibility = z.infer<typeof myResponsibilitySchema>;

export const progressLineSchema = z.object({
  /** A unit id or an area code. */
  key: z.union([z.number(), z.string()]),
  name: z.string(),
  criteria: z.number(),
  /** Evidence slots = Σ over criteria of their evidence requirements. */
  required: z.number(),
  accepted: z.number(),
  submitted: z.number(),
  returned: z.number(),
  missing: z.number(),
  overdue: z.number(),
  /** accepted / required, 4 decimals; null when nothing is required. */
  completeness: z.number().nullable(),
});
export type ProgressLine = z.infer<typeof progressLineSchema>;

// ---- self-assessment -----------------------------------------------------------------------------

export const selfAssessmentInput = z.strictObject({
  status: z.enum(SELF_ASSESSMENT_STATUSES),
  note: z.string().trim().max(2000).nullable().default(null),
  /** The version read; omit when the criterion has no status yet. */
  version: z.number().int().optional(),
});
export type SelfAssessmentInput = z.input<typeof selfAssessmentInput>;

export const selfAssessmentSummarySchema = z.object({
  criteria: z.number(),
  counts: z.record(z.enum([...SELF_ASSESSMENT_STATUSES, 'unassessed']), z.number()),
  /** (met + mostlyMet) / (criteria − notApplicable), 4 decimals; the seed's "about 2/3". */
  metOrMostlyMetShare: z.number().nullable(),
});

export const selfAssessmentEventSchema = z.object({
  id: z.number(),
  fromStatus: z.enum(SELF_ASSESSMENT_STATUSES).nullable(),
  status: z.enum(SELF_ASSESSMENT_STATUSES),
  note: z.string().nullable(),
  actorName: z.string().nullable(),
  at: z.string(),
});

// ---- score ---------------------------------------------------------------------------------------

const totals = {
  points: z.string(),
  applicablePoints: z.string(),
  score: z.string(),
  lost: z.string(),
  scoreRate: z.number().nullable(),
  projectedScore: z.string().nullable(),
  criteriaCount: z.number(),
  notApplicableCount: z.number(),
};
export const scoreTotalsSchema = z.object(totals);
export const scoreLineSchema = z.object({ ...totals, code: z.string(), name: z.string(), level: z.enum(FRAMEWORK_LEVELS), parentCode: z.string().nullable() });
export const criterionScoreLineSchema = scoreLineSchema.extend({
  areaCode: z.string(),
  status: z.enum(SELF_ASSESSMENT_STATUSES).nullable(),
  rate: z.number().nullable(),
  isVeto: z.boolean(),
  isFeatured: z.boolean(),
});
export type ScoreLineOut = z.infer<typeof scoreLineSchema>;

export const scoreResponseSchema = z.object({
  frameworkId: z.number(),
  pointsAreIllustrative: z.boolean(),
  dataVersion: z.number(),
  total: scoreTotalsSchema,
  basic: scoreTotalsSchema,
  featured: scoreTotalsSchema,
  areas: z.array(scoreLineSchema),
  indicators: z.array(scoreLineSchema),
  items: z.array(scoreLineSchema),
  criteria: z.array(criterionScoreLineSchema),
  vetoFailed: z.array(z.string()),
  isVetoed: z.boolean(),
  unassessed: z.array(z.string()),
});
export type ScoreResponse = z.infer<typeof scoreResponseSchema>;

export const gapSchema = z.object({
  nodeId: z.number(),
  code: z.string(),
  name: z.string(),
  areaCode: z.string(),
  areaName: z.string(),
  points: z.string(),
  score: z.string(),
  lost: z.string(),
  status: z.enum(SELF_ASSESSMENT_STATUSES).nullable(),
  isVeto: z.boolean(),
  isFeatured: z.boolean(),
  lead: unitRef.nullable(),
});
export type Gap = z.infer<typeof gapSchema>;

export const unitLossSchema = z.object({
  unit: unitRef,
  rank: z.number(),
  lost: z.string(),
  asLead: z.string(),
  asSupporting: z.string(),
  criteriaCount: z.number(),
  charges: z.array(z.object({ code: z.string(), role: z.enum(['lead', 'supporting']), lost: z.string() })),
});
export type UnitLoss = z.infer<typeof unitLossSchema>;

export const pointLossResponseSchema = z.object({
  units: z.array(unitLossSchema),
  unassigned: z.object({ lost: z.string(), codes: z.array(z.string()) }),
  totalLost: z.string(),
  supportingShare: z.number(),
});

export const leaderSummarySchema = z.object({
  framework: z.object({ id: z.number(), name: z.string(), edition: z.string(), pointsAreIllustrative: z.boolean() }),
  total: scoreTotalsSchema,
  basic: scoreTotalsSchema,
  featured: scoreTotalsSchema,
  areas: z.array(scoreLineSchema),
  topGaps: z.array(gapSchema),
  worstUnits: z.array(unitLossSchema.omit({ charges: true })),
  isVetoed: z.boolean(),
  vetoFailed: z.array(z.string()),
  selfAssessment: selfAssessmentSummarySchema,
  evidence: progressLineSchema,
});
export type LeaderSummary = z.infer<typeof leaderSummarySchema>;

const factor = z.number().min(0).max(1);
const weight = z.number().int().min(0).max(1000);
export const scoreRulesBody = z.strictObject({
  rules: z.strictObject({
    statusFactor: z.strictObject({ met: factor, mostlyMet: factor, notMet: factor }),
    methodWeights: z.strictObject(Object.fromEntries(EVALUATION_METHODS.map((m) => [m, weight])) as Record<(typeof EVALUATION_METHODS)[number], typeof weight>),
    observedRates: z.enum(OBSERVED_RATE_MODES),
  }),
  supportingShare: z.number().min(0).max(1),
  version: z.number().int(),
});
export const scoreRulesResponse = scoreRulesBody.omit({ version: true }).extend({ version: z.number() });
