import { z } from 'zod';
import { idParam as id } from '../common/ids';
import { caseListFilter } from '../cases/case.schemas';
import { EVIDENCE_STATES } from '../framework/framework.api';
import { EXPORT_ERROR_CODES, EXPORT_STATES, LEDGER_KINDS } from './export.kinds';

export * from './export.kinds';

export const inspectionLedgerFilter = z.object({ roundId: id.optional() });
/** No framework: the published edition (the latest one when none is published). */
export const matrixLedgerFilter = z.object({ frameworkId: id.optional() });
export const evidenceLedgerFilter = z.object({ frameworkId: id.optional(), state: z.enum(EVIDENCE_STATES).optional(), unitId: id.optional() });
export const unitLedgerFilter = z.object({});
export const userLedgerFilter = z.object({
  unitId: id.optional(),
  roleCode: z.string().trim().min(1).max(64).optional(),
  status: z.enum(['active', 'inactive', 'locked']).optional(),
});

/** The cases ledger takes exactly the case list's filters. */
export const exportStartInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('cases'), filters: caseListFilter.prefault({}) }),
  z.object({ kind: z.literal('inspections'), filters: inspectionLedgerFilter.prefault({}) }),
  z.object({ kind: z.literal('matrix'), filters: matrixLedgerFilter.prefault({}) }),
  z.object({ kind: z.literal('evidence'), filters: evidenceLedgerFilter.prefault({}) }),
  z.object({ kind: z.literal('units'), filters: unitLedgerFilter.prefault({}) }),
  z.object({ kind: z.literal('users'), filters: userLedgerFilter.prefault({}) }),
]);
export type ExportStartInput = z.infer<typeof exportStartInput>;

export const exportJobSchema = z.object({
  id: z.string(),
  kind: z.enum(LEDGER_KINDS),
  state: z.enum(EXPORT_STATES),
  filters: z.record(z.string(), z.unknown()),
  rowsDone: z.number(),
  /** null until the worker has counted the rows. */
  rowsTotal: z.number().nullable(),
  fileName: z.string().nullable(),
  byteSize: z.number().nullable(),
  errorCode: z.enum(EXPORT_ERROR_CODES).nullable(),
  error: z.string().nullable(),
  attempts: z.number(),
  createdBy: z.object({ id: z.number(), name: z.string() }),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** Set when the file is ready. */
  downloadUrl: z.string().nullable(),
});
export type ExportJob = z.infer<typeof exportJobSchema>;
