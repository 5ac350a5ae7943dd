import type { z } from 'zod';
import type { CaseAction } from '@chuangwen/domain/cases/case.workflow';
import type { CaseCreateInput, CaseDetail, CaseNature, CaseSource, CaseSummary, caseCategorySchema, CaseSeverity } from '@chuangwen/domain/cases/case.schemas';
import type { CaseState } from '@chuangwen/domain/cases/case.workflow';
import type { UnitMetrics } from '@chuangwen/domain/cases/case.metrics';
import type { UnitKind } from '@chuangwen/domain/units/unit.kinds';
import { api, apiRequest, type QueryValue } from '../../lib/api';

export type { CaseDetail, CaseSummary };
export type CaseCategory = z.infer<typeof caseCategorySchema>;
export type CaseWithActions = CaseSummary & { allowedActions: CaseAction[] };

/** The list / map / ledger filters as the page holds them (already in API form). */
export type CaseFilter = {
  state?: CaseState[];
  unitId?: number;
  nature?: CaseNature;
  categoryCode?: string;
  subcategoryCode?: string;
  source?: CaseSource;
  overdue?: boolean;
  from?: string;
  to?: string;
  q?: string;
  criterionCode?: string;
  siteId?: number;
};

/** Query parameters of a filter; several states become repeated `state=` parameters. */
export function filterQuery(filter: CaseFilter): [string, string][] {
  const out: [string, string][] = [];
  for (const [key, value] of Object.entries(filter) as [keyof CaseFilter, unknown][]) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const v of value) out.push([key, String(v)]);
    else out.push([key, String(value)]);
  }
  return out;
}

function withQuery(path: string, pairs: [string, string][]): string {
  const qs = new URLSearchParams(pairs).toString();
  return qs ? `${path}?${qs}` : path;
}

export const CASES_EXPORT_PATH = '/api/cases/export.xlsx';
export const exportUrl = (filter: CaseFilter) => withQuery(CASES_EXPORT_PATH, filterQuery(filter));

export const listCases = (filter: CaseFilter, cursor: string | null, limit: number, signal?: AbortSignal) =>
  api.get<{ items: CaseSummary[]; nextCursor: string | null }>(
    withQuery('/api/cases', [...filterQuery(filter), ...(cursor ? [['cursor', cursor] as [string, string]] : []), ['limit', String(limit)]]),
    undefined,
    signal,
  );

export const listInbox = (signal?: AbortSignal) => api.get<{ items: CaseWithActions[] }>('/api/cases/inbox', { limit: 200 }, signal);

export type Bbox = { west: number; south: number; east: number; north: number };
export type MapPoint = { id: number; number: string; lon: number; lat: number; state: CaseState; isOverdue: boolean };
export type ServerCluster = { lon: number; lat: number; count: number; overdue: number };
export type CaseMapResponse = { total: number; points: MapPoint[]; clusters: ServerCluster[] };

export const casesOnMap = (filter: CaseFilter, box: Bbox, signal?: AbortSignal) =>
  api.get<CaseMapResponse>(
    withQuery('/api/cases/map', [...filterQuery(filter), ...(Object.entries(box).map(([k, v]) => [k, v.toFixed(6)]) as [string, string][])]),
    undefined,
    signal,
  );

export const getCase = (id: number, signal?: AbortSignal) => api.get<CaseDetail>(`/api/cases/${id}`, undefined, signal);

export const applyAction = (id: number, action: CaseAction, version: number, input: Record<string, unknown>) =>
  api.post<CaseDetail>(`/api/cases/${id}/actions/${action}`, { ...input, version });

export type CaseCreateBody = Omit<CaseCreateInput, 'severity' | 'beforePhotoIds'> & { severity?: CaseSeverity; beforePhotoIds?: string[] };

/** The Idempotency-Key makes a retried submit (flaky phone network) return the same case. */
export const createCase = (body: CaseCreateBody, idempotencyKey: string) =>
  apiRequest<CaseWithActions>('/api/cases', { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } });

export const listCategories = (signal?: AbortSignal) => api.get<{ items: CaseCategory[] }>('/api/case-categories', undefined, signal);

export type UnitBrief = { id: number; name: string; kind: string; code: string };
export type RoutingProposal = {
  responsibleUnit: UnitBrief | null;
  supportingUnit: UnitBrief | null;
  territorialUnit: UnitBrief | null;
  departmentUnit: UnitBrief | null;
  grid: UnitBrief | null;
  containing: UnitBrief[];
  deadlineRule: { amount: number; unit: string } | null;
};
export type RoutingQuery = { lon: number; lat: number; nature: CaseNature; categoryCode: string; subcategoryCode: string };

export const routingProposal = (q: RoutingQuery, signal?: AbortSignal) =>
  api.get<RoutingProposal>('/api/cases/routing-proposal', q as unknown as Record<string, QueryValue>, signal);

export type UploadedFile = { id: string; originalName: string; url: string; thumbUrl: string | null; width: number | null; height: number | null };
/** `kind`: what the field expects; the server refuses anything else by its bytes (415) before it is attached. */
export const uploadFile = (file: Blob, filename: string, kind?: 'photo' | 'document' | 'table') =>
  api.upload<UploadedFile>(kind ? `/api/files?kind=${kind}` : '/api/files', file, 'file', filename);

/** One unit's row of GET /api/metrics/units: the domain's metrics plus who the unit is. */
export type UnitMetricsItem = UnitMetrics & { unitId: number; unitName: string; unitKind: UnitKind };
export type UnitMetricsResponse = {
  from: string;
  to: string;
  asOf: string;
  items: UnitMetricsItem[];
  redList: number[];
  blackList: number[];
  listRule?: { top: number; minDue: number };
};

export const unitMetrics = (q: { from: string; to: string; kind?: UnitKind; top?: number }, signal?: AbortSignal) =>
  api.get<UnitMetricsResponse>('/api/metrics/units', q, signal);
