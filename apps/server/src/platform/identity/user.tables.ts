import { boolean, index, integer, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { units } from './unit.tables';

export const users = pgTable(
  'users',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    username: text('username').notNull().unique(),
    name: text('name').notNull(),
    phone: text('phone'),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    passwordHash: text('password_hash').notNull(),
    isActive: boolean('is_active').notNull().default(true),
    failedLoginCount: integer('failed_login_count').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    locale: text('locale').notNull().default('zh-CN'),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    version: integer('version').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('users_unit_idx').on(t.unitId)],
);

/**
 * Roles are named bundles of permissions. System roles are synced from the domain table and named
 * by the i18n labels (name null); custom roles are the office's own, with a display name.
 */
export const roles = pgTable('roles', {
  code: text('code').primaryKey(),
  name: text('name'),
  permissions: text('permissions').array().notNull(),
  isSystem: boolean('is_system').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A grant gives a user a role on a unit and its whole subtree. */
export const userGrants = pgTable(
  'user_grants',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    roleCode: text('role_code')
      .notNull()
      .references(() => roles.code),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
  },
  (t) => [unique('user_grants_unique').on(t.userId, t.roleCode, t.unitId), index('user_grants_unit_idx').on(t.unitId)],
);
