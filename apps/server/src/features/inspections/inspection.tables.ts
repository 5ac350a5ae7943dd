import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { SITE_TYPES } from '@chuangwen/domain/framework/framework.schemas';
import { CASE_NATURES } from '@chuangwen/domain/cases/case.schemas';
import { ASSIGNMENT_STATUSES, CHECK_RESULTS, ROUND_KINDS, ROUND_STATUSES } from '@chuangwen/domain/inspections/inspection.schemas';
import { NOTICE_STATES } from '@chuangwen/domain/inspections/notice.workflow';
import { units } from '../../platform/identity/unit.tables';
import { users } from '../../platform/identity/user.tables';
import { frameworkNodes, frameworks } from '../framework/framework.tables';
import { sites } from '../sites/site.tables';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * 检查项: a criterion as checked at one site type, per framework. Derived from the criteria tagged
 * with the site type; the office edits the wording, the order and the case class of a failure.
 */
export const checklistItems = pgTable(
  'checklist_items',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    frameworkId: integer('framework_id')
      .notNull()
      .references(() => frameworks.id, { onDelete: 'cascade' }),
    siteType: text('site_type', { enum: SITE_TYPES }).notNull(),
    nodeId: integer('node_id')
      .notNull()
      .references(() => frameworkNodes.id, { onDelete: 'cascade' }),
    criterionCode: text('criterion_code').notNull(),
    wording: text('wording').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    isActive: boolean('is_active').notNull().default(true),
    caseNature: text('case_nature', { enum: CASE_NATURES }).notNull().default('incident'),
    caseCategoryCode: text('case_category_code').notNull().default('01'),
    caseSubcategoryCode: text('case_subcategory_code').notNull().default('99'),
    version: integer('version').notNull().default(0),
  },
  (t) => [
    unique('checklist_items_unique').on(t.frameworkId, t.siteType, t.nodeId),
    index('checklist_items_type_idx').on(t.frameworkId, t.siteType, t.sortOrder),
    check('checklist_items_site_type_check', sql.raw(`site_type in (${list(SITE_TYPES)})`)),
  ],
);

/** 督查轮次: one round of inspections against one framework edition. */
export const inspectionRounds = pgTable(
  'inspection_rounds',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    name: text('name').notNull(),
    frameworkId: integer('framework_id')
      .notNull()
      .references(() => frameworks.id),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    kind: text('kind', { enum: ROUND_KINDS }).notNull().default('regular'),
    isAnnounced: boolean('is_announced').notNull().default(false),
    siteTypes: text('site_types').array().notNull(),
    sampleSize: integer('sample_size').notNull(),
    status: text('status', { enum: ROUND_STATUSES }).notNull().default('planned'),
    /** The seed of the last random allotment (null when sites were chosen by hand). */
    seed: text('seed'),
    version: integer('version').notNull().default(0),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('inspection_rounds_period_idx').on(t.periodEnd),
    check('inspection_rounds_kind_check', sql.raw(`kind in (${list(ROUND_KINDS)})`)),
    check('inspection_rounds_status_check', sql.raw(`status in (${list(ROUND_STATUSES)})`)),
    check('inspection_rounds_period_check', sql.raw('period_end >= period_start')),
    check('inspection_rounds_sample_check', sql.raw('sample_size > 0')),
  ],
);

/** 督查组: a leader and members (users), bound to towns/subdistricts (挂钩). Arrays: one row per team. */
export const inspectionTeams = pgTable(
  'inspection_teams',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    roundId: integer('round_id')
      .notNull()
      .references(() => inspectionRounds.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    leaderUserId: integer('leader_user_id')
      .notNull()
      .references(() => users.id),
    memberUserIds: integer('member_user_ids')
      .array()
      .notNull()
      .default(sql`'{}'::integer[]`),
    unitIds: integer('unit_ids').array().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('inspection_teams_round_idx').on(t.roundId), index('inspection_teams_members_idx').using('gin', t.memberUserIds)],
);

/** A site allotted to a team in a round (one team per site and round). */
export const inspectionAssignments = pgTable(
  'inspection_assignments',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    roundId: integer('round_id')
      .notNull()
      .references(() => inspectionRounds.id, { onDelete: 'cascade' }),
    teamId: integer('team_id')
      .notNull()
      .references(() => inspectionTeams.id, { onDelete: 'cascade' }),
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id),
    status: text('status', { enum: ASSIGNMENT_STATUSES }).notNull().default('pending'),
    visitedAt: timestamp('visited_at', { withTimezone: true }),
    visitedBy: integer('visited_by').references(() => users.id),
  },
  (t) => [
    unique('inspection_assignments_site_unique').on(t.roundId, t.siteId),
    index('inspection_assignments_team_idx').on(t.teamId),
    check('inspection_assignments_status_check', sql.raw(`status in (${list(ASSIGNMENT_STATUSES)})`)),
  ],
);

/**
 * One checklist item's result at one visit. Re-sent results replace the earlier ones (the last
 * visit counts); a failure links the case it created (created once, by its client key).
 */
export const inspectionChecks = pgTable(
  'inspection_checks',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    assignmentId: integer('assignment_id')
      .notNull()
      .references(() => inspectionAssignments.id, { onDelete: 'cascade' }),
    roundId: integer('round_id')
      .notNull()
      .references(() => inspectionRounds.id, { onDelete: 'cascade' }),
    checklistItemId: integer('checklist_item_id')
      .notNull()
      .references(() => checklistItems.id),
    criterionCode: text('criterion_code').notNull(),
    result: text('result', { enum: CHECK_RESULTS }).notNull(),
    note: text('note'),
    photoIds: uuid('photo_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    caseId: bigint('case_id', { mode: 'number' }),
    caseKey: text('case_key'),
    proposedUnitId: integer('proposed_unit_id').references(() => units.id),
    checkedBy: integer('checked_by').references(() => users.id),
    checkedAt: timestamp('checked_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('inspection_checks_item_unique').on(t.assignmentId, t.checklistItemId),
    index('inspection_checks_round_idx').on(t.roundId),
    check('inspection_checks_result_check', sql.raw(`result in (${list(CHECK_RESULTS)})`)),
  ],
);

/**
 * The field page's idempotency ledger: one row per (user, operation key). A replayed key returns
 * the stored result instead of applying the operation again.
 */
export const inspectionOps = pgTable(
  'inspection_ops',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    key: text('key').notNull(),
    kind: text('kind').notNull(),
    result: jsonb('result').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('inspection_ops_key_unique').on(t.userId, t.key)],
);

/** 抄告单: a formal notice to a town/unit listing its cases of a round, with a warning date. */
export const rectificationNotices = pgTable(
  'rectification_notices',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    roundId: integer('round_id')
      .notNull()
      .references(() => inspectionRounds.id),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    unitPath: text('unit_path').notNull(),
    /** 创文抄告〔2026〕第3号 */
    number: text('number').notNull().unique(),
    deadlineOn: date('deadline_on', { mode: 'string' }).notNull(),
    caseIds: bigint('case_ids', { mode: 'number' }).array().notNull(),
    state: text('state', { enum: NOTICE_STATES }).notNull().default('notHandled'),
    /** The unit's last report and the office's last decision note. */
    responseNote: text('response_note'),
    decisionNote: text('decision_note'),
    issuedBy: integer('issued_by').references(() => users.id),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(0),
  },
  (t) => [
    unique('rectification_notices_round_unit_unique').on(t.roundId, t.unitId),
    index('rectification_notices_unit_path_idx').using('btree', t.unitPath.op('text_pattern_ops')),
    check('rectification_notices_state_check', sql.raw(`state in (${list(NOTICE_STATES)})`)),
  ],
);

/** The notice's timeline (each state change, with who and the note). */
export const noticeEvents = pgTable(
  'notice_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    noticeId: integer('notice_id')
      .notNull()
      .references(() => rectificationNotices.id, { onDelete: 'cascade' }),
    action: text('action').notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    note: text('note'),
    actorId: integer('actor_id').references(() => users.id),
    actorName: text('actor_name'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('notice_events_notice_idx').on(t.noticeId, t.id)],
);
