import { sql } from 'drizzle-orm';
import { type AnyPgColumn, boolean, check, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { UNIT_KINDS } from '@chuangwen/domain/units/unit.kinds';
import type { PolygonGeometry } from '@chuangwen/domain/units/unit.schemas';

// The unit tree. `path` is the materialised chain of ids ('/1/7/23/') so a subtree is one
// indexed prefix match — the basis of every row-level permission check.
export const units = pgTable(
  'units',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    parentId: integer('parent_id').references((): AnyPgColumn => units.id),
    kind: text('kind', { enum: UNIT_KINDS }).notNull(),
    name: text('name').notNull(),
    shortName: text('short_name'),
    code: text('code').notNull().unique(),
    path: text('path').notNull(),
    depth: integer('depth').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    geometry: jsonb('geometry').$type<PolygonGeometry>(),
    isActive: boolean('is_active').notNull().default(true),
    version: integer('version').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('units_path_idx').using('btree', t.path.op('text_pattern_ops')),
    index('units_parent_idx').on(t.parentId),
    check('units_kind_check', sql.raw(`kind in (${UNIT_KINDS.map((k) => `'${k}'`).join(', ')})`)),
  ],
);
