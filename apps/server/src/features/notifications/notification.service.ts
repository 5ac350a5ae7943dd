import { and, count, desc, eq, gt, lt, max, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/db';
import type { Actor } from '../../platform/auth/actor';
import { notificationReads, notifications } from './notification.tables';
import { coversWholeJurisdiction } from '../../platform/auth/scope';

export type NotificationDraft = { unitId: number; unitPath: string; kind: string; caseId: number | null; data: Record<string, unknown> };

/** The bell shows "99+" beyond this, so counting further would only cost time. */
export const UNREAD_COUNT_CAP = 100;

/**
 * Written after the change committed (never inside its transaction): a failed notification must
 * not undo a case action, and the action must not wait on anything but its own rows.
 */
export async function notify(db: Db, drafts: NotificationDraft[]): Promise<void> {
  if (drafts.length === 0) return;
  try {
    await db.insert(notifications).values(drafts);
  } catch (err) {
    console.error('notification failed', err);
  }
}

/**
 * A unit's notifications reach the users whose grants cover it; a grant on a jurisdiction unit receives
 * only those addressed to the root (the office's queue), not every unit's.
 */
export function notificationScope(actor: Actor): SQL {
  const parts = actor.grants.map((g) =>
    coversWholeJurisdiction(g) ? sql`${notifications.unitId} = ${g.unitId}` : sql`${notifications.unitPath} like ${`${g.unitPath}%`}`,
  );
  return parts.length ? or(...parts)! : sql`false`;
}

/** The caller's read watermark: notifications with a higher id are unread (0 = never read any). */
const watermarkOf = (actor: Actor) =>
  sql<number>`coalesce((select ${notificationReads.lastReadId} from ${notificationReads} where ${notificationReads.userId} = ${actor.userId}), 0)`;

export async function listNotifications(db: Db, actor: Actor, cursor: number | null, limit: number) {
  const conds = [notificationScope(actor)];
  if (cursor) conds.push(lt(notifications.id, cursor));
  const [rows, [read]] = await Promise.all([
    db
      .select()
      .from(notifications)
      .where(and(...conds))
      .orderBy(desc(notifications.id))
      .limit(limit + 1),
    db.select({ lastReadId: notificationReads.lastReadId }).from(notificationReads).where(eq(notificationReads.userId, actor.userId)),
  ]);
  const lastReadId = read?.lastReadId ?? 0;
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      unitId: r.unitId,
      kind: r.kind,
      caseId: r.caseId,
      data: r.data,
      createdAt: r.createdAt.toISOString(),
      read: r.id <= lastReadId,
    })),
    nextCursor: rows.length > limit ? page[page.length - 1]!.id : null,
    lastReadId,
  };
}

/** Unread in-scope notifications, counted up to UNREAD_COUNT_CAP rows so a polled call stays cheap. */
export async function countUnread(db: Db, actor: Actor): Promise<{ count: number }> {
  const unread = db
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(notificationScope(actor), gt(notifications.id, watermarkOf(actor))))
    .limit(UNREAD_COUNT_CAP)
    .as('unread');
  const [row] = await db.select({ count: count() }).from(unread);
  return { count: Number(row?.count ?? 0) };
}

/**
 * Moves the caller's watermark up to `upToId`, never back (two tabs may post out of order), and
 * never beyond the newest notification that exists, so a stray large id cannot silence future ones.
 * Reading is not a business write: no audit entry.
 */
export async function markRead(db: Db, actor: Actor, upToId: number): Promise<{ lastReadId: number }> {
  const [newest] = await db.select({ id: max(notifications.id) }).from(notifications);
  const target = Math.min(upToId, Number(newest?.id ?? 0));
  const [row] = await db
    .insert(notificationReads)
    .values({ userId: actor.userId, lastReadId: target })
    .onConflictDoUpdate({
      target: notificationReads.userId,
      set: { lastReadId: sql`greatest(${notificationReads.lastReadId}, excluded.last_read_id)`, updatedAt: sql`now()` },
    })
    .returning({ lastReadId: notificationReads.lastReadId });
  return { lastReadId: row!.lastReadId };
}
