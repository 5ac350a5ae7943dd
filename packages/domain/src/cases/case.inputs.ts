import { z } from 'zod';
import { id } from '../common/ids';
import type { CaseAction } from './case.workflow';

// Input of each workflow action, as the API receives it (JSON: instants are ISO 8601 strings with an
// offset) or as server code passes it (Date). The keys listed in a transition's `requires` are the
// required keys here; case.workflow.test.ts checks the two agree.

/** An instant: a Date, or an ISO 8601 string with offset ('2026-10-08T09:30:00+08:00' or '…Z'). */
export const instant = z.union([z.date(), z.iso.datetime({ offset: true }).transform((s) => new Date(s))]);

/** Uploaded files (photos, documents) are stored first and referenced by their UUID. */
export const attachmentId = z.uuid();

const text = (max: number) => z.string().trim().min(1).max(max);
const reason = text(2000);
const unitId = id;

/** Every action may carry a note and attachments; they appear on the case timeline. */
const common = {
  note: text(2000).optional(),
  attachmentIds: z.array(attachmentId).max(20).optional(),
};

export const caseActionInputSchemas = {
  accept: z.strictObject({ ...common }),
  reject: z.strictObject({ ...common, reason }),
  dispatch: z.strictObject({ ...common, responsibleUnitId: unitId, deadlineAt: instant }),
  return: z.strictObject({ ...common, reason }),
  reassign: z.strictObject({ ...common, responsibleUnitId: unitId, deadlineAt: instant }),
  delegate: z.strictObject({ ...common, responsibleUnitId: unitId }),
  startRectification: z.strictObject({ ...common }),
  submitRectification: z.strictObject({ ...common, afterPhotoIds: z.array(attachmentId).min(1).max(20) }),
  verifyPass: z.strictObject({ ...common }),
  /** `deadlineAt` optional: by default the rework runs against the existing deadline. */
  verifyFail: z.strictObject({ ...common, reason, deadlineAt: instant.optional() }),
  requestExtension: z.strictObject({ ...common, reason, requestedDeadlineAt: instant }),
  /** `deadlineAt` optional: by default the requested deadline is granted. */
  approveExtension: z.strictObject({ ...common, deadlineAt: instant.optional() }),
  denyExtension: z.strictObject({ ...common, reason }),
  park: z.strictObject({ ...common, plan: text(4000), reviewAt: instant }),
  unpark: z.strictObject({ ...common, deadlineAt: instant }),
  urge: z.strictObject({ ...common, note: text(2000) }),
  reopen: z.strictObject({ ...common, reason, deadlineAt: instant }),
  comment: z.strictObject({ ...common, note: text(2000) }),
} as const satisfies Record<CaseAction, z.ZodType>;

export type CaseActionInputs = { [A in keyof typeof caseActionInputSchemas]: z.output<(typeof caseActionInputSchemas)[A]> };
/** What a client sends (instants as strings). */
export type CaseActionRequestBodies = { [A in keyof typeof caseActionInputSchemas]: z.input<(typeof caseActionInputSchemas)[A]> };
