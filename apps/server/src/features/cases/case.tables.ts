import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { CASE_STATES, CLOCK_STATES, OPEN_STATES } from '@chuangwen/domain/cases/case.workflow';
import { NOT_A_PROBLEM_STATES } from '@chuangwen/domain/cases/case.problems';
import { CASE_NATURES, CASE_PHOTO_PHASES, CASE_SEVERITIES, CASE_SOURCES } from '@chuangwen/domain/cases/case.schemas';
import type { DeadlineRule } from '@chuangwen/domain/calendar/working-calendar';
import { units } from '../../platform/identity/unit.tables';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
/** SQL for the domain's "problems found" (case.problems.ts): the case's state is not a rejected one. */
export const problemFoundSql = (state: unknown) => sql`${state} not in (${sql.raw(list(NOT_A_PROBLEM_STATES))})`;

/** Classification (部件/事件 × 大类 × 小类) with each subcategory's deadline rule and default department (条). */
export const caseCategories = pgTable(
  'case_categories',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    nature: text('nature', { enum: CASE_NATURES }).notNull(),
    categoryCode: text('category_code').notNull(),
    categoryName: text('category_name').notNull(),
    subcategoryCode: text('subcategory_code').notNull(),
    subcategoryName: text('subcategory_name').notNull(),
    deadlineRule: jsonb('deadline_rule').$type<DeadlineRule>(),
    defaultDepartmentCode: text('default_department_code'),
    acceptStandard: text('accept_standard'),
    closeStandard: text('close_standard'),
    sortOrder: integer('sort_order').notNull().default(0),
    isActive: boolean('is_active').notNull().default(true),
  },
  (t) => [
    unique('case_categories_code_unique').on(t.nature, t.categoryCode, t.subcategoryCode),
    check('case_categories_nature_check', sql.raw(`nature in (${list(CASE_NATURES)})`)),
  ],
);

export type StoredPendingExtension = { reason: string; requestedDeadlineAt: string; requestedAt: string };
export type StoredParking = { plan: string; reviewAt: string; parkedAt: string };

export const cases = pgTable(
  'cases',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** SF-2026-000123: per-year sequence (case_number_<year>), see migration 0004. */
    number: text('number').notNull().unique(),
    source: text('source', { enum: CASE_SOURCES }).notNull(),
    nature: text('nature', { enum: CASE_NATURES }).notNull(),
    categoryCode: text('category_code').notNull(),
    subcategoryCode: text('subcategory_code').notNull(),
    criterionCode: text('criterion_code'),
    siteId: integer('site_id'),
    lon: doublePrecision('lon').notNull(),
    lat: doublePrecision('lat').notNull(),
    address: text('address').notNull(),
    description: text('description').notNull(),
    severity: text('severity', { enum: CASE_SEVERITIES }).notNull(),
    state: text('state', { enum: CASE_STATES }).notNull(),
    /** The unit that answers now; its path is copied for one-index subtree filters. */
    responsibleUnitId: integer('responsible_unit_id').references(() => units.id),
    responsibleUnitPath: text('responsible_unit_path'),
    /** The territorial unit the point lies in (属地), or the county root: scope before dispatch. */
    areaUnitId: integer('area_unit_id')
      .notNull()
      .references(() => units.id),
    areaUnitPath: text('area_unit_path').notNull(),
    reporterUserId: integer('reporter_user_id'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
    rectifiedAt: timestamp('rectified_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    deadlineAt: timestamp('deadline_at', { withTimezone: true }),
    isOverdue: boolean('is_overdue').notNull().default(false),
    pendingExtension: jsonb('pending_extension').$type<StoredPendingExtension>(),
    parking: jsonb('parking').$type<StoredParking>(),
    reworkCount: smallint('rework_count').notNull().default(0),
    returnCount: smallint('return_count').notNull().default(0),
    extensionCount: smallint('extension_count').notNull().default(0),
    urgeCount: smallint('urge_count').notNull().default(0),
    version: integer('version').notNull().default(1),
    /** Phones retry: the same key from the same reporter returns the same case. */
    idempotencyKey: text('idempotency_key'),
    /** The hash of the creating request: the same key with a different body is a 409 (migration 0019). */
    requestHash: text('request_hash'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('cases_state_check', sql.raw(`state in (${list(CASE_STATES)})`)),
    check('cases_source_check', sql.raw(`source in (${list(CASE_SOURCES)})`)),
    check('cases_nature_check', sql.raw(`nature in (${list(CASE_NATURES)})`)),
    check('cases_severity_check', sql.raw(`severity in (${list(CASE_SEVERITIES)})`)),
    unique('cases_idempotency_unique').on(t.reporterUserId, t.idempotencyKey),
    // List filters; every list is keyset-paged on id desc.
    index('cases_state_idx').on(t.state, t.id),
    index('cases_responsible_path_idx').using('btree', t.responsibleUnitPath.op('text_pattern_ops'), t.id),
    index('cases_area_path_idx').using('btree', t.areaUnitPath.op('text_pattern_ops'), t.id),
    index('cases_category_idx').on(t.nature, t.categoryCode, t.subcategoryCode, t.id),
    index('cases_submitted_idx').on(t.submittedAt),
    // The dashboard rollup job folds in what changed since its last run (dashboard.rollup.ts).
    index('cases_updated_idx').on(t.updatedAt),
    index('cases_criterion_idx')
      .on(t.criterionCode)
      .where(sql`criterion_code is not null`),
    index('cases_site_idx')
      .on(t.siteId)
      .where(sql`site_id is not null`),
    index('cases_point_idx').on(t.lat, t.lon),
    // Inbox (a unit's open cases by deadline) and the overdue job (clock running, past deadline).
    index('cases_inbox_idx')
      .on(t.responsibleUnitId, t.deadlineAt)
      .where(sql.raw(`state in (${list(OPEN_STATES)})`)),
    index('cases_clock_idx')
      .on(t.deadlineAt)
      .where(sql.raw(`state in (${list(CLOCK_STATES)}) and not is_overdue`)),
  ],
);

/** The timeline. Append-only (a trigger refuses UPDATE/DELETE, migration 0004). */
export const caseEvents = pgTable(
  'case_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    caseId: bigint('case_id', { mode: 'number' })
      .notNull()
      .references(() => cases.id),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorUserId: integer('actor_user_id'),
    actorName: text('actor_name'),
    action: text('action').notNull(),
    fromState: text('from_state', { enum: CASE_STATES }),
    toState: text('to_state', { enum: CASE_STATES }).notNull(),
    note: text('note'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    attachmentIds: uuid('attachment_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
  },
  (t) => [index('case_events_case_idx').on(t.caseId, t.id)],
);

/**
 * One row per assignment (a dispatch or reassign of a case to a unit), kept by the funnel: the
 * input of the unit metrics (case.metrics.ts) without replaying timelines. Delegation to a sub-unit
 * keeps the assignment with the unit the office dispatched to: that unit answers for it.
 */
export const caseAssignments = pgTable(
  'case_assignments',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    caseId: bigint('case_id', { mode: 'number' })
      .notNull()
      .references(() => cases.id),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    unitPath: text('unit_path').notNull(),
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true }).notNull(),
    deadlineAt: timestamp('deadline_at', { withTimezone: true }),
    rectifiedAt: timestamp('rectified_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    returnedAt: timestamp('returned_at', { withTimezone: true }),
    isParked: boolean('is_parked').notNull().default(false),
    reworkCount: smallint('rework_count').notNull().default(0),
  },
  (t) => [
    index('case_assignments_unit_idx').on(t.unitId, t.dispatchedAt),
    index('case_assignments_path_idx').using('btree', t.unitPath.op('text_pattern_ops'), t.dispatchedAt),
    index('case_assignments_dispatched_idx').on(t.dispatchedAt),
    index('case_assignments_case_idx').on(t.caseId),
    // The dashboard counts today's deadline passings live (dashboard.metrics.ts).
    index('case_assignments_deadline_idx').on(t.deadlineAt),
  ],
);

export const casePhotos = pgTable(
  'case_photos',
  {
    caseId: bigint('case_id', { mode: 'number' })
      .notNull()
      .references(() => cases.id),
    fileId: uuid('file_id').notNull(),
    phase: text('phase', { enum: CASE_PHOTO_PHASES }).notNull(),
    eventId: bigint('event_id', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'case_photos_pk', columns: [t.caseId, t.fileId] }),
    check('case_photos_phase_check', sql.raw(`phase in (${list(CASE_PHOTO_PHASES)})`)),
  ],
);
