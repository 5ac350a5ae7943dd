import type { AuditEntry } from '@chuangwen/domain/audit/audit.schemas';
import { api } from '../../lib/api';

export type { AuditEntry };

export type AuditQuery = {
  actorId?: number;
  action?: string;
  entityType?: string;
  entityId?: string;
  from?: string;
  to?: string;
  q?: string;
};

export const AUDIT_PAGE_SIZE = 50;

export const listAudit = (query: AuditQuery & { cursor?: number | null; limit?: number }, signal?: AbortSignal) =>
  api.get<{ items: AuditEntry[]; nextCursor: number | null }>('/api/audit', query, signal);
