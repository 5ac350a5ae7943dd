import { sql } from 'drizzle-orm';
import { bigint, doublePrecision, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { cases } from '../cases/case.tables';

/** Posts of the exposure board (曝光台): a case the office chose to publish, with redacted photo copies. */
export const exposures = pgTable(
  'exposures',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    caseId: bigint('case_id', { mode: 'number' })
      .notNull()
      .references(() => cases.id),
    title: text('title').notNull(),
    /** What was found and what was done about it, as written for the public. */
    summary: text('summary').notNull(),
    address: text('address'),
    /** Approximate point (rounded when published). */
    lon: doublePrecision('lon').notNull(),
    lat: doublePrecision('lat').notNull(),
    /** Redacted copies (photo_redactions.redacted_file_id), in display order. */
    photoFileIds: uuid('photo_file_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    publishedBy: integer('published_by').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
    withdrawnBy: integer('withdrawn_by'),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    withdrawReason: text('withdraw_reason'),
  },
  (t) => [
    // A case is on the board at most once at a time.
    uniqueIndex('exposures_case_live_unique')
      .on(t.caseId)
      .where(sql`withdrawn_at is null`),
    index('exposures_feed_idx')
      .on(t.publishedAt)
      .where(sql`withdrawn_at is null`),
  ],
);
