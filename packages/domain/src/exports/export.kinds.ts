import type { Permission } from '../auth/permissions';

// Ledger exports (台账导出): an office user starts an export job of one ledger kind with filters;
// a worker writes the workbook in the background; the job reports progress and the file.
// Plain value lists (no zod), so the web page can use them without the schemas.

export const LEDGER_KINDS = ['cases', 'inspections', 'matrix', 'evidence', 'units', 'users'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/** queued → running → done | failed; a running job whose worker died goes back to queued (see export.worker.ts). */
export const EXPORT_STATES = ['queued', 'running', 'done', 'failed'] as const;
export type ExportState = (typeof EXPORT_STATES)[number];

/** Besides `ledger.export`, each kind needs the read permission of its data (and is scoped by it). */
export const LEDGER_READ_PERMISSION: Record<LedgerKind, Permission> = {
  cases: 'case.view',
  inspections: 'inspection.view',
  matrix: 'framework.view',
  evidence: 'framework.view',
  units: 'unit.view',
  users: 'user.view',
};

/** Why a job failed; the UI shows each in the user's language. */
export const EXPORT_ERROR_CODES = ['forbidden', 'not_found', 'worker_lost', 'internal'] as const;
export type ExportErrorCode = (typeof EXPORT_ERROR_CODES)[number];

/** Files and jobs are kept this long, then cleaned up (the audit trail keeps the record). */
export const EXPORT_RETENTION_DAYS = 7;
