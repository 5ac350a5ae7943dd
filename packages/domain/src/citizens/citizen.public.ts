import type { Locale } from '../i18n/labels';
import { CASE_STATE_DEFINITIONS, type CaseState } from '../cases/case.workflow';

// Citizen reports (随手拍): what is public about a case, decided once for the public page, the
// lookup by tracking code, the nearby list and Open311. No zod here: the citizens' page imports
// this file and must stay light (zod schemas are in citizen.schemas.ts).

/** Case natures (same values as case.schemas CASE_NATURES, which lives beside zod). */
export type CaseNature = 'facility' | 'incident';

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
  const stage = CASE_STATE_DEFINITIONS[state].publicStage;
  return stage === 'rejected' && isDuplicate ? 'merged' : stage;
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
    submitted: '已提交，待审核',
    accepted: '已受理',
    rejected: '不予受理',
    merged: '已合并（重复举报）',
    dispatched: '已派遣处置',
    rework: '核查未通过，继续整改',
    fixed: '已整改，待核查',
    closed: '已办结',
    reopened: '重新办理',
  },
  en: {
    submitted: 'Submitted, awaiting review',
    accepted: 'Accepted',
    rejected: 'Not accepted',
    merged: 'Merged (duplicate)',
    dispatched: 'Dispatched',
    rework: 'Verification failed, being reworked',
    fixed: 'Fixed, awaiting verification',
    closed: 'Closed',
    reopened: 'Reopened',
  },
};

// ── approximate location ─────────────────────────────────────────────────────────────────────

/** Public points are rounded to 0.001° (≈ 100 m): enough to find the place, not the reporter's door. */
export const approximate = (v: number) => Math.round(v * 1000) / 1000;

/** Photos per citizen report. */
export const CITIZEN_PHOTO_LIMIT = 3;
