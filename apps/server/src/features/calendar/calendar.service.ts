import { eq, sql } from 'drizzle-orm';
import {
  OFFICIAL_CALENDAR_YEARS,
  createWorkingCalendar,
  isYearKnown,
  localDate,
  type CalendarYear,
  type WorkingCalendar,
} from '@chuangwen/domain/calendar/working-calendar';
import type { Db, Executor } from '../../platform/db/db';
import type { Actor, RequestContext } from '../../platform/auth/actor';
import { recordAudit } from '../../platform/audit/audit.service';
import { conflict } from '../../platform/http/errors';
import { calendarYears } from './calendar.tables';

// The working calendar as data: one row per year's holiday notice. Deadlines are computed with the
// calendar built from these rows; it is cached per process for CACHE_MS (an edit here clears it
// at once; other replicas follow within the cache time).

const CACHE_MS = 60_000;
const cache = new WeakMap<object, { calendar: WorkingCalendar; at: number }>();

/** Inserts the shipped State Council notices for years not in the table yet (never overwrites). */
export async function seedCalendarYears(exec: Executor) {
  for (const [year, entry] of Object.entries(OFFICIAL_CALENDAR_YEARS)) {
    await exec
      .insert(calendarYears)
      .values({ year: Number(year), entry })
      .onConflictDoNothing();
  }
}

export async function loadCalendar(db: Db): Promise<WorkingCalendar> {
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.calendar;
  const rows = await db.select({ year: calendarYears.year, entry: calendarYears.entry }).from(calendarYears);
  const years = rows.length ? Object.fromEntries(rows.map((r) => [String(r.year), r.entry])) : OFFICIAL_CALENDAR_YEARS;
  const calendar = createWorkingCalendar({ years });
  cache.set(db, { calendar, at: Date.now() });
  return calendar;
}

/**
 * The calendar read now (no cache) with a key naming its rows' versions, for work that stores
 * figures computed with it (the dashboard's handling times) and must notice an edit.
 */
export async function loadCalendarWithKey(exec: Executor): Promise<{ calendar: WorkingCalendar; key: string }> {
  const rows = await exec
    .select({ year: calendarYears.year, entry: calendarYears.entry, version: calendarYears.version })
    .from(calendarYears)
    .orderBy(calendarYears.year);
  const years = rows.length ? Object.fromEntries(rows.map((r) => [String(r.year), r.entry])) : OFFICIAL_CALENDAR_YEARS;
  return { calendar: createWorkingCalendar({ years }), key: rows.length ? rows.map((r) => `${r.year}:${r.version}`).join(',') : 'official' };
}

export async function getCalendarYear(db: Db, year: number) {
  const [row] = await db.select().from(calendarYears).where(eq(calendarYears.year, year));
  const calendar = await loadCalendar(db);
  return {
    year,
    known: row != null || isYearKnown(calendar, year),
    entry: row?.entry ?? null,
    version: row?.version ?? 0,
    updatedAt: row?.updatedAt.toISOString() ?? null,
    workingHours: [...calendar.workingHours],
  };
}

/** Enters or replaces a year's notice (e.g. 2027 once published); `version` 0 = the year is new. */
export async function putCalendarYear(db: Db, ctx: RequestContext & { actor: Actor }, year: number, entry: CalendarYear, version: number) {
  await db.transaction(async (tx) => {
    const [row] = await tx.select().from(calendarYears).where(eq(calendarYears.year, year)).for('update');
    if ((row?.version ?? 0) !== version) throw conflict();
    if (row) {
      await tx
        .update(calendarYears)
        .set({ entry, version: sql`${calendarYears.version} + 1`, updatedBy: ctx.actor.userId, updatedAt: sql`now()` })
        .where(eq(calendarYears.year, year));
    } else {
      await tx.insert(calendarYears).values({ year, entry, updatedBy: ctx.actor.userId });
    }
    await recordAudit(tx, ctx, { action: 'calendar.update', entityType: 'calendarYear', entityId: year, before: row?.entry ?? null, after: entry });
  });
  cache.delete(db);
  return getCalendarYear(db, year);
}

/**
 * How far ahead the office is warned of a year without a notice: the longest usual deadlines
 * (a few weeks) and a quarter's planning, so 2027 shows up from early October 2026 — before the
 * State Council's notice (normally November) and long before a deadline crosses into it.
 */
export const CALENDAR_HORIZON_DAYS = 90;
const shanghaiYear = (d: Date) => Number(localDate(d).slice(0, 4));

/** Open cases (in a reader's scope) by the year their deadline falls in; the cases feature counts them. */
export type OpenDeadlineYears = readonly { year: number; openCases: number }[];

/**
 * Years without a holiday notice that matter now: those the open cases' deadlines (in the actor's
 * scope, `openDeadlines`) fall into — computed as Monday–Friday minus the fixed-date holidays, so
 * possibly wrong — and those within the next CALENDAR_HORIZON_DAYS, where new deadlines will fall.
 */
export async function calendarStatus(db: Db, openDeadlines: OpenDeadlineYears, now = new Date()) {
  // Read fresh, not cached: a notice entered on another replica clears the warning at once.
  const { calendar } = await loadCalendarWithKey(db);
  const rows = openDeadlines;
  const missing = new Map<number, { year: number; openCases: number; inHorizon: boolean }>();
  for (const r of rows) {
    if (!isYearKnown(calendar, r.year)) missing.set(r.year, { year: r.year, openCases: r.openCases, inHorizon: false });
  }
  const last = shanghaiYear(new Date(now.getTime() + CALENDAR_HORIZON_DAYS * 86_400_000));
  for (let year = shanghaiYear(now); year <= last; year++) {
    if (isYearKnown(calendar, year)) continue;
    missing.set(year, { year, openCases: missing.get(year)?.openCases ?? 0, inHorizon: true });
  }
  return {
    knownYears: Object.keys(calendar.years)
      .map(Number)
      .sort((a, b) => a - b),
    horizonDays: CALENDAR_HORIZON_DAYS,
    missingYears: [...missing.values()].sort((a, b) => a.year - b.year),
  };
}
