import { inArray } from 'drizzle-orm';
import type { Permission } from '@chuangwen/domain/auth/permissions';
import type { Executor } from '../../platform/db/db';
import type { Actor } from '../../platform/auth/actor';
import { canOnPath, inScope } from '../../platform/auth/policy';
import { units } from '../../platform/identity/unit.tables';
import { holdsWholeJurisdiction } from '../../platform/auth/scope';

// Row-level rules of the framework feature (default deny):
// - The framework tree itself is readable by everyone holding framework.view.
// - Responsibilities, evidence and self-assessments of a criterion are visible to whoever holds
//   framework.view on the path of one of the units answering for it (lead or supporting). A grant
//   on a county root therefore sees everything, unassigned criteria included.
// - evidence.submit: on the path of the unit the evidence is submitted for, which must answer for
//   the criterion. selfAssessment.enter: county-wide, or on the path of the criterion's LEAD unit.

/** Unit ids the actor holds `permission` on, or 'all' for a grant covering a whole jurisdiction (platform/auth/scope.ts). */
export type UnitScope = 'all' | Set<number>;

export function isCountyWide(actor: Actor, permission: Permission): boolean {
  return holdsWholeJurisdiction(actor, permission);
}

export async function unitScope(exec: Executor, actor: Actor, permission: Permission): Promise<UnitScope> {
  if (isCountyWide(actor, permission)) return 'all';
  if (!actor.permissions.has(permission)) return new Set();
  const rows = await exec
    .select({ id: units.id })
    .from(units)
    .where(inScope(actor, permission, units.path));
  return new Set(rows.map((r) => r.id));
}

export function inUnitScope(scope: UnitScope, unitId: number): boolean {
  return scope === 'all' || scope.has(unitId);
}

/** Does a criterion with these responsible units lie in the scope? Unassigned → county-wide only. */
export function answersWithin(scope: UnitScope, resp: { leadUnitId: number; supportingUnitIds: number[] } | null | undefined): boolean {
  if (scope === 'all') return true;
  if (!resp) return false;
  return scope.has(resp.leadUnitId) || resp.supportingUnitIds.some((id) => scope.has(id));
}

export async function unitPaths(exec: Executor, ids: number[]): Promise<Map<number, { path: string; name: string; isActive: boolean }>> {
  if (ids.length === 0) return new Map();
  const rows = await exec
    .select({ id: units.id, path: units.path, name: units.name, isActive: units.isActive })
    .from(units)
    .where(inArray(units.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r]));
}

export { canOnPath };
