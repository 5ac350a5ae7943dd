import { api, apiRequest } from '../../lib/api';

export type MissingYear = { year: number; openCases: number; inHorizon: boolean };
export type CalendarStatus = { knownYears: number[]; horizonDays: number; missingYears: MissingYear[] };
export type CalendarYearEntry = { notice?: string; issued?: string; source?: string; periods: { name: string; daysOff: string[]; makeUpWorkdays: string[] }[] };
export type CalendarYearAnswer = { year: number; known: boolean; entry: CalendarYearEntry | null; version: number; updatedAt: string | null };

export const getCalendarStatus = (signal?: AbortSignal) => api.get<CalendarStatus>('/api/calendar/status', undefined, signal);
export const getCalendarYear = (year: number, signal?: AbortSignal) => api.get<CalendarYearAnswer>(`/api/calendar/years/${year}`, undefined, signal);
export const putCalendarYear = (year: number, entry: CalendarYearEntry, version: number) =>
  apiRequest<CalendarYearAnswer>(`/api/calendar/years/${year}`, { method: 'PUT', body: { entry, version } });
