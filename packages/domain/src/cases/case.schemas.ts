import { z } from 'zod';
import { bigId, id, idParam } from '../common/ids';
import { deadlineRuleSchema } from '../calendar/working-calendar';
import type { Locale } from '../i18n/labels';
import { attachmentId } from './case.inputs';
import { CASE_ACTIONS, CASE_STATES } from './case.workflow';

// API shapes of cases (create input, list filters, what the server returns), shared by the server's
// routes and the web app. The workflow itself lives in case.workflow.ts / case.inputs.ts.

/** Where a case came from (信息采集 sources, DOMAIN §3). */
export const CASE_SOURCES = ['inspection', 'gridPatrol', 'citizen', 'sensor', 'leader', 'thirdParty'] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];

/** 部件 (a physical asset that is damaged, missing or faulty) / 事件 (an act or condition). */
export const CASE_NATURES = ['facility', 'incident'] as const;
export type CaseNature = (typeof CASE_NATURES)[number];

export const CASE_SEVERITIES = ['minor', 'normal', 'serious', 'critical'] as const;
export type CaseSeverity = (typeof CASE_SEVERITIES)[number];

/** Timeline entries the platform writes itself (not workflow actions, no state change). */
export const CASE_SYSTEM_EVENTS = ['overdue'] as const;
export type CaseSystemEvent = (typeof CASE_SYSTEM_EVENTS)[number];

export const CASE_PHOTO_PHASES = ['before', 'after', 'attachment'] as const;
export type CasePhotoPhase = (typeof CASE_PHOTO_PHASES)[number];

const code2 = z.string().regex(/^\d{2}$/);
const text = (max: number) => z.string().trim().min(1).max(max);

export const lon = z.number().min(-180).max(180);
export const lat = z.number().min(-90).max(90);

export const caseCreateInput = z.strictObject({
  /** Left out: the reporter's default source; only the sources of the reporter's role (auth/permissions.ts). */
  source: z.enum(CASE_SOURCES).optional(),
  nature: z.enum(CASE_NATURES),
  categoryCode: code2,
  subcategoryCode: code2,
  /** Optional link to a framework criterion (测评标准) and an inspection site (点位). */
  criterionCode: z.string().trim().min(1).max(64).nullish(),
  siteId: id.nullish(),
  lon,
  lat,
  address: text(300),
  description: text(4000),
  severity: z.enum(CASE_SEVERITIES).default('normal'),
  beforePhotoIds: z.array(attachmentId).max(20).default([]),
});
export type CaseCreateInput = z.infer<typeof caseCreateInput>;

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

/** Filters of the case list, the map and the Excel ledger (query string). */
export const caseListFilter = z.object({
  state: z
    .union([z.enum(CASE_STATES), z.array(z.enum(CASE_STATES))])
    .optional()
    .transform((v) => (v === undefined ? undefined : [v].flat())),
  /** A unit and its subtree: responsible for the case, or the place where it lies. */
  unitId: idParam.optional(),
  nature: z.enum(CASE_NATURES).optional(),
  categoryCode: code2.optional(),
  subcategoryCode: code2.optional(),
  source: z.enum(CASE_SOURCES).optional(),
  overdue: bool.optional(),
  /** Submitted in [from, to). */
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  q: z.string().trim().min(1).max(100).optional(),
  criterionCode: z.string().trim().min(1).max(64).optional(),
  siteId: idParam.optional(),
});
export type CaseListFilter = z.infer<typeof caseListFilter>;

export const caseListQuery = caseListFilter.extend({
  /** Opaque keyset cursor from the previous page's `nextCursor` (a case id, so within the id range). */
  cursor: z
    .string()
    .regex(/^\d+$/)
    .refine((v) => bigId.safeParse(Number(v)).success, 'v.format')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const unitRef = z.object({ id: z.number(), name: z.string() });
const iso = z.string();

/** One row of the list / inbox. */
export const caseSummarySchema = z.object({
  id: z.number(),
  number: z.string(),
  source: z.enum(CASE_SOURCES),
  nature: z.enum(CASE_NATURES),
  categoryCode: z.string(),
  subcategoryCode: z.string(),
  categoryName: z.string().nullable(),
  subcategoryName: z.string().nullable(),
  state: z.enum(CASE_STATES),
  severity: z.enum(CASE_SEVERITIES),
  address: z.string(),
  description: z.string(),
  lon: z.number(),
  lat: z.number(),
  responsibleUnit: unitRef.nullable(),
  areaUnit: unitRef.nullable(),
  deadlineAt: iso.nullable(),
  isOverdue: z.boolean(),
  submittedAt: iso,
  closedAt: iso.nullable(),
  reworkCount: z.number(),
  urgeCount: z.number(),
  version: z.number(),
});
export type CaseSummary = z.infer<typeof caseSummarySchema>;

export const casePhotoSchema = z.object({
  fileId: z.string(),
  phase: z.enum(CASE_PHOTO_PHASES),
  url: z.string(),
  thumbUrl: z.string().nullable(),
  originalName: z.string(),
  at: iso,
});

export const caseEventSchema = z.object({
  id: z.number(),
  action: z.string(),
  from: z.enum(CASE_STATES).nullable(),
  to: z.enum(CASE_STATES),
  at: iso,
  actor: z.object({ id: z.number(), name: z.string() }).nullable(),
  note: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  attachmentIds: z.array(z.string()),
});

export const caseDetailSchema = caseSummarySchema.extend({
  criterionCode: z.string().nullable(),
  siteId: z.number().nullable(),
  reporter: z.object({ id: z.number(), name: z.string() }).nullable(),
  acceptedAt: iso.nullable(),
  dispatchedAt: iso.nullable(),
  rectifiedAt: iso.nullable(),
  pendingExtension: z.object({ reason: z.string(), requestedDeadlineAt: iso, requestedAt: iso }).nullable(),
  parking: z.object({ plan: z.string(), reviewAt: iso, parkedAt: iso }).nullable(),
  returnCount: z.number(),
  extensionCount: z.number(),
  /** What the caller may do now; the UI draws its buttons from it. */
  allowedActions: z.array(z.enum(CASE_ACTIONS)),
  photos: z.object({ before: z.array(casePhotoSchema), after: z.array(casePhotoSchema), attachments: z.array(casePhotoSchema) }),
  events: z.array(caseEventSchema),
});
export type CaseDetail = z.infer<typeof caseDetailSchema>;

export const caseCategorySchema = z.object({
  nature: z.enum(CASE_NATURES),
  categoryCode: z.string(),
  categoryName: z.string(),
  subcategoryCode: z.string(),
  subcategoryName: z.string(),
  deadlineRule: deadlineRuleSchema.nullable(),
  defaultDepartment: unitRef.nullable(),
  acceptStandard: z.string().nullable(),
  closeStandard: z.string().nullable(),
});

export const CASE_SOURCE_LABELS: Record<Locale, Record<CaseSource, string>> = {
  'zh-CN': { inspection: '督查发现', gridPatrol: '网格巡查', citizen: '市民举报', sensor: '传感器报警', leader: '领导交办', thirdParty: '第三方测评' },
  en: {
    inspection: 'Inspection',
    gridPatrol: 'Grid patrol',
    citizen: 'Citizen report',
    sensor: 'Sensor alarm',
    leader: 'Leader’s instruction',
    thirdParty: 'Third-party evaluation',
  },
};

export const CASE_NATURE_LABELS: Record<Locale, Record<CaseNature, string>> = {
  'zh-CN': { facility: '部件', incident: '事件' },
  en: { facility: 'Facility', incident: 'Incident' },
};

export const CASE_SEVERITY_LABELS: Record<Locale, Record<CaseSeverity, string>> = {
  'zh-CN': { minor: '轻微', normal: '一般', serious: '较重', critical: '严重' },
  en: { minor: 'Minor', normal: 'Normal', serious: 'Serious', critical: 'Critical' },
};

export const CASE_SYSTEM_EVENT_LABELS: Record<Locale, Record<CaseSystemEvent, string>> = {
  'zh-CN': { overdue: '已超期' },
  en: { overdue: 'Overdue' },
};
