// The audit feature's permissions; auth/permissions.ts composes the one table from every feature's list.
export const AUDIT_PERMISSIONS = ['audit.view'] as const;
