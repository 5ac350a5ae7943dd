import { api, buildRequest, toApiError } from '../../lib/api';

export type Period = { from: string; to: string };

export type Kpis = {
  from: string;
  to: string;
  found: number;
  closed: number;
  closureRate: number | null;
  closedInPeriod: number;
  overdueInCohort: number;
  open: number;
  overdue: number;
  onTimeClosureRate: number | null;
  /** County (the reader's scope) rework rate: reworked / reachedVerification over all units. */
  reworkRate: number | null;
  reworked: number;
  reachedVerification: number;
  framework: { id: number; name: string; points: number; projectedScore: number | null; gap: number | null; scoreRate: number | null } | null;
  inspections: { rounds: number; checks: number; failedChecks: number } | null;
};
export type TrendDay = { day: string; created: number; closed: number };
export type CategoryCount = { nature: string; categoryCode: string; categoryName: string; count: number };
export type RankedUnit = {
  unitId: number;
  unitName: string;
  unitKind: string;
  dispatched: number;
  due: number;
  closed: number;
  closedOnTime: number;
  overdue: number;
  closureRate: number | null;
  onTimeClosureRate: number | null;
  overdueRate: number | null;
  reworkRate: number | null;
  score: number | null;
  grade: 'A' | 'B' | 'C' | 'D' | 'E' | null;
  rank: number | null;
  previousRank: number | null;
  rankDelta: number | null;
  previousScore: number | null;
};
export type Rankings = {
  from: string;
  to: string;
  previousFrom: string;
  previousTo: string;
  items: RankedUnit[];
  redList: number[];
  blackList: number[];
  listRule: ListRule;
};
export type { ListRule } from '@chuangwen/domain/cases/case.metrics';
import type { ListRule } from '@chuangwen/domain/cases/case.metrics';
export type CaseFeedEvent = {
  type: 'case.created' | 'case.changed';
  caseId: number;
  number: string;
  action: string | null;
  state: string;
  categoryCode: string;
  nature: string;
  lon: number;
  lat: number;
  address: string;
  isOverdue: boolean;
  at: string;
};
export type SummarySection = { key?: string; heading: string; text: string };
export type SummaryDraft = {
  from: string;
  to: string;
  title: string;
  sections: SummarySection[];
  table: Record<string, string | number>[];
  tableNote?: string;
};

export const getKpis = (p: Period, signal?: AbortSignal) => api.get<Kpis>('/api/dashboard/kpis', p, signal);
export const getTrend = (p: Period, signal?: AbortSignal) => api.get<{ items: TrendDay[] }>('/api/dashboard/trend', p, signal);
export const getCategories = (p: Period, signal?: AbortSignal) => api.get<{ items: CategoryCount[] }>('/api/dashboard/categories', { ...p, limit: 8 }, signal);
export type PassRates = {
  sitesVisited: number;
  sitesPassed: number;
  itemsChecked: number;
  itemsPassed: number;
  fails: number;
  severeFails: number;
  sitePassRate: number | null;
  itemPassRate: number | null;
};
export type InspectionResults = {
  latest: {
    roundId: number;
    name: string;
    periodStart: string;
    periodEnd: string;
    summary: {
      sitesAllotted: number;
      sitesVisited: number;
      problemsFound: number;
      rejected: number;
      dispatched: number;
      rectified: number;
      rectificationRate: number | null;
      sentence: string;
    };
    total: PassRates;
    bySiteType: (PassRates & { key: string; label: string })[];
    byTown: (PassRates & { key: string; label: string })[];
  } | null;
  rounds: { roundId: number; name: string; periodEnd: string; sitesVisited: number; sitePassRate: number | null; itemPassRate: number | null }[];
};
export const getInspectionResults = (p: Period, signal?: AbortSignal) => api.get<InspectionResults>('/api/dashboard/inspections', p, signal);
export const getRankings = (p: Period & { kind?: string; top?: number }, signal?: AbortSignal) => api.get<Rankings>('/api/rankings', p, signal);
export const getSummaryDraft = (p: Period, signal?: AbortSignal) => api.get<SummaryDraft>('/api/reports/work-summary/draft', p, signal);

/** POST the edited summary and save the .docx the server renders. */
export async function downloadSummary(body: Period & { title: string; sections: SummarySection[] }): Promise<void> {
  const { url, init } = buildRequest('/api/reports/work-summary.docx', {
    method: 'POST',
    body: { ...body, sections: body.sections.map(({ heading, text }) => ({ heading, text })) },
  });
  const response = await fetch(url, init);
  if (!response.ok) throw await toApiError(response);
  const blob = await response.blob();
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `${body.title}.docx`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

export type BulletinSummary = {
  id: number;
  kind: 'week' | 'month' | 'custom';
  title: string;
  periodFrom: string;
  periodTo: string;
  status: 'draft' | 'published';
  version: number;
  createdAt: string;
  publishedAt: string | null;
};
export type Bulletin = BulletinSummary & {
  unitKind: string | null;
  content: {
    intro: string;
    closing: string;
    generatedAt: string;
    rankingNote?: string;
    ranking: {
      rank: number | null;
      unitId: number;
      unitName: string;
      dispatched: number;
      closed: number;
      closureRate: number | null;
      onTimeClosureRate: number | null;
      overdue: number;
      score: number | null;
      grade: string | null;
      rankDelta: number | null;
    }[];
    overdueCases: { id: number; number: string; address: string; categoryName: string; unitName: string | null; deadlineAt: string | null }[];
  };
};
export const listBulletins = (signal?: AbortSignal) => api.get<{ items: BulletinSummary[] }>('/api/bulletins', undefined, signal);
export const getBulletin = (id: number, signal?: AbortSignal) => api.get<Bulletin>(`/api/bulletins/${id}`, undefined, signal);
export const generateBulletin = (body: { kind: string; from: string; to: string; unitKind?: string }) => api.post<Bulletin>('/api/bulletins', body);
export const updateBulletin = (id: number, body: { version: number; title?: string; intro?: string; closing?: string }) =>
  api.patch<Bulletin>(`/api/bulletins/${id}`, body);
export const publishBulletin = (id: number, version: number) => api.post<Bulletin>(`/api/bulletins/${id}/publish`, { version });
