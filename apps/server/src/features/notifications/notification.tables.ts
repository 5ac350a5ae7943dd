import { bigint, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { units } from '../../platform/identity/unit.tables';
import { users } from '../../platform/identity/user.tables';

/** In-app notifications to a unit (its users see them), written after the change commits. */
export const notifications = pgTable(
  'notifications',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    unitPath: text('unit_path').notNull(),
    kind: text('kind').notNull(),
    caseId: bigint('case_id', { mode: 'number' }),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('notifications_unit_idx').on(t.unitId, t.id), index('notifications_path_idx').using('btree', t.unitPath.op('text_pattern_ops'), t.id)],
);

/**
 * How far each user has read: one watermark id, not a row per notification, so marking read is
 * one upsert and "unread" is `id > last_read_id` on the indexes above.
 */
export const notificationReads = pgTable('notification_reads', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  lastReadId: bigint('last_read_id', { mode: 'number' }).notNull().default(0),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
