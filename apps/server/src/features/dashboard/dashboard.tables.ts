import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Daily rollup of cases per Shanghai day × town (the area path cut to root/town) × category, kept fresh by the
 * dashboard job (dashboard.rollup.ts). Rows are recomputed whole for each day touched by a change,
 * so they are exact, never incremented.
 *   created        cases submitted that day, not rejected   ("problems found")
 *   createdClosed  of those, closed now                     (the cohort's closures)
 *   closed         cases closed that day (and still closed)
 */
export const caseDailyRollups = pgTable(
  'case_daily_rollups',
  {
    day: date('day', { mode: 'string' }).notNull(),
    areaUnitPath: text('area_unit_path').notNull(),
    nature: text('nature').notNull(),
    categoryCode: text('category_code').notNull(),
    created: integer('created').notNull().default(0),
    createdClosed: integer('created_closed').notNull().default(0),
    closed: integer('closed').notNull().default(0),
  },
  (t) => [primaryKey({ name: 'case_daily_rollups_pk', columns: [t.day, t.areaUnitPath, t.nature, t.categoryCode] })],
);

/** One row: up to when changes (cases.updated_at) are folded into the rollup. */
export const dashboardRollupState = pgTable(
  'dashboard_rollup_state',
  {
    id: smallint('id').primaryKey(),
    refreshedUntil: timestamp('refreshed_until', { withTimezone: true }).notNull(),
    refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull(),
  },
  () => [check('dashboard_rollup_state_single', sql`id = 1`)],
);

export const BULLETIN_KINDS = ['week', 'month', 'custom'] as const;
export const BULLETIN_STATUSES = ['draft', 'published'] as const;

export type BulletinRankingRow = { rank: number | null; unitId: number; unitName: string; dispatched: number; closed: number; closureRate: number | null; onTimeClosureRate: number | null; overdue: number; score: number | null; grade: string | null; rankDelta: number | null };
export type BulletinOverdueCase = { id: number; number: string; address: string; categoryName: string; unitId: number | null; unitName: string | null; deadlineAt: string | null };
/** What a bulletin says, frozen when generated: a published bulletin never changes with later data. */
export type BulletinContent = { intro: string; closing: string; ranking: BulletinRankingRow[]; overdueCases: BulletinOverdueCase[]; generatedAt: string };

/** 通报: generated from a period's figures, reviewed as a draft, published to the units in the app. */
export const bulletins = pgTable(
  'bulletins',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    kind: text('kind', { enum: BULLETIN_KINDS }).notNull(),
    title: text('title').notNull(),
    periodFrom: timestamp('period_from', { withTimezone: true }).notNull(),
    periodTo: timestamp('period_to', { withTimezone: true }).notNull(),
    unitKind: text('unit_kind'),
    status: text('status', { enum: BULLETIN_STATUSES }).notNull().default('draft'),
    content: jsonb('content').$type<BulletinContent>().notNull(),
    version: integer('version').notNull().default(1),
    createdBy: integer('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    publishedBy: integer('published_by'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
  },
  (t) => [
    check('bulletins_kind_check', sql.raw(`kind in (${BULLETIN_KINDS.map((k) => `'${k}'`).join(', ')})`)),
    check('bulletins_status_check', sql.raw(`status in (${BULLETIN_STATUSES.map((k) => `'${k}'`).join(', ')})`)),
    check('bulletins_period_check', sql`period_to > period_from`),
    index('bulletins_created_idx').on(t.createdAt),
  ],
);
