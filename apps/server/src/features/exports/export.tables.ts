import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { EXPORT_ERROR_CODES, EXPORT_STATES, LEDGER_KINDS } from '@chuangwen/domain/exports/export.schemas';
import type { Locale } from '@chuangwen/domain/i18n/labels';
import { users } from '../../platform/identity/user.tables';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * 台账导出: one background export of a ledger. The file is stored in the BlobStore as numbered
 * parts (`exports/<id>/part-000001` …, see export.file.ts), so no process ever holds it whole and
 * any replica serves progress and the download.
 */
export const exportJobs = pgTable(
  'export_jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: LEDGER_KINDS }).notNull(),
    state: text('state', { enum: EXPORT_STATES }).notNull().default('queued'),
    /** The filters as validated when the job was started. */
    filters: jsonb('filters')
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    /** Language of headers and labels: the creator's at the start. */
    locale: text('locale').$type<Locale>().notNull().default('zh-CN'),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    /** Refreshed by the running worker; a stale heartbeat means the worker died. */
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    /** host:pid of the process running it, for operators. */
    worker: text('worker'),
    rowsDone: integer('rows_done').notNull().default(0),
    rowsTotal: integer('rows_total'),
    fileName: text('file_name'),
    /** Parts written so far (all of them once done). */
    fileParts: integer('file_parts').notNull().default(0),
    byteSize: bigint('byte_size', { mode: 'number' }),
    errorCode: text('error_code', { enum: EXPORT_ERROR_CODES }),
    error: text('error'),
  },
  (t) => [
    index('export_jobs_creator_idx').on(t.createdBy, t.createdAt),
    index('export_jobs_state_idx').on(t.state, t.createdAt),
    check('export_jobs_kind_check', sql.raw(`kind in (${list(LEDGER_KINDS)})`)),
    check('export_jobs_state_check', sql.raw(`state in (${list(EXPORT_STATES)})`)),
  ],
);

export type ExportJobRow = typeof exportJobs.$inferSelect;
