import { integer, jsonb, pgTable, timestamp } from 'drizzle-orm/pg-core';
import type { CalendarYear } from '@chuangwen/domain/calendar/working-calendar';

/** The holiday notice of each year (放假调休), seeded from the State Council data, editable by the office. */
export const calendarYears = pgTable('calendar_years', {
  year: integer('year').primaryKey(),
  entry: jsonb('entry').$type<CalendarYear>().notNull(),
  version: integer('version').notNull().default(1),
  updatedBy: integer('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
