import type { ExportJob, ExportStartInput } from '@chuangwen/domain/exports/export.schemas';
import { api } from '../../lib/api';

export type { ExportJob };

export const listExports = (signal?: AbortSignal) => api.get<{ items: ExportJob[] }>('/api/exports', undefined, signal);

/** Filters in API form (the cases kind takes the case list's filters). */
export const startExport = (input: { kind: ExportStartInput['kind']; filters: Record<string, unknown> }) => api.post<ExportJob>('/api/exports', input);
