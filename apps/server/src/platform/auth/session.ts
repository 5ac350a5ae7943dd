import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import { isPermission, type Permission } from '@chuangwen/domain/auth/permissions';
import type { Locale } from '@chuangwen/domain/i18n/labels';
import type { Executor } from '../db/db';
import { sessions } from './session.tables';
import { roles, userGrants, users } from '../../features/users/user.tables';
import { units } from '../../features/units/unit.tables';
import type { Actor } from './actor';

export const SESSION_COOKIE = 'cw_session';
export const CSRF_COOKIE = 'cw_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/** The CSRF token is derived from the session token, so nothing extra is stored (double submit). */
export function csrfTokenFor(secret: string, sessionToken: string): string {
  return createHmac('sha256', secret).update(sessionToken).digest('base64url');
}

export function csrfMatches(secret: string, sessionToken: string, presented: string | undefined): boolean {
  if (!presented) return false;
  const expected = Buffer.from(csrfTokenFor(secret, sessionToken));
  const given = Buffer.from(presented);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export async function createSession(
  exec: Executor,
  input: { userId: number; ip: string; userAgent: string | null; hours: number },
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + input.hours * 3600_000);
  await exec.insert(sessions).values({
    tokenHash: hashToken(token),
    userId: input.userId,
    ip: input.ip,
    userAgent: input.userAgent?.slice(0, 300) ?? null,
    expiresAt,
  });
  // Housekeeping on the login path keeps the table small without a scheduler.
  await exec.delete(sessions).where(sql`${sessions.expiresAt} < now() - interval '1 day'`);
  return { token, expiresAt };
}

export async function loadActorByUserId(exec: Executor, userId: number): Promise<Actor | null> {
  const [user] = await exec
    .select({
      id: users.id, username: users.username, name: users.name, phone: users.phone, unitId: users.unitId,
      unitName: units.name, locale: users.locale, mustChangePassword: users.mustChangePassword, isActive: users.isActive,
    })
    .from(users)
    .innerJoin(units, eq(units.id, users.unitId))
    .where(eq(users.id, userId));
  if (!user || !user.isActive) return null;
  const grants = await exec
    .select({ roleCode: userGrants.roleCode, unitId: userGrants.unitId, unitName: units.name, unitPath: units.path, permissions: roles.permissions })
    .from(userGrants)
    .innerJoin(roles, eq(roles.code, userGrants.roleCode))
    .innerJoin(units, eq(units.id, userGrants.unitId))
    .where(and(eq(userGrants.userId, userId), eq(units.isActive, true)))
    .orderBy(userGrants.id);
  const normalised = grants.map((g) => ({ ...g, permissions: g.permissions.filter(isPermission) as Permission[] }));
  return {
    userId: user.id,
    username: user.username,
    name: user.name,
    phone: user.phone,
    unitId: user.unitId,
    unitName: user.unitName,
    locale: (user.locale === 'en' ? 'en' : 'zh-CN') as Locale,
    mustChangePassword: user.mustChangePassword,
    grants: normalised,
    permissions: new Set(normalised.flatMap((g) => g.permissions)),
  };
}

async function loadActorBySession(exec: Executor, tokenHash: string): Promise<Actor | null> {
  const [row] = await exec
    .select({ userId: sessions.userId })
    .from(sessions)
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, sql`now()`)));
  return row ? loadActorByUserId(exec, row.userId) : null;
}

/**
 * Sessions are looked up in the database and kept in memory for a few seconds, so a burst of
 * requests costs one query. A change to a user (logout, password, grants) evicts that user here;
 * other replicas see it when their short cache entry expires.
 */
export class SessionStore {
  // Keyed by the token itself (memory only), so a cached request skips hashing it.
  private cache = new Map<string, { actor: Actor | null; tokenHash: string; until: number }>();
  constructor(private exec: () => Executor, private ttlMs: number) {}

  /** The cached answer for `token`, if fresh: lets the guard finish without awaiting. */
  cached(token: string): { actor: Actor | null; tokenHash: string } | undefined {
    const hit = this.cache.get(token);
    return hit && hit.until > Date.now() ? hit : undefined;
  }

  async actorFor(token: string): Promise<{ actor: Actor | null; tokenHash: string }> {
    const hit = this.cached(token);
    if (hit) return hit;
    const tokenHash = hashToken(token);
    const actor = await loadActorBySession(this.exec(), tokenHash);
    if (this.cache.size > 10_000) this.cache.clear();
    if (this.ttlMs > 0) this.cache.set(token, { actor, tokenHash, until: Date.now() + this.ttlMs });
    return { actor, tokenHash };
  }

  forgetUser(userId: number) {
    for (const [key, entry] of this.cache) if (entry.actor?.userId === userId) this.cache.delete(key);
  }

  forgetToken(tokenHash: string) {
    for (const [key, entry] of this.cache) if (entry.tokenHash === tokenHash) this.cache.delete(key);
  }

  forgetAll() {
    this.cache.clear();
  }
}

export async function deleteSession(exec: Executor, tokenHash: string) {
  await exec.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteUserSessions(exec: Executor, userIds: number[], exceptTokenHash?: string) {
  if (userIds.length === 0) return;
  const cond = inArray(sessions.userId, userIds);
  await exec.delete(sessions).where(exceptTokenHash ? and(cond, sql`${sessions.tokenHash} <> ${exceptTokenHash}`) : cond);
}
