import { eq, sql } from 'drizzle-orm';
import type { LoginInput } from '@chuangwen/domain/auth/password';
import type { Database } from '../../platform/db/db';
import type { Config } from '../../platform/config';
import type { RequestContext } from '../../platform/auth/actor';
import { AppError } from '../../platform/http/errors';
import { recordAudit } from '../../platform/audit/audit.service';
import { burnVerifyTime, hashPassword, verifyPassword } from '../../platform/auth/passwords';
import { createSession, deleteSession, deleteUserSessions, loadActorByUserId, type SessionStore } from '../../platform/auth/session';
import { users } from '../../platform/identity/user.tables';

type Deps = { database: Database; config: Config; sessions: SessionStore };

/** Verifies credentials with lockout after repeated failures; returns a new session token. */
export async function login(deps: Deps, input: LoginInput, ctx: RequestContext) {
  const { db } = deps.database;
  const username = input.username.trim().toLowerCase();
  const [user] = await db.select().from(users).where(eq(users.username, username));
  if (!user) {
    await burnVerifyTime(input.password);
    await recordAudit(db, ctx, { action: 'auth.loginFailed', entityType: 'user', after: { username } });
    throw new AppError(401, 'invalid_credentials', 'invalid_credentials');
  }
  const now = Date.now();
  if (user.lockedUntil && user.lockedUntil.getTime() > now) {
    await burnVerifyTime(input.password);
    throw lockedError(user.lockedUntil);
  }
  const ok = await verifyPassword(user.passwordHash, input.password);
  if (!ok) {
    const failures = user.failedLoginCount + 1;
    const lock = failures >= deps.config.lockout.maxFailures;
    const lockedUntil = lock ? new Date(now + deps.config.lockout.minutes * 60_000) : null;
    await db.transaction(async (tx) => {
      await tx
        .update(users)
        .set({ failedLoginCount: lock ? 0 : failures, lockedUntil: lockedUntil ?? user.lockedUntil })
        .where(eq(users.id, user.id));
      await recordAudit(tx, ctx, {
        action: lock ? 'auth.locked' : 'auth.loginFailed',
        entityType: 'user',
        entityId: user.id,
        unitId: user.unitId,
        after: { username, failures },
      });
    });
    if (lockedUntil) throw lockedError(lockedUntil);
    throw new AppError(401, 'invalid_credentials', 'invalid_credentials');
  }
  if (!user.isActive) throw new AppError(403, 'account_disabled', 'account_disabled');

  return db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ failedLoginCount: 0, lockedUntil: null, lastLoginAt: sql`now()` })
      .where(eq(users.id, user.id));
    const session = await createSession(tx, { userId: user.id, ip: ctx.ip, userAgent: ctx.userAgent, hours: deps.config.sessionHours });
    const actor = await loadActorByUserId(tx, user.id);
    await recordAudit(tx, { ...ctx, actor }, { action: 'auth.login', entityType: 'user', entityId: user.id, unitId: user.unitId });
    return { ...session, actor: actor! };
  });
}

function lockedError(until: Date) {
  const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
  return new AppError(423, 'account_locked', 'account_locked', { minutes });
}

export async function logout(deps: Deps, tokenHash: string, ctx: RequestContext) {
  await deps.database.db.transaction(async (tx) => {
    await deleteSession(tx, tokenHash);
    await recordAudit(tx, ctx, { action: 'auth.logout', entityType: 'user', entityId: ctx.actor?.userId, unitId: ctx.actor?.unitId });
  });
  deps.sessions.forgetToken(tokenHash);
}

/** Own password change; ends the user's other sessions. */
export async function changePassword(
  deps: Deps,
  input: { currentPassword: string; newPassword: string },
  ctx: RequestContext & { actor: NonNullable<RequestContext['actor']> },
  tokenHash: string,
) {
  const { db } = deps.database;
  const [user] = await db.select().from(users).where(eq(users.id, ctx.actor.userId));
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError(400, 'wrong_password', 'wrong_password', {}, [{ path: 'currentPassword', message: 'wrong_password' }]);
  }
  if (input.currentPassword === input.newPassword) {
    throw new AppError(400, 'same_password', 'same_password', {}, [{ path: 'newPassword', message: 'same_password' }]);
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: false, version: sql`${users.version} + 1`, updatedAt: sql`now()` })
      .where(eq(users.id, user.id));
    await deleteUserSessions(tx, [user.id], tokenHash);
    await recordAudit(tx, ctx, { action: 'user.changePassword', entityType: 'user', entityId: user.id, unitId: user.unitId });
  });
  deps.sessions.forgetUser(user.id);
}

export async function updateProfile(
  deps: Deps,
  input: { name?: string; phone?: string | null; locale?: 'zh-CN' | 'en' },
  ctx: RequestContext & { actor: NonNullable<RequestContext['actor']> },
) {
  const { db } = deps.database;
  await db.transaction(async (tx) => {
    const [before] = await tx.select({ name: users.name, phone: users.phone, locale: users.locale }).from(users).where(eq(users.id, ctx.actor.userId));
    const patch = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
    await tx
      .update(users)
      .set({ ...patch, version: sql`${users.version} + 1`, updatedAt: sql`now()` })
      .where(eq(users.id, ctx.actor.userId));
    await recordAudit(tx, ctx, {
      action: 'user.updateProfile',
      entityType: 'user',
      entityId: ctx.actor.userId,
      unitId: ctx.actor.unitId,
      before,
      after: patch,
    });
  });
  deps.sessions.forgetUser(ctx.actor.userId);
  return (await loadActorByUserId(db, ctx.actor.userId))!;
}
