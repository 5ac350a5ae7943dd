// The units feature's permissions; auth/permissions.ts composes the one table from every feature's list.
export const UNIT_PERMISSIONS = ['unit.view', 'unit.manage'] as const;
