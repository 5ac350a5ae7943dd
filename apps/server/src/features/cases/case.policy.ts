import { sql, type SQL } from 'drizzle-orm';
import type { CaseActorCapabilities } from '@chuangwen/domain/cases/case.workflow';
import type { Actor } from '../../platform/auth/actor';
import { inScope } from '../../platform/auth/policy';
import { cases } from './case.tables';
import { isOfficeFor, isUnitGrant } from '../../platform/auth/scope';

// Which cases an actor may see, and what they may do on one (the workflow decides the rest).
//
// See: a grant with case.view covering the case's responsible unit or the place where it lies
// (属地: a town sees what happens on its territory), or the actor reported it. Default deny.
// Act: the permissions of the grants covering the unit that answers now (the responsible unit,
// or before dispatch the place); `isOffice` = a grant on the jurisdiction unit (platform/auth/scope.ts) (the office steers the
// whole county); `isResponsibleUnit` = a grant below the root covering the responsible unit — the
// office supervises and never handles a case as if it were the unit (two centres, DOMAIN §3).

type CaseScopeRow = { responsibleUnitPath: string | null; areaUnitPath: string; reporterUserId: number | null };

export function canViewCase(actor: Actor, row: CaseScopeRow): boolean {
  if (row.reporterUserId === actor.userId) return true;
  return actor.grants.some(
    (g) => g.permissions.includes('case.view') && (row.areaUnitPath.startsWith(g.unitPath) || (row.responsibleUnitPath?.startsWith(g.unitPath) ?? false)),
  );
}

export function capabilitiesFor(actor: Actor, row: CaseScopeRow): CaseActorCapabilities {
  const answering = row.responsibleUnitPath ?? row.areaUnitPath;
  const permissions = new Set<string>(actor.grants.filter((g) => answering.startsWith(g.unitPath)).flatMap((g) => g.permissions));
  if (canViewCase(actor, row)) permissions.add('case.view');
  const responsible = row.responsibleUnitPath;
  return {
    permissions,
    isOffice: isOfficeFor(actor, row.areaUnitPath),
    isResponsibleUnit: responsible != null && actor.grants.some((g) => isUnitGrant(g) && responsible.startsWith(g.unitPath)),
    isReporter: row.reporterUserId === actor.userId,
  };
}

/** SQL: the cases the actor may see (same rule as canViewCase). */
export function caseScope(actor: Actor): SQL {
  return sql`(${cases.reporterUserId} = ${actor.userId} or ${inScope(actor, 'case.view', cases.areaUnitPath)} or ${inScope(actor, 'case.view', cases.responsibleUnitPath)})`;
}
