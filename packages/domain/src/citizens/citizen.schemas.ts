import { z } from 'zod';
import type { Locale } from '../i18n/labels';
import type { CaseState } from '../cases/case.workflow';
import { CASE_NATURES, type CaseNature } from '../cases/case.schemas';

// Citizen reports (随手拍), as the public page and the office see them. A citizen report IS a case
// (source `citizen`); what is public about it is decided here, once, for the page, the lookup by
// tracking code, the nearby list and the Open311 API alike.

// ── tracking codes ───────────────────────────────────────────────────────────────────────────

/** Crockford base32: no I, L, O, U — nothing to confuse when read out over the phone. */
export const TRACKING_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const TRACKING_CODE_LENGTH = 10; // 50 random bits

/** Accepts what people type: lower case, spaces, dashes, I/L for 1 and O for 0. Null if malformed. */
export function normaliseTrackingCode(input: string): string | null {
  const s = input.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  if (s.length !== TRACKING_CODE_LENGTH) return null;
  for (const c of s) if (!TRACKING_ALPHABET.includes(c)) return null;
  return s;
}

/** 'ABCDE12345' → 'ABCDE-12345' for display. */
export const formatTrackingCode = (code: string) => `${code.slice(0, 5)}-${code.slice(5)}`;

/** A new code from random bytes (crypto.getRandomValues in the browser, randomBytes on the server). */
export function trackingCodeFrom(bytes: Uint8Array): string {
  if (bytes.length < TRACKING_CODE_LENGTH) throw new RangeError('need 10 random bytes');
  let out = '';
  for (let i = 0; i < TRACKING_CODE_LENGTH; i++) out += TRACKING_ALPHABET[bytes[i]! & 31];
  return out;
}

// ── service codes (a case subcategory as one string, used by the page and Open311) ────────────

export const serviceCode = (nature: CaseNature, categoryCode: string, subcategoryCode: string) => `${nature}-${categoryCode}-${subcategoryCode}`;

export function parseServiceCode(code: string): { nature: CaseNature; categoryCode: string; subcategoryCode: string } | null {
  const m = /^(facility|incident)-(\d{2})-(\d{2})$/.exec(code);
  return m ? { nature: m[1] as CaseNature, categoryCode: m[2]!, subcategoryCode: m[3]! } : null;
}

// ── public stages ────────────────────────────────────────────────────────────────────────────

/** What the public is told about a case: fewer words than the workflow, no internal steps. */
export const PUBLIC_STAGES = ['submitted', 'accepted', 'rejected', 'merged', 'dispatched', 'rework', 'fixed', 'closed', 'reopened'] as const;
export type PublicStage = (typeof PUBLIC_STAGES)[number];

/** The current public stage of a case state (a rejected duplicate is `merged`). */
export function publicStageOf(state: CaseState, isDuplicate = false): PublicStage {
  switch (state) {
    case 'submitted': return 'submitted';
    case 'accepted': return 'accepted';
    case 'rejected': return isDuplicate ? 'merged' : 'rejected';
    case 'dispatched': case 'returned': case 'rectifying': case 'parked': return 'dispatched';
    case 'awaitingVerification': return 'fixed';
    case 'closed': return 'closed';
  }
}

/** Timeline entries the public sees, by workflow action; everything else (notes, urges, extensions) stays inside. */
export const PUBLIC_EVENT_STAGES: Partial<Record<string, PublicStage>> = {
  create: 'submitted',
  accept: 'accepted',
  reject: 'rejected',
  dispatch: 'dispatched',
  reassign: 'dispatched',
  submitRectification: 'fixed',
  verifyFail: 'rework',
  verifyPass: 'closed',
  reopen: 'reopened',
};

export const PUBLIC_STAGE_LABELS: Record<Locale, Record<PublicStage, string>> = {
  'zh-CN': {
    submitted: '已提交，待审核', accepted: '已受理', rejected: '不予受理', merged: '已合并（重复举报）', dispatched: '已派遣处置',
    rework: '核查未通过，继续整改', fixed: '已整改，待核查', closed: '已办结', reopened: '重新办理',
  },
  en: {
    submitted: 'Submitted, awaiting review', accepted: 'Accepted', rejected: 'Not accepted', merged: 'Merged (duplicate)', dispatched: 'Dispatched',
    rework: 'Verification failed, being reworked', fixed: 'Fixed, awaiting verification', closed: 'Closed', reopened: 'Reopened',
  },
};

// ── approximate location ─────────────────────────────────────────────────────────────────────

/** Public points are rounded to 0.001° (≈ 100 m): enough to find the place, not the reporter's door. */
export const approximate = (v: number) => Math.round(v * 1000) / 1000;

// ── inputs ───────────────────────────────────────────────────────────────────────────────────

/** Control characters other than tab and line breaks mark binary junk: refused with a clear 400. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
export const plainText = (max: number) => z.string().trim().max(max).refine((s) => !CONTROL.test(s), { message: 'v.control_chars' });

export const CITIZEN_PHOTO_LIMIT = 3;
export const CITIZEN_PHOTO_MAX_BYTES = 8 * 1024 * 1024;

/** The fields of a public report (multipart form fields; photos are file parts named `photo`). */
export const citizenReportInput = z.strictObject({
  serviceCode: z.string().max(40).refine((s) => parseServiceCode(s) !== null, { message: 'v.format' }),
  lon: z.coerce.number().min(-180).max(180),
  lat: z.coerce.number().min(-90).max(90),
  description: plainText(2000).pipe(z.string().min(1)),
  address: plainText(200).optional(),
  name: plainText(50).optional(),
  phone: z.string().trim().max(30).regex(/^[0-9+\-\s()]*$/, { message: 'v.format' }).optional(),
  /** Proposed by the page so it can confirm at once, offline; the server makes one when absent. */
  trackingCode: z.string().max(20).optional(),
});
export type CitizenReportInput = z.infer<typeof citizenReportInput>;

// ── outputs ──────────────────────────────────────────────────────────────────────────────────

export const publicPhotoSchema = z.object({ url: z.string(), thumbUrl: z.string() });

export const publicCategorySchema = z.object({
  serviceCode: z.string(), nature: z.enum(CASE_NATURES), categoryCode: z.string(), categoryName: z.string(),
  subcategoryCode: z.string(), subcategoryName: z.string(),
});

export const publicTimelineEntrySchema = z.object({
  stage: z.enum(PUBLIC_STAGES),
  at: z.string(),
  /** Reject reason / verification remark as the office wrote it for the public; dispatch: the unit's name. */
  text: z.string().nullable(),
  photos: z.array(publicPhotoSchema),
});

/** What the holder of a tracking code sees: their report and its public timeline, nothing personal. */
export const publicReportSchema = z.object({
  trackingCode: z.string(),
  number: z.string(),
  serviceCode: z.string(),
  categoryName: z.string().nullable(),
  subcategoryName: z.string().nullable(),
  stage: z.enum(PUBLIC_STAGES),
  description: z.string(),
  lon: z.number(),
  lat: z.number(),
  submittedAt: z.string(),
  updatedAt: z.string(),
  timeline: z.array(publicTimelineEntrySchema),
  afterPhotos: z.array(publicPhotoSchema),
  duplicateOf: z.object({ number: z.string(), stage: z.enum(PUBLIC_STAGES) }).nullable(),
});
export type PublicReport = z.infer<typeof publicReportSchema>;

/** One row of "recent reports near me": moderated reports only, no tracking code, approximate point. */
export const publicNearbySchema = z.object({
  number: z.string(), serviceCode: z.string(), categoryName: z.string().nullable(), subcategoryName: z.string().nullable(),
  stage: z.enum(PUBLIC_STAGES), description: z.string(), lon: z.number(), lat: z.number(), distanceM: z.number(), submittedAt: z.string(),
  afterPhoto: publicPhotoSchema.nullable(),
});

export const publicExposureSchema = z.object({
  id: z.number(), title: z.string(), summary: z.string(), address: z.string().nullable(), serviceCode: z.string(),
  categoryName: z.string().nullable(), subcategoryName: z.string().nullable(), stage: z.enum(PUBLIC_STAGES),
  lon: z.number(), lat: z.number(), publishedAt: z.string(), photos: z.array(publicPhotoSchema),
});
export type PublicExposure = z.infer<typeof publicExposureSchema>;

export const redactionRegion = z.strictObject({
  x: z.number().min(0).max(1), y: z.number().min(0).max(1), w: z.number().gt(0).max(1), h: z.number().gt(0).max(1),
});
export const REDACTION_MODES = ['blur', 'fill'] as const;
export const redactionInput = z.strictObject({
  regions: z.array(redactionRegion).max(50),
  mode: z.enum(REDACTION_MODES).default('blur'),
});

export const CITIZEN_CHANNELS = ['web', 'open311'] as const;
export type CitizenChannel = (typeof CITIZEN_CHANNELS)[number];
