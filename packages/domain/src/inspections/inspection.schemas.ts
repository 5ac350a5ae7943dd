import { z } from 'zod';
import { id, idParam } from '../common/ids';
import { SITE_TYPES } from '../framework/framework.schemas';
import { CASE_NATURES } from '../cases/case.schemas';
import { NOTICE_ACTIONS, NOTICE_STATES } from './notice.workflow';

// Inspections (督查): sites (点位), checklists derived from the framework, rounds (督查轮次), teams
// bound to towns, allotment of sites to teams, results per site visit, the field page's offline
// sync, and rectification notices (抄告单, workflow in notice.workflow.ts). API shapes shared by
// the server's routes and both web entries.

/** 合格 / 不合格 / 严重不合格. */
export const CHECK_RESULTS = ['pass', 'fail', 'severeFail'] as const;
export type CheckResult = (typeof CHECK_RESULTS)[number];
export const isFailure = (r: CheckResult) => r !== 'pass';

/** A regular office round, a third-party evaluation company's round, or a mock evaluation (模拟测评). */
export const ROUND_KINDS = ['regular', 'thirdParty', 'mockEvaluation'] as const;
export type RoundKind = (typeof ROUND_KINDS)[number];

/** planned → active (field work) → finished (results final, notices issued). */
export const ROUND_STATUSES = ['planned', 'active', 'finished'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

export const ASSIGNMENT_STATUSES = ['pending', 'visited'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));
const day = z.iso.date();
export const siteTypeSchema = z.enum(SITE_TYPES);

// ---- sites ---------------------------------------------------------------------------------------

export const siteInput = z.strictObject({
  code: z
    .string()
    .trim()
    .max(64)
    .regex(/^[A-Za-z0-9_-]*$/)
    .nullish()
    .transform((v) => (v ? v : null)),
  type: siteTypeSchema,
  name: text(100),
  address: text(300),
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  personInCharge: optionalText(50),
  phone: optionalText(30),
});
export type SiteInput = z.infer<typeof siteInput>;
export const siteUpdateInput = siteInput.partial().extend({ isActive: z.boolean().optional(), version: z.number().int().min(0) });

const unitRef = z.object({ id: z.number(), name: z.string() });

export const siteSchema = z.object({
  id: z.number(),
  code: z.string().nullable(),
  type: siteTypeSchema,
  name: z.string(),
  address: z.string(),
  lon: z.number(),
  lat: z.number(),
  /** The smallest territorial unit containing the point (community/village), found by polygon. */
  unit: unitRef.nullable(),
  /** Its town or subdistrict (镇/街道), to which teams are bound. */
  town: unitRef.nullable(),
  personInCharge: z.string().nullable(),
  phone: z.string().nullable(),
  isActive: z.boolean(),
  version: z.number(),
});
export type Site = z.infer<typeof siteSchema>;

export const siteListQuery = z.object({
  type: siteTypeSchema.optional(),
  unitId: idParam.optional(),
  q: z.string().trim().min(1).max(100).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

// ---- checklists ----------------------------------------------------------------------------------

export const checklistItemSchema = z.object({
  id: z.number(),
  frameworkId: z.number(),
  siteType: siteTypeSchema,
  nodeId: z.number(),
  criterionCode: z.string(),
  criterionName: z.string(),
  wording: z.string(),
  sortOrder: z.number(),
  isActive: z.boolean(),
  /** The case classification a failure is filed under (editable with the wording). */
  caseNature: z.enum(CASE_NATURES),
  caseCategoryCode: z.string(),
  caseSubcategoryCode: z.string(),
  version: z.number(),
});
export type ChecklistItem = z.infer<typeof checklistItemSchema>;

export const checklistItemUpdate = z.strictObject({
  wording: text(1000).optional(),
  sortOrder: z.number().int().min(0).max(1_000_000).optional(),
  isActive: z.boolean().optional(),
  caseNature: z.enum(CASE_NATURES).optional(),
  caseCategoryCode: z
    .string()
    .regex(/^\d{2}$/)
    .optional(),
  caseSubcategoryCode: z
    .string()
    .regex(/^\d{2}$/)
    .optional(),
  version: z.number().int().min(0),
});

export const checklistReorder = z.strictObject({ frameworkId: id, siteType: siteTypeSchema, itemIds: z.array(id).min(1).max(500) });

// ---- rounds and teams ----------------------------------------------------------------------------

export const roundInput = z
  .strictObject({
    name: text(100),
    frameworkId: id,
    periodStart: day,
    periodEnd: day,
    kind: z.enum(ROUND_KINDS).default('regular'),
    isAnnounced: z.boolean().default(false),
    siteTypes: z
      .array(siteTypeSchema)
      .min(1)
      .max(26)
      .refine((l) => new Set(l).size === l.length),
    /** Sites to sample per site type (all of them when fewer exist). */
    sampleSize: z.number().int().min(1).max(500),
  })
  .refine((r) => r.periodEnd >= r.periodStart, { path: ['periodEnd'], message: 'inspection_period_end' });
export type RoundInput = z.infer<typeof roundInput>;

export const roundUpdateInput = z.strictObject({
  name: text(100).optional(),
  periodStart: day.optional(),
  periodEnd: day.optional(),
  kind: z.enum(ROUND_KINDS).optional(),
  isAnnounced: z.boolean().optional(),
  siteTypes: z.array(siteTypeSchema).min(1).max(26).optional(),
  sampleSize: z.number().int().min(1).max(500).optional(),
  status: z.enum(ROUND_STATUSES).optional(),
  version: z.number().int().min(0),
});

export const teamInput = z.strictObject({
  name: text(50),
  leaderUserId: id,
  memberUserIds: z.array(id).max(50).default([]),
  /** Towns / subdistricts the team is bound to (挂钩). */
  unitIds: z.array(id).min(1).max(50),
});
export type TeamInput = z.infer<typeof teamInput>;

const userRef = z.object({ id: z.number(), name: z.string() });

export const teamSchema = z.object({
  id: z.number(),
  roundId: z.number(),
  name: z.string(),
  leader: userRef,
  members: z.array(userRef),
  units: z.array(unitRef),
  assignedCount: z.number(),
  visitedCount: z.number(),
});
export type Team = z.infer<typeof teamSchema>;

export const roundSchema = z.object({
  id: z.number(),
  name: z.string(),
  frameworkId: z.number(),
  frameworkName: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  kind: z.enum(ROUND_KINDS),
  isAnnounced: z.boolean(),
  siteTypes: z.array(siteTypeSchema),
  sampleSize: z.number(),
  status: z.enum(ROUND_STATUSES),
  seed: z.string().nullable(),
  assignedCount: z.number(),
  visitedCount: z.number(),
  version: z.number(),
  createdAt: z.string(),
});
export type Round = z.infer<typeof roundSchema>;

export const roundDetailSchema = roundSchema.extend({ teams: z.array(teamSchema) });
export type RoundDetail = z.infer<typeof roundDetailSchema>;

/** Random sample (deterministic for a seed) or chosen by hand. */
export const allotInput = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('sample'), seed: z.string().trim().min(1).max(64) }),
  z.strictObject({
    mode: z.literal('manual'),
    items: z
      .array(z.strictObject({ siteId: id, teamId: id }))
      .min(1)
      .max(5000),
  }),
]);
export type AllotInput = z.infer<typeof allotInput>;

export const assignmentSchema = z.object({
  id: z.number(),
  roundId: z.number(),
  teamId: z.number(),
  teamName: z.string(),
  site: siteSchema,
  status: z.enum(ASSIGNMENT_STATUSES),
  visitedAt: z.string().nullable(),
  failCount: z.number(),
  severeFailCount: z.number(),
});
export type Assignment = z.infer<typeof assignmentSchema>;

export const checkSchema = z.object({
  checklistItemId: z.number(),
  criterionCode: z.string(),
  wording: z.string(),
  result: z.enum(CHECK_RESULTS),
  note: z.string().nullable(),
  photoIds: z.array(z.string()),
  caseId: z.number().nullable(),
  caseNumber: z.string().nullable(),
  proposedUnit: unitRef.nullable(),
  checkedAt: z.string(),
});
export type Check = z.infer<typeof checkSchema>;

export const assignmentDetailSchema = assignmentSchema.extend({
  checklist: z.array(checklistItemSchema),
  checks: z.array(checkSchema),
});
export type AssignmentDetail = z.infer<typeof assignmentDetailSchema>;

// ---- field page: one download for offline work, and the sync batch -------------------------------

export const fieldDataSchema = z.object({
  user: z.object({ id: z.number(), name: z.string() }),
  rounds: z.array(
    z.object({
      id: z.number(),
      name: z.string(),
      kind: z.enum(ROUND_KINDS),
      isAnnounced: z.boolean(),
      periodStart: z.string(),
      periodEnd: z.string(),
      status: z.enum(ROUND_STATUSES),
      frameworkId: z.number(),
      teams: z.array(z.object({ id: z.number(), name: z.string(), units: z.array(unitRef) })),
    }),
  ),
  assignments: z.array(assignmentSchema.extend({ checks: z.array(checkSchema) })),
  /** Checklist items per (framework, site type) the assignments need, active ones in order. */
  checklists: z.array(checklistItemSchema),
  syncedAt: z.string(),
});
export type FieldData = z.infer<typeof fieldDataSchema>;

/** Idempotency keys are generated on the phone (UUIDs); retries send the same key. */
export const opKey = z
  .string()
  .min(8)
  .max(100)
  .regex(/^[A-Za-z0-9_:.-]+$/);

export const visitCheckInput = z.strictObject({
  checklistItemId: id,
  result: z.enum(CHECK_RESULTS),
  note: z
    .string()
    .trim()
    .max(2000)
    .nullish()
    .transform((v) => (v ? v : null)),
  photoIds: z.array(z.uuid()).max(10).default([]),
  /** Required for a failure: the key of the case it creates (one case, however often it is sent). */
  caseKey: opKey.nullish(),
});

export const visitOp = z.strictObject({
  key: opKey,
  kind: z.literal('visit'),
  assignmentId: id,
  /** When the inspector recorded it on the phone (offline time), ISO. */
  at: z.iso.datetime({ offset: true }),
  checks: z.array(visitCheckInput).min(1).max(300),
});
export type VisitOp = z.infer<typeof visitOp>;

export const syncInput = z.strictObject({ ops: z.array(visitOp).min(1).max(100) });
export type SyncInput = z.infer<typeof syncInput>;

export const syncResultSchema = z.object({
  results: z.array(
    z.object({
      key: z.string(),
      /** ok: applied now; duplicate: applied before (the stored result is returned); error: will not succeed as sent. */
      status: z.enum(['ok', 'duplicate', 'error']),
      error: z.object({ code: z.string(), message: z.string() }).nullable(),
      caseIds: z.array(z.number()),
    }),
  ),
});
export type SyncResult = z.infer<typeof syncResultSchema>;

// ---- results -------------------------------------------------------------------------------------

export const rateLineSchema = z.object({
  key: z.string(),
  label: z.string(),
  sitesVisited: z.number(),
  sitesPassed: z.number(),
  /** 0..1, the exact ratio (rounded once where shown); null when nothing was visited. */
  sitePassRate: z.number().nullable(),
  itemsChecked: z.number(),
  itemsPassed: z.number(),
  itemPassRate: z.number().nullable(),
  fails: z.number(),
  severeFails: z.number(),
  /** The previous round's rate for the same key, for comparison. */
  previousRate: z.number().nullable(),
});
export type RateLine = z.infer<typeof rateLineSchema>;

export const roundResultsSchema = z.object({
  roundId: z.number(),
  previousRound: z.object({ id: z.number(), name: z.string() }).nullable(),
  summary: z.object({
    sitesAllotted: z.number(),
    sitesVisited: z.number(),
    /** Failed checks, less those whose case was rejected (不予立案): the domain's "problems found" (cases/case.problems.ts). */
    problemsFound: z.number(),
    /** Failed checks whose case was rejected as invalid: shown apart, in no rate. */
    rejected: z.number(),
    dispatched: z.number(),
    rectified: z.number(),
    rectificationRate: z.number().nullable(),
    sentence: z.string(),
  }),
  total: rateLineSchema,
  bySiteType: z.array(rateLineSchema),
  byCriterion: z.array(rateLineSchema),
  byTown: z.array(rateLineSchema),
  byTeam: z.array(rateLineSchema),
});
export type RoundResults = z.infer<typeof roundResultsSchema>;

// ---- rectification notices (抄告单) ---------------------------------------------------------------

export const noticeIssueInput = z.strictObject({
  /** 预警日期: the date by which the unit must report back; cases without a deadline get it. */
  deadlineOn: day,
  /** Towns/subdistricts to issue to; default: every town with cases in the round. */
  unitIds: z.array(id).max(100).optional(),
  /** Hand the round's new cases over (accept + dispatch through the case funnel) to their proposed unit. */
  dispatch: z.boolean().default(true),
});
export type NoticeIssueInput = z.infer<typeof noticeIssueInput>;

export const noticeActionInput = z.strictObject({
  note: z
    .string()
    .trim()
    .max(2000)
    .nullish()
    .transform((v) => (v ? v : null)),
  version: z.number().int().min(0),
});

export const noticeSchema = z.object({
  id: z.number(),
  number: z.string(),
  roundId: z.number(),
  roundName: z.string(),
  unit: unitRef,
  deadlineOn: z.string(),
  state: z.enum(NOTICE_STATES),
  caseCount: z.number(),
  issuedAt: z.string(),
  responseNote: z.string().nullable(),
  decisionNote: z.string().nullable(),
  version: z.number(),
});
export type Notice = z.infer<typeof noticeSchema>;

export const noticeCaseSchema = z.object({
  id: z.number(),
  number: z.string(),
  description: z.string(),
  address: z.string(),
  state: z.string(),
  responsibleUnit: unitRef.nullable(),
  deadlineAt: z.string().nullable(),
  closedAt: z.string().nullable(),
});

export const noticeDetailSchema = noticeSchema.extend({
  cases: z.array(noticeCaseSchema),
  events: z.array(
    z.object({
      id: z.number(),
      action: z.string(),
      from: z.string().nullable(),
      to: z.string(),
      note: z.string().nullable(),
      actorName: z.string().nullable(),
      at: z.string(),
    }),
  ),
  allowedActions: z.array(z.enum(NOTICE_ACTIONS)),
});
export type NoticeDetail = z.infer<typeof noticeDetailSchema>;
