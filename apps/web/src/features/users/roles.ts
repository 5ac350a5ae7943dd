import type { TFunction } from 'i18next';

// The home page shows role labels, so this file imports nothing heavier than i18next's types: the
// permission table pulls the case workflow and its schemas into the first screen's bundle.

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
