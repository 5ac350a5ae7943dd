import { createHash, randomBytes } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import { TRACKING_ALPHABET } from '@chuangwen/domain/citizens/citizen.schemas';
import type { Db } from '../../platform/db/db';
import type { Actor, RequestContext } from '../../platform/auth/actor';
import { recordAudit } from '../../platform/audit/audit.service';
import { notFound } from '../../platform/http/errors';
import { open311ApiKeys } from '../citizens/citizen.tables';

// Open311 API keys: 32 random base32 characters after a `cw311_` prefix, shown once at creation;
// the database keeps a SHA-256 (a key has 160 random bits, so a fast hash is enough). Verified keys
// are cached per process for a short time; revoking evicts this replica's cache at once.

export const KEY_PREFIX = 'cw311_';
const CACHE_MS = 30_000;

export type VerifiedKey = { id: number; ratePerMinute: number };

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

export function newApiKey(): string {
  const bytes = randomBytes(32);
  let out = KEY_PREFIX;
  for (const b of bytes) out += TRACKING_ALPHABET[b & 31];
  return out;
}

const cache = new WeakMap<object, Map<string, { key: VerifiedKey | null; until: number }>>();

export async function verifyApiKey(db: Db, key: string | undefined | null): Promise<VerifiedKey | null> {
  if (!key || !key.startsWith(KEY_PREFIX) || key.length > 100) return null;
  const hash = hashKey(key);
  const byDb = cache.get(db) ?? new Map();
  cache.set(db, byDb);
  const hit = byDb.get(hash);
  if (hit && hit.until > Date.now()) return hit.key;
  const [row] = await db
    .select({ id: open311ApiKeys.id, ratePerMinute: open311ApiKeys.ratePerMinute, isActive: open311ApiKeys.isActive })
    .from(open311ApiKeys)
    .where(eq(open311ApiKeys.keyHash, hash));
  const verified = row && row.isActive ? { id: row.id, ratePerMinute: row.ratePerMinute } : null;
  if (byDb.size > 10_000) byDb.clear(); // junk keys must not grow the cache without bound
  byDb.set(hash, { key: verified, until: Date.now() + CACHE_MS });
  return verified;
}

const present = (r: typeof open311ApiKeys.$inferSelect) => ({
  id: r.id,
  name: r.name,
  keyPrefix: r.keyPrefix,
  ratePerMinute: r.ratePerMinute,
  isActive: r.isActive,
  createdAt: r.createdAt.toISOString(),
  revokedAt: r.revokedAt?.toISOString() ?? null,
});

export async function listApiKeys(db: Db) {
  return { items: (await db.select().from(open311ApiKeys).orderBy(desc(open311ApiKeys.id))).map(present) };
}

/** Issues a key; the plain key is in this answer only. */
export async function createApiKey(db: Db, ctx: RequestContext & { actor: Actor }, input: { name: string; ratePerMinute: number }) {
  const key = newApiKey();
  const row = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(open311ApiKeys)
      .values({
        name: input.name,
        keyPrefix: key.slice(0, KEY_PREFIX.length + 4),
        keyHash: hashKey(key),
        ratePerMinute: input.ratePerMinute,
        createdBy: ctx.actor.userId,
      })
      .returning();
    await recordAudit(tx, ctx, {
      action: 'open311.key.create',
      entityType: 'open311_key',
      entityId: created!.id,
      after: { name: input.name, keyPrefix: created!.keyPrefix, ratePerMinute: input.ratePerMinute },
    });
    return created!;
  });
  return { ...present(row), key };
}

export async function revokeApiKey(db: Db, ctx: RequestContext & { actor: Actor }, id: number) {
  const row = await db.transaction(async (tx) => {
    const [updated] = await tx.update(open311ApiKeys).set({ isActive: false, revokedAt: new Date() }).where(eq(open311ApiKeys.id, id)).returning();
    if (!updated) throw notFound();
    await recordAudit(tx, ctx, {
      action: 'open311.key.revoke',
      entityType: 'open311_key',
      entityId: id,
      before: { isActive: true },
      after: { isActive: false },
    });
    return updated;
  });
  cache.get(db)?.clear();
  return present(row);
}

/**
 * Fixed one-minute windows per key, in this process (each replica counts its own share; put the
 * limit per replica accordingly). Returns the seconds to wait when the key is over its limit.
 */
export class KeyRateLimiter {
  private windows = new Map<number, { start: number; count: number }>();
  hit(keyId: number, perMinute: number, now = Date.now()): number | null {
    const w = this.windows.get(keyId);
    if (!w || now - w.start >= 60_000) {
      this.windows.set(keyId, { start: now, count: 1 });
      return null;
    }
    w.count++;
    return w.count > perMinute ? Math.max(1, Math.ceil((w.start + 60_000 - now) / 1000)) : null;
  }
}
