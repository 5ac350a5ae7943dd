import { z } from 'zod';
import { id } from '../common/ids';
import { passwordSchema } from '../auth/password';
import { roleCode } from './role.schemas';

export const username = z
  .string()
  .trim()
  .min(3)
  .max(64)
  .regex(/^[A-Za-z0-9_.-]+$/);
export const phone = z
  .string()
  .trim()
  .regex(/^[0-9+\- ]{5,20}$/);

/** Any role code; whether the role exists is the server's check (a field error on `grants.N.roleCode`). */
export const grantInput = z.strictObject({
  roleCode,
  unitId: id,
});
export type GrantInput = z.infer<typeof grantInput>;

export const userCreateInput = z.strictObject({
  username,
  name: z.string().trim().min(1).max(50),
  phone: phone.nullish(),
  unitId: id,
  password: passwordSchema,
  grants: z.array(grantInput).max(50).default([]),
});
export type UserCreateInput = z.infer<typeof userCreateInput>;

export const userUpdateInput = z.strictObject({
  version: z.number().int().min(0),
  name: z.string().trim().min(1).max(50).optional(),
  phone: phone.nullish(),
  unitId: id.optional(),
  isActive: z.boolean().optional(),
  grants: z.array(grantInput).max(50).optional(),
});
export type UserUpdateInput = z.infer<typeof userUpdateInput>;

export const resetPasswordInput = z.strictObject({ password: passwordSchema });

export const grantSchema = z.object({
  roleCode: z.string(),
  /** The custom role's name; null for system roles, which the UI labels by code. */
  roleName: z.string().nullable(),
  unitId: z.number(),
  unitName: z.string(),
});

export const userSchema = z.object({
  id: z.number(),
  username: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  unitId: z.number(),
  unitName: z.string(),
  isActive: z.boolean(),
  isLocked: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  version: z.number(),
  grants: z.array(grantSchema),
});
export type User = z.infer<typeof userSchema>;
