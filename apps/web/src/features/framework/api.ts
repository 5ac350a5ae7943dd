import type {
  EvidenceItem,
  FrameworkSummary,
  Gap,
  LeaderSummary,
  MatrixRow,
  MyResponsibility,
  NodeDetail,
  NodeUpdateInput,
  ProgressLine,
  ResponsibilityInput,
  ScoreResponse,
  SelfAssessment,
  SelfAssessmentInput,
  TreeNode,
  TreeQuery,
  UnitLoss,
  BulkResponsibilityInput,
  EvidenceReviewInput,
} from '@chuangwen/domain/framework/framework.api';
import type { EvidenceKind, SelfAssessmentStatus } from '@chuangwen/domain/framework/framework.schemas';
import { api, apiRequest } from '../../lib/api';

export type { EvidenceItem, FrameworkSummary, Gap, LeaderSummary, MatrixRow, MyResponsibility, NodeDetail, ProgressLine, TreeNode, UnitLoss };

const base = (id: number) => `/api/frameworks/${id}`;

export const FRAMEWORK_TEMPLATE_URL = '/api/frameworks/template.xlsx';
export const frameworkExportUrl = (id: number, format: 'json' | 'xlsx') => `${base(id)}/export.${format}`;
export const matrixExportUrl = (id: number) => `${base(id)}/responsibilities/export.xlsx`;

export const listFrameworks = (signal?: AbortSignal) => api.get<{ items: FrameworkSummary[] }>('/api/frameworks', undefined, signal);
export const getFramework = (id: number, signal?: AbortSignal) => api.get<FrameworkSummary>(base(id), undefined, signal);
export const importFrameworkJson = (doc: unknown) => api.post<FrameworkSummary>('/api/frameworks/import', doc);
export const importFrameworkExcel = (file: File) => api.upload<FrameworkSummary>('/api/frameworks/import.xlsx', file);
export const publishFramework = (id: number, version: number) => api.post<FrameworkSummary>(`${base(id)}/publish`, { version });
export const cloneFramework = (id: number, edition: string) => api.post<FrameworkSummary>(`${base(id)}/clone`, { edition });

export const listTree = (id: number, query: TreeQuery, signal?: AbortSignal) => api.get<{ items: TreeNode[] }>(`${base(id)}/nodes`, query, signal);
export const getNode = (id: number, nodeId: number, signal?: AbortSignal) => api.get<NodeDetail>(`${base(id)}/nodes/${nodeId}`, undefined, signal);
export const updateNode = (id: number, nodeId: number, input: NodeUpdateInput) => api.patch<NodeDetail>(`${base(id)}/nodes/${nodeId}`, input);

export const listMatrix = (id: number, query: { q?: string; unassigned?: string }, signal?: AbortSignal) =>
  api.get<{ items: MatrixRow[] }>(`${base(id)}/responsibilities`, query, signal);
export const assignResponsibility = (id: number, nodeId: number, input: ResponsibilityInput) =>
  apiRequest<{ ok: true }>(`${base(id)}/responsibilities/${nodeId}`, { method: 'PUT', body: input });
export const bulkAssign = (id: number, input: BulkResponsibilityInput) => api.post<{ updated: number }>(`${base(id)}/responsibilities/bulk`, input);
export const importMatrix = (id: number, file: File) => api.upload<{ updated: number }>(`${base(id)}/responsibilities/import`, file);

export const listMine = (id: number, signal?: AbortSignal) => api.get<{ items: MyResponsibility[] }>(`${base(id)}/my-responsibilities`, undefined, signal);
export const submitNarrative = (id: number, nodeId: number, text: string, unitId?: number) =>
  api.post<EvidenceItem>(`${base(id)}/nodes/${nodeId}/evidence`, { text, unitId });
export const uploadEvidence = (id: number, nodeId: number, kind: EvidenceKind, file: File, unitId?: number) => {
  const form = new FormData();
  form.append('file', file);
  return apiRequest<EvidenceItem>(`${base(id)}/nodes/${nodeId}/evidence/file`, { method: 'POST', body: form, query: { kind, unitId } });
};
export const listEvidence = (id: number, query: { state?: string; page?: number; pageSize?: number }, signal?: AbortSignal) =>
  api.get<{ items: EvidenceItem[]; total: number; page: number; pageSize: number }>(`${base(id)}/evidence`, query, signal);
export const reviewEvidence = (id: number, evidenceId: number, input: EvidenceReviewInput) =>
  api.post<EvidenceItem>(`${base(id)}/evidence/${evidenceId}/review`, input);
export const evidenceProgress = (id: number, signal?: AbortSignal) =>
  api.get<{ asOf: string; total: ProgressLine; byUnit: ProgressLine[]; byArea: ProgressLine[] }>(`${base(id)}/evidence/progress`, undefined, signal);

export type SelfAssessmentRow = {
  nodeId: number;
  code: string;
  name: string;
  areaName: string;
  points: string;
  lead: { id: number; name: string } | null;
  current: SelfAssessment | null;
  canEnter: boolean;
};
export type SelfAssessmentSummary = { criteria: number; counts: Record<SelfAssessmentStatus | 'unassessed', number>; metOrMostlyMetShare: number | null };
export const listSelfAssessments = (id: number, signal?: AbortSignal) =>
  api.get<{ items: SelfAssessmentRow[]; summary: SelfAssessmentSummary }>(`${base(id)}/self-assessments`, undefined, signal);
export const setSelfAssessment = (id: number, nodeId: number, input: SelfAssessmentInput) =>
  apiRequest<{ ok: true }>(`${base(id)}/self-assessments/${nodeId}`, { method: 'PUT', body: input });

export const getScore = (id: number, signal?: AbortSignal) => api.get<ScoreResponse>(`${base(id)}/score`, undefined, signal);
export const getLeaderSummary = (id: number, signal?: AbortSignal) => api.get<LeaderSummary>(`${base(id)}/score/summary`, undefined, signal);
