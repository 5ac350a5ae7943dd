import type { z } from 'zod';
import type { Unit, PolygonGeometry, unitCreateInput, UnitUpdateInput } from '@chuangwen/domain/units/unit.schemas';
import type { UnitKind } from '@chuangwen/domain/units/unit.kinds';
import { api } from '../../lib/api';

export type UnitDetail = Unit & { geometry: PolygonGeometry | null };
export type UnitCreateBody = z.input<typeof unitCreateInput>;

export const UNITS_EXPORT_URL = '/api/units/export.xlsx';

export const listUnits = (query: { q?: string; kind?: UnitKind } = {}, signal?: AbortSignal) => api.get<{ items: Unit[] }>('/api/units', query, signal);
export const getUnit = (id: number, signal?: AbortSignal) => api.get<UnitDetail>(`/api/units/${id}`, undefined, signal);
export const createUnit = (input: UnitCreateBody) => api.post<Unit>('/api/units', input);
export const updateUnit = (id: number, input: UnitUpdateInput) => api.patch<Unit>(`/api/units/${id}`, input);
export const deleteUnit = (id: number) => api.delete(`/api/units/${id}`);
export const importUnits = (file: File) => api.upload<{ created: number; updated: number }>('/api/units/import', file);
