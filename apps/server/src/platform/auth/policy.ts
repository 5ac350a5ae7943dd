import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Permission } from '@chuangwen/domain/auth/permissions';
import type { Actor } from './actor';
import { AppError, forbidden } from '../http/errors';

// Row-level policy: a permission holds on the subtrees of the units it was granted on.
// Feature policies build on these three functions; nothing else interprets grants.

/** Root paths of the subtrees where the actor holds `permission` (nested ones folded away). */
export function scopeOf(actor: Actor, permission: Permission): string[] {
  const paths = actor.grants.filter((g) => g.permissions.includes(permission)).map((g) => g.unitPath);
  paths.sort((a, b) => a.length - b.length);
  const roots: string[] = [];
  for (const p of paths) if (!roots.some((r) => p.startsWith(r))) roots.push(p);
  return roots;
}

export function canOnPath(actor: Actor, permission: Permission, unitPath: string): boolean {
  return actor.grants.some((g) => g.permissions.includes(permission) && unitPath.startsWith(g.unitPath));
}

export function assertOnPath(actor: Actor, permission: Permission, unitPath: string): void {
  if (!canOnPath(actor, permission, unitPath)) throw new AppError(403, 'forbidden', 'unit_out_of_scope');
}

export function assertPermission(actor: Actor | null, permission: Permission): asserts actor is Actor {
  if (!actor || !actor.permissions.has(permission)) throw forbidden();
}

/** SQL condition: `pathColumn` lies in one of the actor's subtrees for `permission` (default deny). */
export function inScope(actor: Actor, permission: Permission, pathColumn: AnyPgColumn | SQL): SQL {
  const roots = scopeOf(actor, permission);
  if (roots.length === 0) return sql`false`;
  return sql`(${sql.join(
    roots.map((r) => sql`${pathColumn} like ${`${r}%`}`),
    sql` or `,
  )})`;
}
