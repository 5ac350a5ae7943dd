import type { Permission, RoleCode } from '@chuangwen/domain/auth/permissions';
import type { Locale } from '@chuangwen/domain/i18n/labels';

export type Grant = {
  roleCode: RoleCode | string;
  /** A custom role's display name; null (or absent) for system roles, labelled by code. */
  roleName?: string | null;
  unitId: number;
  unitName: string;
  unitPath: string;
  /** The unit is a jurisdiction unit, so the grant covers the whole jurisdiction (platform/auth/scope.ts). */
  wholeJurisdiction: boolean;
  permissions: readonly Permission[];
};

/** The signed-in user as every permission check sees them. */
export type Actor = {
  userId: number;
  username: string;
  name: string;
  phone: string | null;
  unitId: number;
  unitName: string;
  locale: Locale;
  mustChangePassword: boolean;
  grants: Grant[];
  permissions: ReadonlySet<Permission>;
};

/** Who did it and from where — what the audit trail records with every write. */
export type RequestContext = {
  actor: Actor | null;
  ip: string;
  userAgent: string | null;
  locale: Locale;
};
