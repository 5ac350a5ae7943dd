// The users feature's permissions; auth/permissions.ts composes the one table from every feature's list.
export const USER_PERMISSIONS = [
  'user.view',
  'user.manage',
  /** Define the office's own roles (bundles of permissions); system roles stay as shipped. */
  'role.manage',
] as const;
