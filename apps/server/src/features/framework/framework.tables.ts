import { sql } from 'drizzle-orm';
import { type AnyPgColumn, bigint, boolean, check, date, index, integer, jsonb, numeric, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import {
  EVIDENCE_KINDS,
  FRAMEWORK_LEVELS,
  FRAMEWORK_STATUSES,
  SELF_ASSESSMENT_STATUSES,
  type EvidenceRequirement,
} from '@chuangwen/domain/framework/framework.schemas';
import type { ScoreRules } from '@chuangwen/domain/framework/framework.score';
import { EVIDENCE_STATES } from '@chuangwen/domain/framework/framework.api';
import { units } from '../../platform/identity/unit.tables';
import { users } from '../../platform/identity/user.tables';
import { files } from '../files/file.tables';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * One framework version (测评体系, e.g. "2021版" or a county's edition). Only drafts change shape;
 * `dataVersion` goes up with every write that can change the projected score (nodes, statuses,
 * responsibilities, rules), so every replica can cache the score by it.
 */
export const frameworks = pgTable(
  'frameworks',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    edition: text('edition').notNull(),
    status: text('status', { enum: FRAMEWORK_STATUSES }).notNull().default('draft'),
    pointsAreIllustrative: boolean('points_are_illustrative').notNull().default(false),
    description: text('description'),
    source: text('source'),
    clonedFromId: integer('cloned_from_id').references((): AnyPgColumn => frameworks.id),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    version: integer('version').notNull().default(0),
    dataVersion: bigint('data_version', { mode: 'number' }).notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('frameworks_code_edition_unique').on(t.code, t.edition), check('frameworks_status_check', sql.raw(`status in (${list(FRAMEWORK_STATUSES)})`))],
);

/** The tree, flat: area → indicator → item → criterion, linked by parent id and code. */
export const frameworkNodes = pgTable(
  'framework_nodes',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    frameworkId: integer('framework_id')
      .notNull()
      .references(() => frameworks.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    parentCode: text('parent_code'),
    parentId: integer('parent_id').references((): AnyPgColumn => frameworkNodes.id),
    level: text('level', { enum: FRAMEWORK_LEVELS }).notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    name: text('name').notNull(),
    /** Exact points; required for criteria, an optional cap above them. */
    points: numeric('points', { precision: 6, scale: 2 }),
    description: text('description'),
    methods: text('methods')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    siteTypes: text('site_types')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    isVeto: boolean('is_veto').notNull().default(false),
    isNegativeList: boolean('is_negative_list').notNull().default(false),
    isFeatured: boolean('is_featured').notNull().default(false),
    requirement: text('requirement'),
    evidenceRequirements: jsonb('evidence_requirements').$type<EvidenceRequirement[]>().notNull().default([]),
    version: integer('version').notNull().default(0),
  },
  (t) => [
    unique('framework_nodes_code_unique').on(t.frameworkId, t.code),
    index('framework_nodes_parent_idx').on(t.parentId),
    check('framework_nodes_level_check', sql.raw(`level in (${list(FRAMEWORK_LEVELS)})`)),
    check('framework_nodes_criterion_points_check', sql.raw(`level <> 'criterion' or (points is not null and requirement is not null)`)),
  ],
);

/**
 * 责任分工: who answers for a criterion. Supporting units are an id array (ordered as entered) —
 * one row per criterion keeps the matrix one upsert per line and the "my criteria" query one
 * index-backed `&&`; ids of deleted units are ignored on read.
 */
export const responsibilities = pgTable(
  'responsibilities',
  {
    nodeId: integer('node_id')
      .primaryKey()
      .references(() => frameworkNodes.id, { onDelete: 'cascade' }),
    frameworkId: integer('framework_id')
      .notNull()
      .references(() => frameworks.id, { onDelete: 'cascade' }),
    leadUnitId: integer('lead_unit_id')
      .notNull()
      .references(() => units.id),
    supportingUnitIds: integer('supporting_unit_ids')
      .array()
      .notNull()
      .default(sql`'{}'::integer[]`),
    dueOn: date('due_on', { mode: 'string' }),
    version: integer('version').notNull().default(0),
    updatedBy: integer('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('responsibilities_framework_idx').on(t.frameworkId),
    index('responsibilities_lead_idx').on(t.leadUnitId),
    index('responsibilities_supporting_idx').using('gin', t.supportingUnitIds),
  ],
);

/** 申报材料: one piece of evidence a responsible unit submitted for a criterion. */
export const evidenceItems = pgTable(
  'evidence_items',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    frameworkId: integer('framework_id')
      .notNull()
      .references(() => frameworks.id, { onDelete: 'cascade' }),
    nodeId: integer('node_id')
      .notNull()
      .references(() => frameworkNodes.id, { onDelete: 'cascade' }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    kind: text('kind', { enum: EVIDENCE_KINDS }).notNull(),
    fileId: uuid('file_id').references(() => files.id),
    text: text('text'),
    dueOn: date('due_on', { mode: 'string' }),
    state: text('state', { enum: EVIDENCE_STATES }).notNull().default('submitted'),
    reviewNote: text('review_note'),
    reviewedBy: integer('reviewed_by').references(() => users.id),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    submittedBy: integer('submitted_by')
      .notNull()
      .references(() => users.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(0),
  },
  (t) => [
    index('evidence_items_node_idx').on(t.nodeId),
    index('evidence_items_framework_state_idx').on(t.frameworkId, t.state),
    index('evidence_items_unit_idx').on(t.unitId),
    check('evidence_items_kind_check', sql.raw(`kind in (${list(EVIDENCE_KINDS)})`)),
    check('evidence_items_state_check', sql.raw(`state in (${list(EVIDENCE_STATES)})`)),
    check('evidence_items_content_check', sql.raw('file_id is not null or text is not null')),
  ],
);

/** 自查: the current status of a criterion; every change is also appended to the history. */
export const selfAssessments = pgTable(
  'self_assessments',
  {
    nodeId: integer('node_id')
      .primaryKey()
      .references(() => frameworkNodes.id, { onDelete: 'cascade' }),
    frameworkId: integer('framework_id')
      .notNull()
      .references(() => frameworks.id, { onDelete: 'cascade' }),
    status: text('status', { enum: SELF_ASSESSMENT_STATUSES }).notNull(),
    note: text('note'),
    version: integer('version').notNull().default(0),
    updatedBy: integer('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('self_assessments_framework_idx').on(t.frameworkId),
    check('self_assessments_status_check', sql.raw(`status in (${list(SELF_ASSESSMENT_STATUSES)})`)),
  ],
);

/** Append-only history of self-assessment changes (the database refuses UPDATE/DELETE, migration 0006). */
export const selfAssessmentEvents = pgTable(
  'self_assessment_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    frameworkId: integer('framework_id')
      .notNull()
      .references(() => frameworks.id),
    nodeId: integer('node_id')
      .notNull()
      .references(() => frameworkNodes.id),
    fromStatus: text('from_status', { enum: SELF_ASSESSMENT_STATUSES }),
    status: text('status', { enum: SELF_ASSESSMENT_STATUSES }).notNull(),
    note: text('note'),
    actorId: integer('actor_id').references(() => users.id),
    actorName: text('actor_name'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('self_assessment_events_node_idx').on(t.nodeId, t.id),
    check('self_assessment_events_status_check', sql.raw(`status in (${list(SELF_ASSESSMENT_STATUSES)})`)),
  ],
);

/** The score engine's rules per framework (defaults: DEFAULT_SCORE_RULES), and the supporting units' share of lost points. */
export const scoreRules = pgTable(
  'score_rules',
  {
    frameworkId: integer('framework_id')
      .primaryKey()
      .references(() => frameworks.id, { onDelete: 'cascade' }),
    rules: jsonb('rules').$type<ScoreRules>().notNull(),
    /** Share (0..1, 2 decimals) of a criterion's lost points charged to its supporting units together. */
    supportingShare: numeric('supporting_share', { precision: 3, scale: 2 }).notNull().default('0'),
    version: integer('version').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  () => [check('score_rules_share_check', sql.raw('supporting_share >= 0 and supporting_share <= 1'))],
);
