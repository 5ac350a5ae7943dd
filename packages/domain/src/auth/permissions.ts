// The one permission table. Routes declare one of these; roles are bundles of them; grants bind a
// role to a user on a unit subtree. Nothing else decides who may do what.
export const PERMISSIONS = [
  'unit.view',
  'unit.manage',
  'user.view',
  'user.manage',
  'audit.view',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_CODES = [
  'officeAdmin',
  'leader',
  'inspector',
  'unitManager',
  'unitHandler',
  'gridWorker',
] as const;

export type RoleCode = (typeof ROLE_CODES)[number];

const viewAll = PERMISSIONS.filter((p) => p.endsWith('.view'));

/** Seed roles. An office may add roles later; these are kept in sync at start-up. */
export const SYSTEM_ROLES: Record<RoleCode, readonly Permission[]> = {
  officeAdmin: PERMISSIONS,
  leader: viewAll,
  inspector: ['unit.view'],
  unitManager: ['unit.view', 'user.view'],
  unitHandler: ['unit.view'],
  gridWorker: ['unit.view'],
};

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}
