import type { Permission } from '@chuangwen/domain/auth/permissions';
import type { Actor, Grant } from './actor';

// The one scope rule. Which grants cover a whole jurisdiction, and who works at office level, is
// decided here from the unit tree — never from how deep a path is — so a deployment with a city
// above its districts keeps working. Everything else asks these functions.
//
// A jurisdiction unit is the top of the deployment's tree (a unit without a parent) or a unit that
// holds its own civilization office (a direct child of kind 'office'). session.ts loads that fact
// with every grant as `wholeJurisdiction` (see JURISDICTION_UNIT_SQL).

/** Case permissions only the office holds: it steers cases, the units handle them. */
export const OFFICE_CASE_PERMISSIONS: readonly Permission[] = [
  'case.accept',
  'case.dispatch',
  'case.verify',
  'case.extend',
  'case.urge',
  'case.park',
  'case.reopen',
];
/** The office permissions that put cases into the office's inbox (a case waits on the office for them). */
export const OFFICE_INBOX_PERMISSIONS: readonly Permission[] = ['case.accept', 'case.dispatch', 'case.verify', 'case.extend'];
/** Case permissions of the units that handle or report cases. */
export const UNIT_CASE_PERMISSIONS: readonly Permission[] = ['case.create', 'case.rectify', 'case.delegate'];

type ScopedGrant = Pick<Grant, 'unitPath' | 'permissions' | 'wholeJurisdiction'>;

/** The grant sits on a jurisdiction unit, so it covers the whole jurisdiction (the county, say). */
export function coversWholeJurisdiction(grant: ScopedGrant, permission?: Permission): boolean {
  return grant.wholeJurisdiction && (permission === undefined || grant.permissions.includes(permission));
}

/** Some grant holding `permission` covers a whole jurisdiction. */
export function holdsWholeJurisdiction(actor: Pick<Actor, 'grants'>, permission: Permission): boolean {
  return actor.grants.some((g) => coversWholeJurisdiction(g, permission));
}

/** The grant lies below a jurisdiction unit: a department, town, community… (the units' side). */
export function isUnitGrant(grant: ScopedGrant): boolean {
  return !grant.wholeJurisdiction;
}

/** Grants on a jurisdiction unit with a permission that puts cases into the office's inbox. */
export function officeInboxGrants<G extends ScopedGrant>(grants: readonly G[]): G[] {
  return grants.filter((g) => coversWholeJurisdiction(g) && OFFICE_INBOX_PERMISSIONS.some((p) => g.permissions.includes(p)));
}

/** The actor steers a case in `areaUnitPath` as the office: a grant on a jurisdiction containing it. */
export function isOfficeFor(actor: Pick<Actor, 'grants'>, areaUnitPath: string): boolean {
  return actor.grants.some((g) => coversWholeJurisdiction(g) && areaUnitPath.startsWith(g.unitPath));
}

/**
 * Office level, as the office app's menu needs it (the jurisdiction-wide case list, map, metrics):
 * the actor reads cases and either steers them from a jurisdiction unit, or only reads them (a
 * leader) — units that handle or report cases get their inbox and the create form instead.
 */
export function isOfficeLevel(actor: Pick<Actor, 'grants'>): boolean {
  const holds = (p: Permission) => actor.grants.some((g) => g.permissions.includes(p));
  if (!holds('case.view')) return false;
  const steers = actor.grants.some((g) => coversWholeJurisdiction(g) && OFFICE_CASE_PERMISSIONS.some((p) => g.permissions.includes(p)));
  return steers || !UNIT_CASE_PERMISSIONS.some(holds);
}

/** What GET /api/auth/me tells the browser, so the UI never re-derives the rule. */
export function scopeFlags(actor: Pick<Actor, 'grants'>) {
  return {
    officeLevel: isOfficeLevel(actor),
    wholeJurisdiction: [...new Set(actor.grants.filter((g) => g.wholeJurisdiction).flatMap((g) => g.permissions))].sort(),
  };
}
