import { api } from '../../lib/api';
import type { CaseDetail } from '../cases/api';

export type Suggestion = {
  id: number;
  number: string;
  state: string;
  source: string;
  description: string;
  address: string;
  submittedAt: string;
  distanceM: number;
};
export type QueueItem = {
  caseId: number;
  number: string;
  version: number;
  trackingCode: string;
  channel: string;
  serviceCode: string;
  categoryName: string | null;
  subcategoryName: string | null;
  description: string;
  address: string;
  lon: number;
  lat: number;
  submittedAt: string;
  areaUnitName: string | null;
  reporter: { name: string | null; phone: string | null; email: string | null };
  photos: { fileId: string; url: string; thumbUrl: string }[];
  suggestions: Suggestion[];
};
export type Region = { x: number; y: number; w: number; h: number };
export type CasePhoto = {
  fileId: string;
  phase: string;
  width: number | null;
  height: number | null;
  url: string;
  thumbUrl: string;
  redaction: { mode: 'blur' | 'fill'; regions: Region[]; at: string; url: string; thumbUrl: string } | null;
};
export type ExposureRow = {
  id: number;
  caseId: number;
  number: string;
  state: string;
  title: string;
  summary: string;
  address: string | null;
  photoCount: number;
  publishedAt: string;
  withdrawnAt: string | null;
  withdrawReason: string | null;
};
export type ApiKey = { id: number; name: string; keyPrefix: string; ratePerMinute: number; isActive: boolean; createdAt: string; revokedAt: string | null };
export type Stats = {
  total: number;
  pending: number;
  accepted: number;
  rejected: number;
  merged: number;
  closed: number;
  acceptedShare: number | null;
  medianFirstResponseHours: number | null;
  medianClosureHours: number | null;
  byCategory: { nature: string; categoryCode: string; subcategoryCode: string; categoryName: string | null; subcategoryName: string | null; count: number }[];
  byArea: { unitId: number; unitName: string; count: number }[];
};
type Page<T> = { items: T[]; total: number; page: number; pageSize: number };

export const loadQueue = () => api.get<Page<QueueItem>>('/api/citizens/queue', { pageSize: 50 });
export const acceptReport = (id: number, version: number) => api.post<CaseDetail>(`/api/citizens/reports/${id}/accept`, { version });
export const rejectReport = (id: number, version: number, reason: string) => api.post<CaseDetail>(`/api/citizens/reports/${id}/reject`, { version, reason });
export const mergeReport = (id: number, version: number, duplicateOfCaseId: number) =>
  api.post<CaseDetail>(`/api/citizens/reports/${id}/merge`, { version, duplicateOfCaseId });
export const loadCasePhotos = (caseId: number) => api.get<{ items: CasePhoto[] }>(`/api/citizens/cases/${caseId}/photos`);
export const redact = (caseId: number, fileId: string, regions: Region[], mode: 'blur' | 'fill') =>
  api.post(`/api/citizens/cases/${caseId}/photos/${fileId}/redact`, { regions, mode });
export const loadExposures = (status: 'live' | 'withdrawn' | 'all') => api.get<Page<ExposureRow>>('/api/exposures', { status, pageSize: 100 });
export const publishExposure = (body: { caseId: number; title: string; summary: string; address?: string | null; photoFileIds: string[] }) =>
  api.post<{ id: number }>('/api/exposures', body);
export const withdrawExposure = (id: number, reason: string) => api.post(`/api/exposures/${id}/withdraw`, { reason });
export const findCaseByNumber = async (number: string) => {
  const res = await api.get<{ items: { id: number; number: string; description: string; state: string }[] }>('/api/cases', { q: number, limit: 5 });
  return res.items.find((c) => c.number === number.trim()) ?? null;
};
export const loadKeys = () => api.get<{ items: ApiKey[] }>('/api/open311/keys');
export const createKey = (name: string, ratePerMinute: number) => api.post<ApiKey & { key: string }>('/api/open311/keys', { name, ratePerMinute });
export const revokeKey = (id: number) => api.post<ApiKey>(`/api/open311/keys/${id}/revoke`);
export const loadStats = (from: string, to: string) => api.get<Stats>('/api/citizens/stats', { from, to });
