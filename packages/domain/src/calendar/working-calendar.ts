import { z } from 'zod';
import officialHolidays from './holidays-cn.json';

// Working-time calendar for case deadlines (处置时限) and handling times. Pure data + functions, no
// timezone library: China has used UTC+8 without daylight saving since 1991, so local wall time is
// always UTC + 8 h.
//
// Definitions (every function below follows them):
// - A *local day* is a calendar date in Asia/Shanghai (UTC+8).
// - A local day is a *working day* if it is listed as a make-up working day (调休上班), else not if
//   it is listed as a day off (放假), else if it is Monday–Friday. Listed dates come from the State
//   Council notices (holidays-cn.json) plus whatever the office enters (e.g. 2027 once published).
// - *Working time* is the union of the configured working periods (default 08:30–12:00 and
//   13:30–17:30 local, 7.5 h a day) on working days. Periods are half-open [start, end).
// - `addWorkingHours(start, h)`: the instant at which h hours of working time have elapsed since
//   `start`. If `start` lies outside working time, counting begins at the next working period. If the
//   count is used up exactly at the end of a period the result is that end (17:30), not the next
//   morning.
// - `addWorkingDays(start, n)` ("N working days from a time"): the close of business (end of the
//   last working period, 17:30) of the Nth working day *after* the local day of `start`. The start
//   day itself never counts, whatever the time of day — the rule of the Civil Code art. 201 ("开始的当日
//   不计入") and art. 203 ("有业务时间的，停止业务活动的时间为截止时间"). So a case dispatched on
//   Friday 09:00 with 1 working day is due Monday 17:30 (or later across a holiday).
// - `addDeadline(start, {amount, unit: 'day'})` (calendar days, 天): 24:00 local at the end of the Nth
//   calendar day after the start day (Civil Code art. 201/203), holidays included.
//   `unit: 'hour'` (calendar hours, 小时): exactly amount × 60 min later.
// - An amount of 0 returns `start` unchanged for every unit.
// - `workingHoursBetween(a, b)`: working time inside [a, b) in hours (fractional); negative if b < a.
// - A year with no entered notice is *unknown*. Policy 'fallback' (default) treats it as Monday–Friday
//   minus the fixed-date statutory holidays of 《全国年节及纪念日放假办法》 (1 Jan, 1–2 May, 1–3 Oct);
//   the lunar holidays cannot be known without the notice, so `isYearKnown` lets the UI warn.
//   Policy 'throw' raises CalendarYearUnknownError instead.

const MS_MINUTE = 60_000;
const MS_HOUR = 3_600_000;
const MS_DAY = 86_400_000;
/** Asia/Shanghai is UTC+8 all year (no DST since 1991). */
export const SHANGHAI_UTC_OFFSET_MINUTES = 480;
const OFFSET_MS = SHANGHAI_UTC_OFFSET_MINUTES * MS_MINUTE;
/** Guard against a calendar with no working time at all (e.g. every day entered as off). */
const MAX_SCAN_DAYS = 3660;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const isoDate = z
  .string()
  .regex(ISO_DATE, 'YYYY-MM-DD')
  .refine((s) => {
    const t = Date.parse(`${s}T00:00:00Z`);
    return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === s;
  }, 'not a calendar date');

const timeOfDay = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM');

export const workingPeriodSchema = z
  .strictObject({ start: timeOfDay, end: timeOfDay })
  .refine((p) => minutesOf(p.start) < minutesOf(p.end), 'start must be before end');
export type WorkingPeriod = z.infer<typeof workingPeriodSchema>;

export const workingHoursSchema = z
  .array(workingPeriodSchema)
  .min(1)
  .max(8)
  .refine((ps) => ps.every((p, i) => i === 0 || minutesOf(ps[i - 1]!.end) <= minutesOf(p.start)), 'periods must be in order and must not overlap');

export const DEFAULT_WORKING_HOURS: readonly WorkingPeriod[] = [
  { start: '08:30', end: '12:00' },
  { start: '13:30', end: '17:30' },
];

/** One holiday period of a notice, e.g. 国庆节 with its days off and make-up working days. */
export const holidayPeriodSchema = z.strictObject({
  name: z.string().trim().min(1).max(50),
  daysOff: z.array(isoDate).max(31),
  makeUpWorkdays: z.array(isoDate).max(10),
});
export type HolidayPeriod = z.infer<typeof holidayPeriodSchema>;

/** One year's notice as an office enters it (2027 etc.). Make-up working days must be weekends. */
export const calendarYearSchema = z
  .strictObject({
    notice: z.string().trim().max(200).optional(),
    issued: isoDate.optional(),
    source: z.string().trim().max(500).optional(),
    periods: z.array(holidayPeriodSchema).max(20),
  })
  .superRefine((year, ctx) => {
    const off = new Set(year.periods.flatMap((p) => p.daysOff));
    year.periods.forEach((p, i) =>
      p.makeUpWorkdays.forEach((d, j) => {
        if (off.has(d)) ctx.addIssue({ code: 'custom', path: ['periods', i, 'makeUpWorkdays', j], message: 'also listed as a day off' });
        const wd = weekdayOfDay(dayIndexOfIsoDate(d));
        if (wd !== 0 && wd !== 6)
          ctx.addIssue({ code: 'custom', path: ['periods', i, 'makeUpWorkdays', j], message: 'a make-up working day must be a Saturday or Sunday' });
      }),
    );
  });
export type CalendarYear = z.infer<typeof calendarYearSchema>;

export const calendarYearKey = z.string().regex(/^\d{4}$/);
export const calendarYearsSchema = z.record(calendarYearKey, calendarYearSchema);
export type CalendarYears = Record<string, CalendarYear>;

/** The State Council notices shipped with the code (2025, 2026). */
export const OFFICIAL_CALENDAR_YEARS: CalendarYears = officialHolidays.years;

export type UnknownYearPolicy = 'fallback' | 'throw';

export type WorkingCalendar = {
  /** The data, as entered; edit with `withCalendarYear` and store it as it is. */
  readonly years: Readonly<CalendarYears>;
  readonly workingHours: readonly WorkingPeriod[];
  readonly unknownYear: UnknownYearPolicy;
  // Derived lookups.
  readonly daysOff: ReadonlySet<string>;
  readonly makeUpWorkdays: ReadonlySet<string>;
  readonly periodMinutes: readonly (readonly [start: number, end: number])[];
};

export type WorkingCalendarOptions = {
  years?: CalendarYears;
  workingHours?: readonly WorkingPeriod[];
  unknownYear?: UnknownYearPolicy;
};

export class CalendarYearUnknownError extends Error {
  readonly code = 'calendarYearUnknown';
  constructor(readonly year: number) {
    super(`No holiday notice entered for ${year}`);
    this.name = 'CalendarYearUnknownError';
  }
}

/** Builds a calendar from data. Throws a ZodError when the data is invalid. */
export function createWorkingCalendar(options: WorkingCalendarOptions = {}): WorkingCalendar {
  const years = calendarYearsSchema.parse(options.years ?? OFFICIAL_CALENDAR_YEARS);
  const workingHours = workingHoursSchema.parse(options.workingHours ?? DEFAULT_WORKING_HOURS);
  const daysOff = new Set<string>();
  const makeUpWorkdays = new Set<string>();
  for (const year of Object.values(years)) {
    for (const period of year.periods) {
      period.daysOff.forEach((d) => daysOff.add(d));
      period.makeUpWorkdays.forEach((d) => makeUpWorkdays.add(d));
    }
  }
  return {
    years,
    workingHours,
    unknownYear: options.unknownYear ?? 'fallback',
    daysOff,
    makeUpWorkdays,
    periodMinutes: workingHours.map((p) => [minutesOf(p.start), minutesOf(p.end)] as const),
  };
}

/** A new calendar with one year's notice added or replaced (how an office enters 2027). */
export function withCalendarYear(calendar: WorkingCalendar, year: number | string, entry: CalendarYear): WorkingCalendar {
  return createWorkingCalendar({
    years: { ...calendar.years, [String(year)]: entry },
    workingHours: calendar.workingHours,
    unknownYear: calendar.unknownYear,
  });
}

/** The same calendar with other working hours (e.g. summer hours 08:00–12:00, 14:30–18:00). */
export function withWorkingHours(calendar: WorkingCalendar, workingHours: readonly WorkingPeriod[]): WorkingCalendar {
  return createWorkingCalendar({ years: calendar.years, workingHours, unknownYear: calendar.unknownYear });
}

/** The official calendar with default hours. */
export const DEFAULT_WORKING_CALENDAR: WorkingCalendar = createWorkingCalendar();

export function isYearKnown(calendar: WorkingCalendar, year: number): boolean {
  return Object.hasOwn(calendar.years, String(year));
}

/** Whether the local (UTC+8) day of `date` — or the given 'YYYY-MM-DD' — is a working day. */
export function isWorkingDay(calendar: WorkingCalendar, date: Date | string): boolean {
  return isWorkingDayIndex(calendar, typeof date === 'string' ? dayIndexOfIsoDate(date) : localDayIndex(date.getTime()));
}

/** Whether `date` falls inside working time. */
export function isWorkingTime(calendar: WorkingCalendar, date: Date): boolean {
  const t = date.getTime();
  const day = localDayIndex(t);
  if (!isWorkingDayIndex(calendar, day)) return false;
  const start = dayStartUtc(day);
  return calendar.periodMinutes.some(([s, e]) => t >= start + s * MS_MINUTE && t < start + e * MS_MINUTE);
}

/** The local calendar date ('YYYY-MM-DD', UTC+8) of an instant. */
export function localDate(date: Date): string {
  return isoDateOfDay(localDayIndex(date.getTime()));
}

export function addWorkingHours(calendar: WorkingCalendar, start: Date, hours: number): Date {
  assertAmount(hours, 'hours', false);
  let remaining = Math.round(hours * MS_HOUR);
  const t0 = start.getTime();
  if (remaining === 0) return new Date(t0);
  const firstDay = localDayIndex(t0);
  for (let day = firstDay; day < firstDay + MAX_SCAN_DAYS; day++) {
    if (!isWorkingDayIndex(calendar, day)) continue;
    const dayStart = dayStartUtc(day);
    for (const [s, e] of calendar.periodMinutes) {
      const from = Math.max(dayStart + s * MS_MINUTE, t0);
      const to = dayStart + e * MS_MINUTE;
      if (from >= to) continue;
      if (remaining <= to - from) return new Date(from + remaining);
      remaining -= to - from;
    }
  }
  throw new RangeError(`no working time found within ${MAX_SCAN_DAYS} days`);
}

export function addWorkingDays(calendar: WorkingCalendar, start: Date, days: number): Date {
  assertAmount(days, 'days', true);
  if (days === 0) return new Date(start.getTime());
  let day = localDayIndex(start.getTime());
  const limit = day + MAX_SCAN_DAYS;
  let counted = 0;
  while (counted < days) {
    day++;
    if (day > limit) throw new RangeError(`no working day found within ${MAX_SCAN_DAYS} days`);
    if (isWorkingDayIndex(calendar, day)) counted++;
  }
  return new Date(dayStartUtc(day) + closeOfBusinessMinutes(calendar) * MS_MINUTE);
}

export const DEADLINE_UNITS = ['workingHour', 'workingDay', 'hour', 'day'] as const;
export type DeadlineUnit = (typeof DEADLINE_UNITS)[number];

/** A subcategory's limit, e.g. {amount: 4, unit: 'workingHour'} for exposed garbage. */
export const deadlineRuleSchema = z
  .strictObject({ amount: z.number().positive().max(10_000), unit: z.enum(DEADLINE_UNITS) })
  .refine((r) => (r.unit === 'workingDay' || r.unit === 'day' ? Number.isInteger(r.amount) : true), {
    message: 'days must be whole',
    path: ['amount'],
  });
export type DeadlineRule = z.infer<typeof deadlineRuleSchema>;

export function addDeadline(calendar: WorkingCalendar, start: Date, rule: DeadlineRule): Date {
  switch (rule.unit) {
    case 'workingHour':
      return addWorkingHours(calendar, start, rule.amount);
    case 'workingDay':
      return addWorkingDays(calendar, start, rule.amount);
    case 'hour':
      assertAmount(rule.amount, 'hours', false);
      return new Date(start.getTime() + Math.round(rule.amount * MS_HOUR));
    case 'day':
      assertAmount(rule.amount, 'days', true);
      if (rule.amount === 0) return new Date(start.getTime());
      return new Date(dayStartUtc(localDayIndex(start.getTime()) + rule.amount + 1));
  }
}

export function workingHoursBetween(calendar: WorkingCalendar, a: Date, b: Date): number {
  return workingMsBetween(calendar, a, b) / MS_HOUR;
}

/** Working time between two instants in whole milliseconds (exact, so sums of them are exact). */
export function workingMsBetween(calendar: WorkingCalendar, a: Date, b: Date): number {
  const ta = a.getTime();
  const tb = b.getTime();
  if (tb < ta) return -workingMsBetween(calendar, b, a);
  let total = 0;
  const lastDay = localDayIndex(tb);
  for (let day = localDayIndex(ta); day <= lastDay; day++) {
    if (!isWorkingDayIndex(calendar, day)) continue;
    const dayStart = dayStartUtc(day);
    for (const [s, e] of calendar.periodMinutes) {
      const from = Math.max(dayStart + s * MS_MINUTE, ta);
      const to = Math.min(dayStart + e * MS_MINUTE, tb);
      if (to > from) total += to - from;
    }
  }
  return total;
}

/** Working hours in one full working day under this calendar (7.5 by default). */
export function workingHoursPerDay(calendar: WorkingCalendar): number {
  return calendar.periodMinutes.reduce((sum, [s, e]) => sum + (e - s), 0) / 60;
}

// ── internals ────────────────────────────────────────────────────────────────────────────────

/** Fixed-date statutory holidays (《全国年节及纪念日放假办法》, 2024 revision) used for unknown years. */
const FIXED_STATUTORY_HOLIDAYS = new Set(['01-01', '05-01', '05-02', '10-01', '10-02', '10-03']);

function isWorkingDayIndex(calendar: WorkingCalendar, day: number): boolean {
  const key = isoDateOfDay(day);
  if (calendar.makeUpWorkdays.has(key)) return true;
  if (calendar.daysOff.has(key)) return false;
  const year = Number(key.slice(0, 4));
  const weekday = weekdayOfDay(day);
  const isWeekday = weekday !== 0 && weekday !== 6;
  if (isYearKnown(calendar, year)) return isWeekday;
  if (calendar.unknownYear === 'throw') throw new CalendarYearUnknownError(year);
  return isWeekday && !FIXED_STATUTORY_HOLIDAYS.has(key.slice(5));
}

function closeOfBusinessMinutes(calendar: WorkingCalendar): number {
  return calendar.periodMinutes[calendar.periodMinutes.length - 1]![1];
}

function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** Days since 1970-01-01 of the local (UTC+8) date of an instant. */
function localDayIndex(t: number): number {
  if (!Number.isFinite(t)) throw new RangeError('invalid date');
  return Math.floor((t + OFFSET_MS) / MS_DAY);
}

/** The instant (UTC ms) of local midnight starting that day. */
function dayStartUtc(day: number): number {
  return day * MS_DAY - OFFSET_MS;
}

function isoDateOfDay(day: number): string {
  return new Date(day * MS_DAY).toISOString().slice(0, 10);
}

function dayIndexOfIsoDate(s: string): number {
  if (!ISO_DATE.test(s)) throw new RangeError(`not a date: ${s}`);
  return Math.floor(Date.parse(`${s}T00:00:00Z`) / MS_DAY);
}

function weekdayOfDay(day: number): number {
  return new Date(day * MS_DAY).getUTCDay();
}

function assertAmount(value: number, what: string, integer: boolean): void {
  if (!Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    throw new RangeError(`${what} must be a ${integer ? 'whole ' : ''}number ≥ 0, got ${value}`);
  }
}
