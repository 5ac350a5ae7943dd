import type { z } from 'zod';
import type { pageOf } from '@chuangwen/domain/common/paging';
import type { Role, RoleUpdateInput, roleCreateInput } from '@chuangwen/domain/users/role.schemas';
import type { User, UserUpdateInput, userCreateInput } from '@chuangwen/domain/users/user.schemas';
import type { RoleCode } from '@chuangwen/domain/auth/permissions';
import { api } from '../../lib/api';

export type UserStatus = 'active' | 'inactive' | 'locked';
export const USER_STATUSES: readonly UserStatus[] = ['active', 'inactive', 'locked'];

export type UserPage = z.infer<ReturnType<typeof pageOf<z.ZodType<User>>>>;
export type UserCreateBody = z.input<typeof userCreateInput>;
export type UserQuery = {
  page: number;
  pageSize: number;
  q?: string;
  unitId?: number;
  roleCode?: RoleCode | string;
  status?: UserStatus;
};
export type { Role };
export type RoleCreateBody = z.input<typeof roleCreateInput>;

export const listUsers = (query: UserQuery, signal?: AbortSignal) => api.get<UserPage>('/api/users', query, signal);
export const getUser = (id: number) => api.get<User>(`/api/users/${id}`);
export const createUser = (input: UserCreateBody) => api.post<User>('/api/users', input);
export const updateUser = (id: number, input: UserUpdateInput) => api.patch<User>(`/api/users/${id}`, input);
export const resetUserPassword = (id: number, password: string) => api.post<{ ok: true }>(`/api/users/${id}/reset-password`, { password });
export const unlockUser = (id: number) => api.post<User>(`/api/users/${id}/unlock`);

export const listRoles = (signal?: AbortSignal) => api.get<{ items: Role[] }>('/api/roles', undefined, signal);
export const createRole = (input: RoleCreateBody) => api.post<Role>('/api/roles', input);
export const updateRole = (code: string, input: RoleUpdateInput) => api.patch<Role>(`/api/roles/${encodeURIComponent(code)}`, input);
export const deleteRole = (code: string) => api.delete<void>(`/api/roles/${encodeURIComponent(code)}`);

export function userStatus(user: Pick<User, 'isActive' | 'isLocked'>): UserStatus {
  if (user.isLocked) return 'locked';
  return user.isActive ? 'active' : 'inactive';
}
