import { asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../platform/db/db';
import type { Actor } from '../../platform/auth/actor';
import { units } from '../../platform/identity/unit.tables';
import { users } from '../../platform/identity/user.tables';

// Cases are created by an actor. Citizens have no accounts, so every citizen report is created by
// one technical user, `citizen-public` (市民), on the county root: inactive, no password, no grants,
// so nobody can sign in as it. The reporter's own name and phone live in citizen_reports, privately.

export const CITIZEN_USERNAME = 'citizen-public';
const cache = new WeakMap<object, Promise<Actor>>();

async function load(db: Db): Promise<Actor> {
  const [root] = await db.select({ id: units.id, name: units.name }).from(units).where(isNull(units.parentId)).orderBy(asc(units.id)).limit(1);
  if (!root) throw new Error('no root unit: citizen reports need a county');
  // '!' is no argon2 hash: the password check can never succeed (and the account is inactive).
  await db.insert(users).values({ username: CITIZEN_USERNAME, name: '市民', unitId: root.id, passwordHash: '!', isActive: false }).onConflictDoNothing();
  const [user] = await db.select({ id: users.id, unitId: users.unitId }).from(users).where(eq(users.username, CITIZEN_USERNAME));
  return {
    userId: user!.id,
    username: CITIZEN_USERNAME,
    name: '市民',
    phone: null,
    unitId: user!.unitId,
    unitName: root.name,
    locale: 'zh-CN',
    mustChangePassword: false,
    grants: [],
    permissions: new Set(),
  };
}

/** The actor citizen reports are created as (made on first use, cached per database). */
export function citizenActor(db: Db): Promise<Actor> {
  let pending = cache.get(db);
  if (!pending) {
    pending = load(db);
    pending.catch(() => cache.delete(db));
    cache.set(db, pending);
  }
  return pending;
}
