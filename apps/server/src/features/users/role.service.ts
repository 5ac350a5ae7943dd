import { asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Permission } from '@chuangwen/domain/auth/permissions';
import { PERMISSION_LABELS, type Locale } from '@chuangwen/domain/i18n/labels';
import type { RoleCreateInput, RoleUpdateInput } from '@chuangwen/domain/users/role.schemas';
import type { GrantInput } from '@chuangwen/domain/users/user.schemas';
import type { Db, Executor } from '../../platform/db/db';
import type { Actor, RequestContext } from '../../platform/auth/actor';
import { canOnPath } from '../../platform/auth/policy';
import type { SessionStore } from '../../platform/auth/session';
import { recordAudit } from '../../platform/audit/audit.service';
import { AppError, notFound } from '../../platform/http/errors';
import { units } from '../../platform/identity/unit.tables';
import { roles, userGrants } from '../../platform/identity/user.tables';

// Roles are bundles of permissions. System roles come from the domain table (synced at start-up,
// read-only here); an office defines its own with role.manage. Nobody bundles a permission they do
// not hold themselves: a role's grants may already reach other users, so editing a role is
// handing out its permissions.

type Ctx = RequestContext & { actor: Actor };

const roleColumns = {
  code: roles.code,
  name: roles.name,
  isSystem: roles.isSystem,
  permissions: roles.permissions,
  grantCount: sql<number>`(select count(*) from ${userGrants} where ${userGrants.roleCode} = ${roles.code})`.mapWith(Number),
};

export async function listRoles(db: Db) {
  return db.select(roleColumns).from(roles).orderBy(desc(roles.isSystem), asc(roles.createdAt), asc(roles.code));
}

async function getRole(exec: Executor, code: string) {
  const [row] = await exec.select(roleColumns).from(roles).where(eq(roles.code, code));
  if (!row) throw notFound();
  return row;
}

/** The role row, locked for the rest of the transaction; 404 when unknown, 409 for system roles. */
async function lockCustomRole(exec: Executor, code: string) {
  const [row] = await exec.select().from(roles).where(eq(roles.code, code)).for('update');
  if (!row) throw notFound();
  if (row.isSystem) throw new AppError(409, 'role_system', 'role_system', { code });
  return row;
}

const listSeparator: Record<Locale, string> = { 'zh-CN': '、', en: ', ' };
const quoted: Record<Locale, (label: string, code: string) => string> = {
  'zh-CN': (label, code) => `“${label}”（${code}）`,
  en: (label, code) => `"${label}" (${code})`,
};

/** The permissions by their labels in the caller's language, with their codes. */
function describePermissions(locale: Locale, permissions: Permission[]): string {
  return permissions.map((p) => quoted[locale](PERMISSION_LABELS[locale][p], p)).join(listSeparator[locale]);
}

/** 403 naming every permission of `permissions` the caller holds nowhere. */
function assertHeld(ctx: Ctx, permissions: readonly string[]) {
  const lacking = permissions.filter((p) => !ctx.actor.permissions.has(p as Permission)) as Permission[];
  if (lacking.length) {
    throw new AppError(403, 'forbidden', 'role_permission_not_held', { permissions: describePermissions(ctx.locale, lacking) }, [
      { path: 'permissions', message: 'role_permission_not_held' },
    ]);
  }
}

/**
 * Adding a permission to a role that is already granted hands it to those users on their grants'
 * units at once, so the caller must hold it on each of those units (as a grant check would ask).
 */
async function assertWithinReach(exec: Executor, ctx: Ctx, code: string, added: string[]) {
  if (added.length === 0) return;
  const granted = await exec
    .selectDistinct({ name: units.name, path: units.path })
    .from(userGrants)
    .innerJoin(units, eq(units.id, userGrants.unitId))
    .where(eq(userGrants.roleCode, code))
    .orderBy(asc(units.path));
  for (const unit of granted) {
    const lacking = added.filter((p) => !canOnPath(ctx.actor, p as Permission, unit.path)) as Permission[];
    if (lacking.length) {
      throw new AppError(403, 'forbidden', 'role_permission_out_of_reach', { unit: unit.name, permissions: describePermissions(ctx.locale, lacking) }, [
        { path: 'permissions', message: 'role_permission_out_of_reach' },
      ]);
    }
  }
}

export async function createRole(db: Db, ctx: Ctx, input: RoleCreateInput) {
  assertHeld(ctx, input.permissions);
  await db.transaction(async (tx) => {
    // Codes differing only in case would be told apart by nobody reading a grant list.
    const [clash] = await tx
      .select({ code: roles.code })
      .from(roles)
      .where(sql`lower(${roles.code}) = lower(${input.code})`);
    if (clash) throw new AppError(409, 'role_exists', 'role_exists', { code: clash.code }, [{ path: 'code', message: 'role_exists' }]);
    await tx.insert(roles).values({ code: input.code, name: input.name, permissions: input.permissions, isSystem: false });
    await recordAudit(tx, ctx, {
      action: 'role.create',
      entityType: 'role',
      entityId: input.code,
      after: { code: input.code, name: input.name, permissions: input.permissions },
    });
  });
  return getRole(db, input.code);
}

export async function updateRole(db: Db, sessions: SessionStore, ctx: Ctx, code: string, input: RoleUpdateInput) {
  const holders = await db.transaction(async (tx) => {
    const row = await lockCustomRole(tx, code);
    const next = { name: input.name ?? row.name, permissions: input.permissions ?? row.permissions };
    assertHeld(ctx, next.permissions);
    await assertWithinReach(
      tx,
      ctx,
      code,
      next.permissions.filter((p) => !row.permissions.includes(p)),
    );
    const samePermissions = next.permissions.length === row.permissions.length && next.permissions.every((p, i) => p === row.permissions[i]);
    if (next.name === row.name && samePermissions) return [];
    await tx
      .update(roles)
      .set({ name: next.name, permissions: next.permissions, updatedAt: sql`now()` })
      .where(eq(roles.code, code));
    await recordAudit(tx, ctx, {
      action: 'role.update',
      entityType: 'role',
      entityId: code,
      before: { name: row.name, permissions: row.permissions },
      after: next,
    });
    const users = await tx.selectDistinct({ userId: userGrants.userId }).from(userGrants).where(eq(userGrants.roleCode, code));
    return users.map((u) => u.userId);
  });
  // Cached sessions of everyone holding the role are dropped here, so the change applies on their
  // next request; other replicas follow within their short session cache time.
  sessions.forgetUsers(holders);
  return getRole(db, code);
}

export async function deleteRole(db: Db, ctx: Ctx, code: string) {
  await db.transaction(async (tx) => {
    const row = await lockCustomRole(tx, code);
    const [{ n } = { n: 0 }] = await tx
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(userGrants)
      .where(eq(userGrants.roleCode, code));
    if (n > 0) throw new AppError(409, 'role_in_use', 'role_in_use', { name: row.name ?? row.code, count: n });
    await tx.delete(roles).where(eq(roles.code, code));
    await recordAudit(tx, ctx, {
      action: 'role.delete',
      entityType: 'role',
      entityId: code,
      before: { code, name: row.name, permissions: row.permissions },
    });
  });
}

/** Grants naming a role that does not exist: a field error on each (input order), before anything is written. */
export async function assertRolesExist(exec: Executor, grants: readonly GrantInput[]) {
  if (grants.length === 0) return;
  const known = new Set(
    (
      await exec
        .select({ code: roles.code })
        .from(roles)
        .where(inArray(roles.code, [...new Set(grants.map((g) => g.roleCode))]))
    ).map((r) => r.code),
  );
  const details = grants.flatMap((g, i) => (known.has(g.roleCode) ? [] : [{ path: `grants.${i}.roleCode`, message: 'role_unknown' }]));
  if (details.length) throw new AppError(400, 'validation_failed', 'validation_failed', {}, details);
}
