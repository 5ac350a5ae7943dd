import { z } from 'zod';
import { CASE_NATURES } from '../cases/case.schemas';
import { parseServiceCode, PUBLIC_STAGES } from './citizen.public';

// Citizen reports (随手拍), as the public page and the office see them. A citizen report IS a case
// (source `citizen`); what is public about it is decided here, once, for the page, the lookup by
// tracking code, the nearby list and the Open311 API alike.

export * from './citizen.public';

// ── inputs ───────────────────────────────────────────────────────────────────────────────────

/** Control characters other than tab and line breaks mark binary junk: refused with a clear 400. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
export const plainText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => !CONTROL.test(s), { message: 'v.control_chars' });

export const CITIZEN_PHOTO_MAX_BYTES = 8 * 1024 * 1024;

/** The fields of a public report (multipart form fields; photos are file parts named `photo`). */
export const citizenReportInput = z.strictObject({
  serviceCode: z
    .string()
    .max(40)
    .refine((s) => parseServiceCode(s) !== null, { message: 'v.format' }),
  lon: z.coerce.number().min(-180).max(180),
  lat: z.coerce.number().min(-90).max(90),
  description: plainText(2000).pipe(z.string().min(1)),
  address: plainText(200).optional(),
  name: plainText(50).optional(),
  phone: z
    .string()
    .trim()
    .max(30)
    .regex(/^[0-9+\-\s()]*$/, { message: 'v.format' })
    .optional(),
  /** Proposed by the page so it can confirm at once, offline; the server makes one when absent. */
  trackingCode: z.string().max(20).optional(),
});
export type CitizenReportInput = z.infer<typeof citizenReportInput>;

// ── outputs ──────────────────────────────────────────────────────────────────────────────────

export const publicPhotoSchema = z.object({ url: z.string(), thumbUrl: z.string() });

export const publicCategorySchema = z.object({
  serviceCode: z.string(),
  nature: z.enum(CASE_NATURES),
  categoryCode: z.string(),
  categoryName: z.string(),
  subcategoryCode: z.string(),
  subcategoryName: z.string(),
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
  number: z.string(),
  serviceCode: z.string(),
  categoryName: z.string().nullable(),
  subcategoryName: z.string().nullable(),
  stage: z.enum(PUBLIC_STAGES),
  description: z.string(),
  lon: z.number(),
  lat: z.number(),
  distanceM: z.number(),
  submittedAt: z.string(),
  afterPhoto: publicPhotoSchema.nullable(),
});

export const publicExposureSchema = z.object({
  id: z.number(),
  title: z.string(),
  summary: z.string(),
  address: z.string().nullable(),
  serviceCode: z.string(),
  categoryName: z.string().nullable(),
  subcategoryName: z.string().nullable(),
  stage: z.enum(PUBLIC_STAGES),
  lon: z.number(),
  lat: z.number(),
  publishedAt: z.string(),
  photos: z.array(publicPhotoSchema),
});
export type PublicExposure = z.infer<typeof publicExposureSchema>;

export const redactionRegion = z.strictObject({
  x: z.number().min(0).max(1),
  y: z.number().min(0).max(1),
  w: z.number().gt(0).max(1),
  h: z.number().gt(0).max(1),
});
export const REDACTION_MODES = ['blur', 'fill'] as const;
export const redactionInput = z.strictObject({
  regions: z.array(redactionRegion).max(50),
  mode: z.enum(REDACTION_MODES).default('blur'),
});

export const CITIZEN_CHANNELS = ['web', 'open311'] as const;
export type CitizenChannel = (typeof CITIZEN_CHANNELS)[number];
