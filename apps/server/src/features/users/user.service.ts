import { and, asc, count, eq, exists, gt, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { isAdministrative } from '@chuangwen/domain/auth/permissions';
import type { GrantInput, UserCreateInput, UserUpdateInput } from '@chuangwen/domain/users/user.schemas';
import type { Db, Executor } from '../../platform/db/db';
import type { Actor, RequestContext } from '../../platform/auth/actor';
import { assertOnPath, canOnPath, inScope } from '../../platform/auth/policy';
import { AppError, conflict, duplicate, forbidden, notFound } from '../../platform/http/errors';
import { recordAudit } from '../../platform/audit/audit.service';
import { hashPassword } from '../../platform/auth/passwords';
import { deleteUserSessions, type SessionStore } from '../../platform/auth/session';
import { units } from '../../platform/identity/unit.tables';
import { roles, userGrants, users } from '../../platform/identity/user.tables';
import { assertRolesExist } from './role.service';

type Ctx = RequestContext & { actor: Actor };

export type UserFilter = { page: number; pageSize: number; q?: string; unitId?: number; roleCode?: string; status?: 'active' | 'inactive' | 'locked' };

const userColumns = {
  id: users.id,
  username: users.username,
  name: users.name,
  phone: users.phone,
  unitId: users.unitId,
  unitName: units.name,
  unitPath: units.path,
  isActive: users.isActive,
  lockedUntil: users.lockedUntil,
  lastLoginAt: users.lastLoginAt,
  createdAt: users.createdAt,
  version: users.version,
};
type UserRow = Awaited<ReturnType<typeof selectUsers>>[number];
const selectUsers = (exec: Executor) => exec.select(userColumns).from(users).innerJoin(units, eq(units.id, users.unitId));

type GrantView = { roleCode: string; roleName: string | null; unitId: number; unitName: string };

async function grantsOf(exec: Executor, userIds: number[]) {
  if (userIds.length === 0) return new Map<number, GrantView[]>();
  const rows = await exec
    .select({ userId: userGrants.userId, roleCode: userGrants.roleCode, roleName: roles.name, unitId: userGrants.unitId, unitName: units.name })
    .from(userGrants)
    .innerJoin(units, eq(units.id, userGrants.unitId))
    .innerJoin(roles, eq(roles.code, userGrants.roleCode))
    .where(inArray(userGrants.userId, userIds))
    .orderBy(userGrants.id);
  const byUser = new Map<number, GrantView[]>();
  for (const { userId, ...g } of rows) byUser.set(userId, [...(byUser.get(userId) ?? []), g]);
  return byUser;
}

function present(row: UserRow, grants: GrantView[]) {
  const locked = row.lockedUntil != null && row.lockedUntil.getTime() > Date.now();
  return {
    id: row.id,
    username: row.username,
    name: row.name,
    phone: row.phone,
    unitId: row.unitId,
    unitName: row.unitName,
    isActive: row.isActive,
    isLocked: locked,
    lockedUntil: locked ? row.lockedUntil!.toISOString() : null,
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    version: row.version,
    grants,
  };
}

/** The list's filters plus the caller's user.view scope (default deny). */
async function userConditions(db: Db, actor: Actor, f: Omit<UserFilter, 'page' | 'pageSize'>): Promise<SQL[]> {
  const conds: SQL[] = [inScope(actor, 'user.view', units.path)];
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(or(ilike(users.username, like), ilike(users.name, like), ilike(users.phone, like))!);
  }
  if (f.unitId) {
    const unit = await db.select({ path: units.path }).from(units).where(eq(units.id, f.unitId));
    conds.push(unit[0] ? sql`${units.path} like ${`${unit[0].path}%`}` : sql`false`);
  }
  if (f.roleCode) {
    conds.push(
      exists(
        db
          .select({ one: sql`1` })
          .from(userGrants)
          .where(and(eq(userGrants.userId, users.id), eq(userGrants.roleCode, f.roleCode))),
      ),
    );
  }
  if (f.status === 'active') conds.push(eq(users.isActive, true));
  if (f.status === 'inactive') conds.push(eq(users.isActive, false));
  if (f.status === 'locked') conds.push(gt(users.lockedUntil, sql`now()`));
  return conds;
}

export async function listUsers(db: Db, actor: Actor, f: UserFilter) {
  const where = and(...(await userConditions(db, actor, f)));
  const [rows, [total]] = await Promise.all([
    selectUsers(db)
      .where(where)
      .orderBy(asc(units.path), asc(users.username))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db.select({ n: count() }).from(users).innerJoin(units, eq(units.id, users.unitId)).where(where),
  ]);
  const grants = await grantsOf(
    db,
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => present(r, grants.get(r.id) ?? [])), total: total!.n, page: f.page, pageSize: f.pageSize };
}

export type UserLedgerFilter = Omit<UserFilter, 'page' | 'pageSize'>;

export async function countUsers(db: Db, actor: Actor, f: UserLedgerFilter): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(users)
    .innerJoin(units, eq(units.id, users.unitId))
    .where(and(...(await userConditions(db, actor, f))));
  return row?.n ?? 0;
}

/** Keyset batches (by id) of the users the caller may see, as the list presents them (the users ledger). */
export async function* iterateUsers(db: Db, actor: Actor, f: UserLedgerFilter, batch = 1000) {
  const conds = await userConditions(db, actor, f);
  let cursor = 0;
  for (;;) {
    const rows = await selectUsers(db)
      .where(and(...conds, gt(users.id, cursor)))
      .orderBy(asc(users.id))
      .limit(batch);
    if (rows.length === 0) return;
    const grants = await grantsOf(
      db,
      rows.map((r) => r.id),
    );
    yield rows.map((r) => present(r, grants.get(r.id) ?? []));
    cursor = rows[rows.length - 1]!.id;
    if (rows.length < batch) return;
  }
}

async function loadUser(exec: Executor, actor: Actor, id: number, permission: 'user.view' | 'user.manage') {
  const [row] = await selectUsers(exec).where(eq(users.id, id));
  if (!row || !canOnPath(actor, 'user.view', row.unitPath)) throw notFound();
  if (permission === 'user.manage') assertOnPath(actor, 'user.manage', row.unitPath);
  return row;
}

export async function getUser(db: Db, actor: Actor, id: number) {
  const row = await loadUser(db, actor, id, 'user.view');
  return present(row, (await grantsOf(db, [id])).get(id) ?? []);
}

/** A manager hands out roles only within their own scope, and no administrative power they lack. */
async function checkGrants(exec: Executor, actor: Actor, grants: GrantInput[]) {
  if (grants.length === 0) return;
  const unitRows = await exec
    .select({ id: units.id, path: units.path })
    .from(units)
    .where(
      inArray(
        units.id,
        grants.map((g) => g.unitId),
      ),
    );
  const roleRows = await exec
    .select()
    .from(roles)
    .where(
      inArray(
        roles.code,
        grants.map((g) => g.roleCode),
      ),
    );
  for (const g of grants) {
    const unit = unitRows.find((u) => u.id === g.unitId);
    const role = roleRows.find((r) => r.code === g.roleCode);
    if (!unit || !role) throw notFound();
    assertOnPath(actor, 'user.manage', unit.path);
    const held = new Set(actor.grants.filter((ag) => unit.path.startsWith(ag.unitPath)).flatMap((ag) => ag.permissions));
    if (!role.permissions.filter(isAdministrative).every((p) => held.has(p as never))) throw forbidden();
  }
}

async function unitPathOf(exec: Executor, unitId: number) {
  const [unit] = await exec.select({ path: units.path }).from(units).where(eq(units.id, unitId));
  if (!unit) throw notFound();
  return unit.path;
}

const uniqueGrants = (grants: GrantInput[]) => [...new Map(grants.map((g) => [`${g.roleCode}@${g.unitId}`, g])).values()];

export async function createUser(db: Db, ctx: Ctx, input: UserCreateInput) {
  const passwordHash = await hashPassword(input.password);
  const id = await db.transaction(async (tx) => {
    assertOnPath(ctx.actor, 'user.manage', await unitPathOf(tx, input.unitId));
    await assertRolesExist(tx, input.grants);
    const grants = uniqueGrants(input.grants);
    await checkGrants(tx, ctx.actor, grants);
    const username = input.username.toLowerCase();
    if ((await tx.select({ id: users.id }).from(users).where(eq(users.username, username))).length) throw duplicate('username', username);
    const [created] = await tx
      .insert(users)
      .values({
        username,
        name: input.name,
        phone: input.phone ?? null,
        unitId: input.unitId,
        passwordHash,
        mustChangePassword: true,
      })
      .returning({ id: users.id });
    if (grants.length) await tx.insert(userGrants).values(grants.map((g) => ({ ...g, userId: created!.id })));
    await recordAudit(tx, ctx, {
      action: 'user.create',
      entityType: 'user',
      entityId: created!.id,
      unitId: input.unitId,
      after: { username, name: input.name, phone: input.phone ?? null, unitId: input.unitId, grants },
    });
    return created!.id;
  });
  return getUser(db, ctx.actor, id);
}

export async function updateUser(db: Db, sessions: SessionStore, ctx: Ctx, id: number, input: UserUpdateInput) {
  await db.transaction(async (tx) => {
    const row = await loadUser(tx, ctx.actor, id, 'user.manage');
    if (row.version !== input.version) throw conflict();
    if (input.isActive === false && id === ctx.actor.userId)
      throw new AppError(400, 'validation_failed', 'self_deactivate', {}, [{ path: 'isActive', message: 'self_deactivate' }]);
    if (input.unitId && input.unitId !== row.unitId) assertOnPath(ctx.actor, 'user.manage', await unitPathOf(tx, input.unitId));
    const beforeGrants = (await grantsOf(tx, [id])).get(id) ?? [];
    const { version: _v, grants, ...fields } = input;
    const patch = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    if (grants) {
      await assertRolesExist(tx, grants);
      const next = uniqueGrants(grants);
      // Only the grants that change need to be within the manager's reach.
      const key = (g: { roleCode: string; unitId: number }) => `${g.roleCode}@${g.unitId}`;
      const beforeKeys = new Set(beforeGrants.map(key));
      const nextKeys = new Set(next.map(key));
      await checkGrants(tx, ctx.actor, [
        ...next.filter((g) => !beforeKeys.has(key(g))),
        ...beforeGrants.filter((g) => !nextKeys.has(key(g))).map((g) => ({ roleCode: g.roleCode, unitId: g.unitId })),
      ]);
      await tx.delete(userGrants).where(eq(userGrants.userId, id));
      if (next.length) await tx.insert(userGrants).values(next.map((g) => ({ ...g, userId: id })));
    }
    const [updated] = await tx
      .update(users)
      .set({ ...patch, version: sql`${users.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(users.id, id), eq(users.version, input.version)))
      .returning({ id: users.id });
    if (!updated) throw conflict();
    if (input.isActive === false) await deleteUserSessions(tx, [id]);
    await recordAudit(tx, ctx, {
      action: 'user.update',
      entityType: 'user',
      entityId: id,
      unitId: input.unitId ?? row.unitId,
      before: { name: row.name, phone: row.phone, unitId: row.unitId, isActive: row.isActive, grants: beforeGrants },
      after: { ...patch, ...(grants ? { grants: uniqueGrants(grants) } : {}) },
    });
  });
  sessions.forgetUser(id);
  return getUser(db, ctx.actor, id);
}

export async function resetPassword(db: Db, sessions: SessionStore, ctx: Ctx, id: number, password: string) {
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const row = await loadUser(tx, ctx.actor, id, 'user.manage');
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: true, failedLoginCount: 0, lockedUntil: null, version: sql`${users.version} + 1`, updatedAt: sql`now()` })
      .where(eq(users.id, id));
    await deleteUserSessions(tx, [id]);
    await recordAudit(tx, ctx, { action: 'user.resetPassword', entityType: 'user', entityId: id, unitId: row.unitId });
  });
  sessions.forgetUser(id);
}

export async function unlockUser(db: Db, ctx: Ctx, id: number) {
  await db.transaction(async (tx) => {
    const row = await loadUser(tx, ctx.actor, id, 'user.manage');
    await tx
      .update(users)
      .set({ failedLoginCount: 0, lockedUntil: null, version: sql`${users.version} + 1`, updatedAt: sql`now()` })
      .where(eq(users.id, id));
    await recordAudit(tx, ctx, { action: 'user.unlock', entityType: 'user', entityId: id, unitId: row.unitId, before: { lockedUntil: row.lockedUntil } });
  });
  return getUser(db, ctx.actor, id);
}
