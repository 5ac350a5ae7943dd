import type { TFunction } from 'i18next';
import { PERMISSIONS } from '@chuangwen/domain/auth/permissions';

/** How a role is shown: a custom role by its name, a system role by its label (the code as a last resort). */
export function roleLabel(t: TFunction, role: { code: string; name: string | null }): string {
  return role.name ?? t(`role.${role.code}`, { defaultValue: role.code });
}

/** The same for a grant, which carries the role's code and name. */
export function grantRoleLabel(t: TFunction, grant: { roleCode: string; roleName?: string | null }): string {
  return roleLabel(t, { code: grant.roleCode, name: grant.roleName ?? null });
}

/** Picker options for roles, in the order the server lists them (system roles first). */
export function roleOptions(t: TFunction, roles: readonly { code: string; name: string | null }[]) {
  return roles.map((role) => ({ value: role.code, label: roleLabel(t, role) }));
}

/** Permissions in the order of the domain table, so a saved role reads the same way everywhere. */
export function inTableOrder(permissions: Iterable<string>): string[] {
  const chosen = new Set(permissions);
  return PERMISSIONS.filter((p) => chosen.has(p));
}
