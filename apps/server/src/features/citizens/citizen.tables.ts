import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { CITIZEN_CHANNELS, REDACTION_MODES } from '@chuangwen/domain/citizens/citizen.schemas';
import { cases } from '../cases/case.tables';

/**
 * Keys for POST /open311/v2/requests, issued by the office. Only a SHA-256 of the key is stored.
 * Defined here, not in open311/, because a citizen report names the key it came with: Open311 builds
 * on citizen reports, never the other way round (open311/open311.keys.ts manages the keys).
 */
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

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * What a citizen report adds to its case: the tracking code, the channel, and the reporter's
 * contact data — private, shown only to moderators, never in a public response or the audit trail.
 */
export const citizenReports = pgTable(
  'citizen_reports',
  {
    caseId: bigint('case_id', { mode: 'number' })
      .primaryKey()
      .references(() => cases.id),
    trackingCode: text('tracking_code').notNull(),
    channel: text('channel', { enum: CITIZEN_CHANNELS }).notNull(),
    apiKeyId: integer('api_key_id').references(() => open311ApiKeys.id),
    reporterName: text('reporter_name'),
    reporterPhone: text('reporter_phone'),
    reporterEmail: text('reporter_email'),
    /** Hash of what was submitted: a retry with the same Idempotency-Key but other content is refused. */
    requestHash: text('request_hash').notNull(),
    /** Set when the office merged this report into an existing case (the report itself is rejected). */
    duplicateOfCaseId: bigint('duplicate_of_case_id', { mode: 'number' }).references(() => cases.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('citizen_reports_tracking_code_unique').on(t.trackingCode),
    check('citizen_reports_channel_check', sql.raw(`channel in (${list(CITIZEN_CHANNELS)})`)),
    index('citizen_reports_created_idx').on(t.createdAt),
  ],
);

/**
 * A staff-made public copy of a case photo (faces and plates blurred or filled). The public only
 * ever sees these copies — and after-photos, which show the fixed place — never an original upload.
 */
export const photoRedactions = pgTable(
  'photo_redactions',
  {
    caseId: bigint('case_id', { mode: 'number' })
      .notNull()
      .references(() => cases.id),
    fileId: uuid('file_id').notNull(),
    redactedFileId: uuid('redacted_file_id').notNull(),
    mode: text('mode', { enum: REDACTION_MODES }).notNull(),
    regions: jsonb('regions').$type<{ x: number; y: number; w: number; h: number }[]>().notNull(),
    createdBy: integer('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'photo_redactions_pk', columns: [t.caseId, t.fileId] }),
    check('photo_redactions_mode_check', sql.raw(`mode in (${list(REDACTION_MODES)})`)),
  ],
);
