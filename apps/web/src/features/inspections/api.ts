import type {
  AllotInput,
  Assignment,
  AssignmentDetail,
  ChecklistItem,
  Notice,
  NoticeDetail,
  NoticeIssueInput,
  Round,
  RoundDetail,
  RoundInput,
  RoundResults,
  Site,
  SiteInput,
  Team,
  TeamInput,
} from '@chuangwen/domain/inspections/inspection.schemas';
import type { NoticeAction } from '@chuangwen/domain/inspections/notice.workflow';
import type { SiteType } from '@chuangwen/domain/framework/framework.schemas';
import { api, apiRequest } from '../../lib/api';

export type { Assignment, AssignmentDetail, ChecklistItem, Notice, NoticeDetail, Round, RoundDetail, RoundResults, Site, Team };

const I = '/api/inspections';

export const SITE_EXPORT_URL = '/api/sites/export.xlsx';
export const listSites = (q: { type?: SiteType; q?: string; page: number; pageSize: number }, signal?: AbortSignal) =>
  api.get<{ items: Site[]; total: number; page: number; pageSize: number }>('/api/sites', q, signal);
export const siteMap = (signal?: AbortSignal) =>
  api.get<{ items: { id: number; type: SiteType; name: string; lon: number; lat: number; townId: number | null }[] }>('/api/sites/map', undefined, signal);
export const createSite = (input: SiteInput) => api.post<Site>('/api/sites', input);
export const importSites = (file: File) => api.upload<{ created: number; updated: number }>('/api/sites/import', file);

export const listChecklist = (frameworkId: number, siteType: SiteType, signal?: AbortSignal) =>
  api.get<{ items: ChecklistItem[] }>(`${I}/checklists`, { frameworkId, siteType }, signal);
export const deriveChecklist = (frameworkId: number) => api.post<{ created: number }>(`${I}/checklists/derive`, { frameworkId });
export const updateChecklistItem = (id: number, input: { wording?: string; isActive?: boolean; version: number }) =>
  api.patch<ChecklistItem>(`${I}/checklists/${id}`, input);
export const reorderChecklist = (frameworkId: number, siteType: SiteType, itemIds: number[]) =>
  api.post<{ items: ChecklistItem[] }>(`${I}/checklists/reorder`, { frameworkId, siteType, itemIds });

export const listRounds = (signal?: AbortSignal) => api.get<{ items: Round[] }>(`${I}/rounds`, undefined, signal);
export const getRound = (id: number, signal?: AbortSignal) => api.get<RoundDetail>(`${I}/rounds/${id}`, undefined, signal);
export const createRound = (input: RoundInput) => api.post<RoundDetail>(`${I}/rounds`, input);
export const updateRound = (id: number, input: { status?: Round['status']; version: number }) => api.patch<RoundDetail>(`${I}/rounds/${id}`, input);
export const addTeam = (roundId: number, input: TeamInput) => api.post<Team>(`${I}/rounds/${roundId}/teams`, input);
export const deleteTeam = (teamId: number) => api.delete(`${I}/teams/${teamId}`);
export const allot = (roundId: number, input: AllotInput) => api.post<{ allotted: number; kept: number }>(`${I}/rounds/${roundId}/allot`, input);
export const listAssignments = (roundId: number, signal?: AbortSignal) =>
  api.get<{ items: Assignment[] }>(`${I}/rounds/${roundId}/assignments`, undefined, signal);
export const getAssignment = (id: number, signal?: AbortSignal) => api.get<AssignmentDetail>(`${I}/assignments/${id}`, undefined, signal);
export const roundResults = (roundId: number, signal?: AbortSignal) => api.get<RoundResults>(`${I}/rounds/${roundId}/results`, undefined, signal);

export const issueNotices = (roundId: number, input: NoticeIssueInput) =>
  api.post<{ items: Notice[]; dispatched: number; refused: number }>(`${I}/rounds/${roundId}/notices`, input);
export const listNotices = (q: { roundId?: number }, signal?: AbortSignal) => api.get<{ items: Notice[] }>(`${I}/notices`, q, signal);
export const getNotice = (id: number, signal?: AbortSignal) => api.get<NoticeDetail>(`${I}/notices/${id}`, undefined, signal);
export const noticeAction = (id: number, action: NoticeAction, input: { note?: string; version: number }) =>
  apiRequest<NoticeDetail>(`${I}/notices/${id}/actions/${action}`, { method: 'POST', body: input });
export const noticeDocxUrl = (id: number) => `${I}/notices/${id}/document.docx`;

export const listUsers = (signal?: AbortSignal) =>
  api.get<{ items: { id: number; name: string; username: string }[] }>('/api/users', { pageSize: 200, status: 'active' }, signal);
export const listTowns = (signal?: AbortSignal) =>
  api
    .get<{ items: { id: number; name: string; kind: string }[] }>('/api/units', undefined, signal)
    .then((r) => ({ items: r.items.filter((u) => u.kind === 'town' || u.kind === 'subdistrict') }));
