import { boolean, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Keys for POST /open311/v2/requests, issued by the office. Only a SHA-256 of the key is stored. */
export const open311ApiKeys = pgTable('open311_api_keys', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  name: text('name').notNull(),
  /** The first characters, so staff can tell keys apart without the secret. */
  keyPrefix: text('key_prefix').notNull(),
  keyHash: text('key_hash').notNull().unique(),
  ratePerMinute: integer('rate_per_minute').notNull(),
  isActive: boolean('is_active').notNull().default(true),
  createdBy: integer('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});
