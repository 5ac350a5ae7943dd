import { sql } from 'drizzle-orm';
import { check, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { SummaryTemplate } from '@chuangwen/domain/templates/summary.template';
import { units } from '../../platform/identity/unit.tables';
import { users } from '../../platform/identity/user.tables';

export const DOCUMENT_TEMPLATE_KINDS = ['work_summary'] as const;
export type DocumentTemplateKind = (typeof DOCUMENT_TEMPLATE_KINDS)[number];

/**
 * An office's document templates, one row per saved version (append-only: a trigger refuses
 * UPDATE/DELETE). The highest version of (office, kind) is the active one; restoring an old version
 * appends a copy of it (`restored_from` = the version copied). Version 1 is the shipped default,
 * written on first use (`created_by` null).
 */
export const documentTemplateVersions = pgTable(
  'document_template_versions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    officeUnitId: integer('office_unit_id')
      .notNull()
      .references(() => units.id),
    kind: text('kind', { enum: DOCUMENT_TEMPLATE_KINDS }).notNull(),
    version: integer('version').notNull(),
    content: jsonb('content').$type<SummaryTemplate>().notNull(),
    note: text('note'),
    restoredFrom: integer('restored_from'),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('document_template_versions_kind_check', sql.raw(`kind in (${DOCUMENT_TEMPLATE_KINDS.map((k) => `'${k}'`).join(', ')})`)),
    check('document_template_versions_version_check', sql`version > 0`),
    uniqueIndex('document_template_versions_office_kind_version_idx').on(t.officeUnitId, t.kind, t.version),
  ],
);
