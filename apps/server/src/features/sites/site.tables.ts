import { sql } from 'drizzle-orm';
import { boolean, check, doublePrecision, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { SITE_TYPES } from '@chuangwen/domain/framework/framework.schemas';
import { units } from '../../platform/identity/unit.tables';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * 点位: a place inspectors check, of one of the 26 site types. Its territorial unit (the smallest
 * community/village polygon containing the point) and town are found by point-in-polygon when the
 * site is saved; their paths are copied so row-level filters are one prefix match.
 */
export const sites = pgTable(
  'sites',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** Optional office code (e.g. from the ledger); imports update the site with the same code. */
    code: text('code').unique(),
    type: text('type', { enum: SITE_TYPES }).notNull(),
    name: text('name').notNull(),
    address: text('address').notNull(),
    lon: doublePrecision('lon').notNull(),
    lat: doublePrecision('lat').notNull(),
    unitId: integer('unit_id').references(() => units.id),
    unitPath: text('unit_path'),
    townId: integer('town_id').references(() => units.id),
    personInCharge: text('person_in_charge'),
    phone: text('phone'),
    isActive: boolean('is_active').notNull().default(true),
    version: integer('version').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('sites_type_idx').on(t.type),
    index('sites_town_idx').on(t.townId),
    index('sites_unit_path_idx').using('btree', t.unitPath.op('text_pattern_ops')),
    check('sites_type_check', sql.raw(`type in (${list(SITE_TYPES)})`)),
  ],
);
