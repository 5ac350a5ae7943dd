import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp } from 'drizzle-orm/pg-core';

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
  (t) => [
    primaryKey({ name: 'case_daily_rollups_pk', columns: [t.day, t.areaUnitPath, t.nature, t.categoryCode] }),
    // The trend and the KPIs read (day, town) sums only: an index-only scan.
    index('case_daily_rollups_day_idx').on(t.day, t.areaUnitPath, t.created, t.createdClosed, t.closed),
  ],
);

/**
 * The unit metrics' additive parts (case.metrics.ts `UnitMetricCounts`) per dispatch day × unit,
 * split by the day from which they count: a metric judged as of 00:00 of day A (a period ending
 * at A) sums the rows with asOfDay ≤ A. One assignment gives a row at the day after its dispatch
 * (its outcome then) and a correcting row at each later day its outcome changes (fixed, closed,
 * returned, deadline passed), computed with the domain's own `countAssignment`. Rows of a (day,
 * unit) are recomputed whole when one of its cases changes (dashboard.rollup.ts).
 */
const metricCountColumns = () => ({
  dispatched: integer('dispatched').notNull().default(0),
  returned: integer('returned').notNull().default(0),
  parked: integer('parked').notNull().default(0),
  closed: integer('closed').notNull().default(0),
  closedOnTime: integer('closed_on_time').notNull().default(0),
  overdue: integer('overdue').notNull().default(0),
  reachedVerification: integer('reached_verification').notNull().default(0),
  reworked: integer('reworked').notNull().default(0),
  handlingMs: bigint('handling_ms', { mode: 'number' }).notNull().default(0),
});

export const unitMetricRollups = pgTable(
  'unit_metric_rollups',
  {
    dispatchDay: date('dispatch_day', { mode: 'string' }).notNull(),
    unitId: integer('unit_id').notNull(),
    unitPath: text('unit_path').notNull(),
    asOfDay: date('as_of_day', { mode: 'string' }).notNull(),
    ...metricCountColumns(),
  },
  (t) => [primaryKey({ name: 'unit_metric_rollups_pk', columns: [t.dispatchDay, t.unitId, t.unitPath, t.asOfDay] })],
);

/**
 * unit_metric_rollups summed per dispatch month (its first day), for the whole months of long
 * periods. A period holding a whole month ends on or after the next month's first day, so rows
 * counting from earlier than that are folded into one row at that day: few rows per unit-month.
 */
export const unitMetricMonthRollups = pgTable(
  'unit_metric_month_rollups',
  {
    dispatchMonth: date('dispatch_month', { mode: 'string' }).notNull(),
    unitId: integer('unit_id').notNull(),
    unitPath: text('unit_path').notNull(),
    asOfDay: date('as_of_day', { mode: 'string' }).notNull(),
    ...metricCountColumns(),
  },
  (t) => [primaryKey({ name: 'unit_metric_month_rollups_pk', columns: [t.dispatchMonth, t.unitId, t.unitPath, t.asOfDay] })],
);

/** Open and overdue cases per town as of the last refresh; readers add the state changes since (case_events). */
export const caseOpenCounts = pgTable('case_open_counts', {
  areaUnitPath: text('area_unit_path').primaryKey(),
  open: integer('open').notNull().default(0),
  overdue: integer('overdue').notNull().default(0),
});

/** One row: up to when changes (cases.updated_at) are folded into the rollup. */
export const dashboardRollupState = pgTable(
  'dashboard_rollup_state',
  {
    id: smallint('id').primaryKey(),
    refreshedUntil: timestamp('refreshed_until', { withTimezone: true }).notNull(),
    refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull(),
    /** The last case_events id folded into case_open_counts. */
    eventsUntil: bigint('events_until', { mode: 'number' }),
    /** Which working calendar the handling times in unit_metric_rollups were computed with. */
    calendarKey: text('calendar_key'),
  },
  () => [check('dashboard_rollup_state_single', sql`id = 1`)],
);

export const BULLETIN_KINDS = ['week', 'month', 'custom'] as const;
export const BULLETIN_STATUSES = ['draft', 'published'] as const;

export type BulletinRankingRow = {
  rank: number | null;
  unitId: number;
  unitName: string;
  dispatched: number;
  closed: number;
  closureRate: number | null;
  onTimeClosureRate: number | null;
  overdue: number;
  score: number | null;
  grade: string | null;
  rankDelta: number | null;
};
export type BulletinOverdueCase = {
  id: number;
  number: string;
  address: string;
  categoryName: string;
  unitId: number | null;
  unitName: string | null;
  deadlineAt: string | null;
};
/** What a bulletin says, frozen when generated: a published bulletin never changes with later data. */
/** rankingNote: how the ranking treats ties and small samples (absent in bulletins generated before it was printed). */
export type BulletinContent = {
  intro: string;
  closing: string;
  ranking: BulletinRankingRow[];
  rankingNote?: string;
  overdueCases: BulletinOverdueCase[];
  generatedAt: string;
};

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
