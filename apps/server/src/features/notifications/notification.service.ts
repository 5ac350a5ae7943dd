import { and, desc, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/db';
import type { Actor } from '../../platform/auth/actor';
import { notifications } from './notification.tables';

export type NotificationDraft = { unitId: number; unitPath: string; kind: string; caseId: number | null; data: Record<string, unknown> };

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
 * A unit's notifications reach the users whose grants cover it; a grant on a county root receives
 * only those addressed to the root (the office's queue), not every unit's.
 */
export function notificationScope(actor: Actor): SQL {
  const parts = actor.grants.map((g) => (g.unitPath.split('/').length === 3
    ? sql`${notifications.unitId} = ${g.unitId}`
    : sql`${notifications.unitPath} like ${`${g.unitPath}%`}`));
  return parts.length ? or(...parts)! : sql`false`;
}

export async function listNotifications(db: Db, actor: Actor, cursor: number | null, limit: number) {
  const conds = [notificationScope(actor)];
  if (cursor) conds.push(lt(notifications.id, cursor));
  const rows = await db.select().from(notifications).where(and(...conds)).orderBy(desc(notifications.id)).limit(limit + 1);
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => ({ id: r.id, unitId: r.unitId, kind: r.kind, caseId: r.caseId, data: r.data, createdAt: r.createdAt.toISOString() })),
    nextCursor: rows.length > limit ? page[page.length - 1]!.id : null,
  };
}
