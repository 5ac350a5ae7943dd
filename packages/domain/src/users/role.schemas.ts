import { z } from 'zod';
import { PERMISSIONS } from '../auth/permissions';

/** Role codes are identifiers (camelCase like the system roles): stable, used in grants and the audit trail. */
export const ROLE_CODE_PATTERN = /^[a-z][A-Za-z0-9]{2,31}$/;
export const roleCode = z.string().trim().regex(ROLE_CODE_PATTERN);

export const roleName = z.string().trim().min(1).max(40);

/** A non-empty list of known permissions; repeats are dropped, the first occurrence keeps its place. */
export const rolePermissions = z
  .array(z.enum(PERMISSIONS))
  .min(1)
  .max(PERMISSIONS.length * 2)
  .transform((list) => [...new Set(list)]);

export const roleCreateInput = z.strictObject({
  code: roleCode,
  name: roleName,
  permissions: rolePermissions,
});
export type RoleCreateInput = z.infer<typeof roleCreateInput>;

export const roleUpdateInput = z.strictObject({
  name: roleName.optional(),
  permissions: rolePermissions.optional(),
});
export type RoleUpdateInput = z.infer<typeof roleUpdateInput>;

/** A role as GET /api/roles returns it. System roles have no name here: the UI labels them by code (i18n). */
export const roleSchema = z.object({
  code: z.string(),
  name: z.string().nullable(),
  isSystem: z.boolean(),
  permissions: z.array(z.string()),
  /** How many grants (user × unit) use the role; a role in use cannot be deleted. */
  grantCount: z.number().int(),
});
export type Role = z.infer<typeof roleSchema>;
