import { and, asc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { UnitKind } from '@chuangwen/domain/units/unit.kinds';
import type { Executor } from '../../platform/db/db';
import { units } from '../../platform/identity/unit.tables';
import { users, userGrants } from '../../platform/identity/user.tables';

import type { UnitRow } from '../../platform/identity/unit.insert';
export { insertUnit, type UnitRow } from '../../platform/identity/unit.insert';

export const unitColumns = {
  id: units.id,
  parentId: units.parentId,
  kind: units.kind,
  name: units.name,
  shortName: units.shortName,
  code: units.code,
  path: units.path,
  depth: units.depth,
  sortOrder: units.sortOrder,
  isActive: units.isActive,
  hasGeometry: sql<boolean>`${units.geometry} is not null`,
  version: units.version,
};

export async function listUnits(exec: Executor, scope: SQL, filter: { q?: string; kind?: UnitKind }) {
  const conds: SQL[] = [scope];
  if (filter.kind) conds.push(eq(units.kind, filter.kind));
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(or(ilike(units.name, like), ilike(units.code, like), ilike(units.shortName, like))!);
  }
  return exec
    .select(unitColumns)
    .from(units)
    .where(and(...conds))
    .orderBy(asc(units.depth), asc(units.sortOrder), asc(units.id));
}

export async function findUnitById(exec: Executor, id: number): Promise<UnitRow | null> {
  const [row] = await exec.select().from(units).where(eq(units.id, id));
  return row ?? null;
}

export async function findUnitByCode(exec: Executor, code: string): Promise<UnitRow | null> {
  const [row] = await exec.select().from(units).where(eq(units.code, code));
  return row ?? null;
}

/** Moves a whole subtree: every descendant's path and depth follow the unit. */
export async function moveSubtree(exec: Executor, unit: UnitRow, newParent: UnitRow | null) {
  const newPath = `${newParent?.path ?? '/'}${unit.id}/`;
  const depthDelta = (newParent ? newParent.depth + 1 : 0) - unit.depth;
  await exec.execute(sql`update units set path = ${newPath} || substr(path, ${unit.path.length + 1}),
    depth = depth + ${depthDelta} where path like ${`${unit.path}%`}`);
}

export async function countDependants(exec: Executor, unitId: number) {
  const [row] = await exec
    .select({
      children: sql<number>`(select count(*)::int from ${units} where ${units.parentId} = ${unitId})`,
      users: sql<number>`(select count(*)::int from ${users} where ${users.unitId} = ${unitId})`,
      grants: sql<number>`(select count(*)::int from ${userGrants} where ${userGrants.unitId} = ${unitId})`,
    })
    .from(sql`(select 1) as one`);
  return row!;
}

export async function childKinds(exec: Executor, unitId: number): Promise<UnitKind[]> {
  const rows = await exec.selectDistinct({ kind: units.kind }).from(units).where(eq(units.parentId, unitId));
  return rows.map((r) => r.kind);
}
