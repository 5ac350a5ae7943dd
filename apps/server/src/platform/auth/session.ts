import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import { isPermission, type Permission } from '@chuangwen/domain/auth/permissions';
import type { Locale } from '@chuangwen/domain/i18n/labels';
import type { Executor } from '../db/db';
import { sessions } from './session.tables';
import { roles, userGrants, users } from '../identity/user.tables';
import { units } from '../identity/unit.tables';
import type { Actor } from './actor';

/**
 * Whether the grant's unit is a jurisdiction unit (see scope.ts): the top of the tree, or a unit
 * holding its own civilization office. Loaded with the grant so no policy looks at path depth.
 */
const JURISDICTION_UNIT_SQL = sql<boolean>`(${units.parentId} is null or exists (select 1 from units o where o.parent_id = ${units.id} and o.kind = 'office'))`;

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
      id: users.id,
      username: users.username,
      name: users.name,
      phone: users.phone,
      unitId: users.unitId,
      unitName: units.name,
      locale: users.locale,
      mustChangePassword: users.mustChangePassword,
      isActive: users.isActive,
    })
    .from(users)
    .innerJoin(units, eq(units.id, users.unitId))
    .where(eq(users.id, userId));
  if (!user || !user.isActive) return null;
  const grants = await exec
    .select({
      roleCode: userGrants.roleCode,
      roleName: roles.name,
      unitId: userGrants.unitId,
      unitName: units.name,
      unitPath: units.path,
      permissions: roles.permissions,
      wholeJurisdiction: JURISDICTION_UNIT_SQL,
    })
    .from(userGrants)
    .innerJoin(roles, eq(roles.code, userGrants.roleCode))
    .innerJoin(units, eq(units.id, userGrants.unitId))
    .where(and(eq(userGrants.userId, userId), eq(units.isActive, true)))
    .orderBy(userGrants.id);
  const normalised = grants.map((g) => ({
    ...g,
    wholeJurisdiction: Boolean(g.wholeJurisdiction),
    permissions: g.permissions.filter(isPermission) as Permission[],
  }));
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

type CachedSession = { actor: Actor | null; tokenHash: string };

/**
 * Sessions are looked up in the database and kept in memory for a few seconds, so a burst of
 * requests costs one query. A change to a user (logout, password, grants) evicts that user here;
 * other replicas see it when their short cache entry expires.
 *
 * A session in steady use is reloaded in the background during the last fifth of its entry's life,
 * so requests neither wait for the reload nor pile onto it (one load per token at a time). An entry
 * is never used past its expiry, and a load that started before an eviction is not stored.
 */
export class SessionStore {
  // Keyed by the token itself (memory only), so a cached request skips hashing it.
  private cache = new Map<string, CachedSession & { until: number }>();
  private loading = new Map<string, Promise<CachedSession>>();
  /** Bumped by every eviction: loads begun before it do not store what they read. */
  private generation = 0;
  private readonly refreshAheadMs: number;

  constructor(
    private exec: () => Executor,
    private ttlMs: number,
  ) {
    this.refreshAheadMs = ttlMs / 5;
  }

  /** The cached answer for `token`, if fresh: lets the guard finish without awaiting. */
  cached(token: string): CachedSession | undefined {
    const hit = this.cache.get(token);
    if (hit === undefined) return undefined;
    const left = hit.until - Date.now();
    if (left <= 0) return undefined;
    if (left < this.refreshAheadMs && !this.loading.has(token)) this.load(token).catch(() => {});
    return hit;
  }

  actorFor(token: string): Promise<CachedSession> {
    const hit = this.cached(token);
    if (hit) return Promise.resolve(hit);
    return this.loading.get(token) ?? this.load(token);
  }

  private load(token: string): Promise<CachedSession> {
    const generation = this.generation;
    const promise = (async () => {
      const tokenHash = hashToken(token);
      const actor = await loadActorBySession(this.exec(), tokenHash);
      if (this.ttlMs > 0 && generation === this.generation) {
        if (this.cache.size > 10_000) this.cache.clear();
        this.cache.set(token, { actor, tokenHash, until: Date.now() + this.ttlMs });
      }
      return { actor, tokenHash };
    })().finally(() => {
      if (this.loading.get(token) === promise) this.loading.delete(token);
    });
    this.loading.set(token, promise);
    return promise;
  }

  private evicted() {
    this.generation++;
    this.loading.clear();
  }

  forgetUser(userId: number) {
    this.evicted();
    for (const [key, entry] of this.cache) if (entry.actor?.userId === userId) this.cache.delete(key);
  }

  /** A change that reaches many users at once (a role's permissions): one pass over the cache. */
  forgetUsers(userIds: Iterable<number>) {
    const ids = new Set(userIds);
    if (ids.size === 0) return;
    this.evicted();
    for (const [key, entry] of this.cache) if (entry.actor && ids.has(entry.actor.userId)) this.cache.delete(key);
  }

  forgetToken(tokenHash: string) {
    this.evicted();
    for (const [key, entry] of this.cache) if (entry.tokenHash === tokenHash) this.cache.delete(key);
  }

  forgetAll() {
    this.evicted();
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
