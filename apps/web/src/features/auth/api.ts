import type { z } from 'zod';
import type { LoginInput, changePasswordInput } from '@chuangwen/domain/auth/password';
import type { Me, ProfileInput } from '@chuangwen/domain/auth/me.schemas';
import { api } from '../../lib/api';

export type { Me, ProfileInput };

export type ChangePasswordInput = z.input<typeof changePasswordInput>;

export const login = (input: LoginInput) => api.post<{ user: Me }>('/api/auth/login', input);
export const logout = () => api.post<{ ok: true }>('/api/auth/logout');
export const fetchMe = (signal?: AbortSignal) => api.get<Me>('/api/auth/me', undefined, signal);
export const changePassword = (input: ChangePasswordInput) => api.post<{ ok: true }>('/api/auth/password', input);
export const updateProfile = (input: ProfileInput) => api.patch<Me>('/api/auth/profile', input);
