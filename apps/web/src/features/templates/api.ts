import type { SummaryAvailability, SummaryRequirement } from '@chuangwen/domain/templates/summary.template';
import { api, apiRequest } from '../../lib/api';

export type Period = { from: string; to: string };
export type EditableSection = { key: string; heading: string; text: string; requires?: SummaryRequirement[]; fallback?: string };
export type StoredTemplate = {
  kind: string;
  version: number;
  title: string;
  sections: EditableSection[];
  note: string | null;
  restoredFrom: number | null;
  createdAt: string;
  createdByName: string | null;
};
export type TemplateVersion = {
  version: number;
  title: string;
  sectionCount: number;
  note: string | null;
  restoredFrom: number | null;
  createdAt: string;
  createdByName: string | null;
};
export type TemplateFigures = { from: string; to: string; values: Record<string, string>; available: SummaryAvailability; tableRows: number };

const BASE = '/api/templates/work-summary';
export const getSummaryTemplate = (signal?: AbortSignal) => api.get<StoredTemplate>(BASE, undefined, signal);
export const saveSummaryTemplate = (body: { baseVersion: number; title: string; sections: EditableSection[]; note?: string }) =>
  apiRequest<StoredTemplate>(BASE, { method: 'PUT', body });
export const listSummaryTemplateVersions = (signal?: AbortSignal) =>
  api.get<{ activeVersion: number; items: TemplateVersion[] }>(`${BASE}/versions`, undefined, signal);
export const getSummaryTemplateVersion = (version: number, signal?: AbortSignal) => api.get<StoredTemplate>(`${BASE}/versions/${version}`, undefined, signal);
export const restoreSummaryTemplateVersion = (version: number, baseVersion: number) =>
  api.post<StoredTemplate>(`${BASE}/versions/${version}/restore`, { baseVersion });
export const getSummaryFigures = (p: Period, signal?: AbortSignal) => api.get<TemplateFigures>(`${BASE}/figures`, p, signal);
