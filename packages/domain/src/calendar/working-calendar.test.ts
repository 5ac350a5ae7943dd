import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDeadline,
  addWorkingDays,
  addWorkingHours,
  CalendarYearUnknownError,
  calendarYearSchema,
  createWorkingCalendar,
  DEFAULT_WORKING_CALENDAR as cal,
  isWorkingDay,
  isWorkingTime,
  isYearKnown,
  localDate,
  OFFICIAL_CALENDAR_YEARS,
  withCalendarYear,
  withWorkingHours,
  workingHoursBetween,
  workingHoursPerDay,
} from './working-calendar';

/** Shanghai wall time → instant. */
const sh = (local: string) => new Date(`${local}+08:00`);

// Dates below are from the State Council notices (holidays-cn.json):
// 2026 国庆节 10-01 (Thu) … 10-07 (Wed) off, make-up working days Sun 09-20 and Sat 10-10;
// 2026 中秋节 09-25 (Fri) … 09-27 off; 2026 春节 02-15 (Sun) … 02-23 (Mon) off, make-up Sat 02-14
// and Sat 02-28.

describe('the shipped holiday data', () => {
  it('matches the totals of the notices', () => {
    const totals = (y: string) => {
      const periods = OFFICIAL_CALENDAR_YEARS[y]!.periods;
      return [periods.flatMap((p) => p.daysOff).length, periods.flatMap((p) => p.makeUpWorkdays).length];
    };
    expect(totals('2025')).toEqual([28, 5]);
    expect(totals('2026')).toEqual([33, 6]);
    expect(isYearKnown(cal, 2026)).toBe(true);
    expect(isYearKnown(cal, 2027)).toBe(false);
  });
});

describe('isWorkingDay', () => {
  it.each([
    ['2026-09-30', true], // Wed before National Day
    ['2026-10-01', false],
    ['2026-10-07', false], // Wed, still off
    ['2026-10-08', true],
    ['2026-10-10', true], // Sat, make-up working day
    ['2026-10-11', false], // Sun
    ['2026-09-20', true], // Sun, make-up working day
    ['2026-09-25', false], // Fri, Mid-Autumn
    ['2026-02-13', true],
    ['2026-02-14', true], // Sat, make-up
    ['2026-02-16', false],
    ['2026-02-23', false], // Mon, Spring Festival
    ['2026-02-24', true],
    ['2026-02-28', true], // Sat, make-up
    ['2025-01-26', true], // Sun, make-up (2025 notice)
    ['2025-10-08', false],
  ] as const)('%s → %s', (date, expected) => {
    expect(isWorkingDay(cal, date)).toBe(expected);
  });

  it('uses the Shanghai date of an instant, not the UTC date', () => {
    expect(isWorkingDay(cal, new Date('2026-09-30T15:59:59Z'))).toBe(true); // 09-30 23:59:59 local
    expect(isWorkingDay(cal, new Date('2026-09-30T16:00:00Z'))).toBe(false); // 10-01 00:00 local
    expect(localDate(new Date('2026-09-30T16:00:00Z'))).toBe('2026-10-01');
  });

  it('knows working time inside a day', () => {
    expect(isWorkingTime(cal, sh('2026-10-10T08:30:00'))).toBe(true);
    expect(isWorkingTime(cal, sh('2026-10-10T12:00:00'))).toBe(false); // lunch
    expect(isWorkingTime(cal, sh('2026-10-10T17:29:59'))).toBe(true);
    expect(isWorkingTime(cal, sh('2026-10-10T17:30:00'))).toBe(false);
    expect(isWorkingTime(cal, sh('2026-10-02T10:00:00'))).toBe(false);
  });
});

describe('addWorkingHours', () => {
  it.each([
    // start (Shanghai), hours, expected (Shanghai)
    ['2026-09-30T10:00:00', 1, '2026-09-30T11:00:00'],
    ['2026-09-30T11:00:00', 1, '2026-09-30T12:00:00'], // ends exactly at the lunch break
    ['2026-09-30T11:00:00', 1.5, '2026-09-30T14:00:00'], // skips lunch
    ['2026-09-30T07:00:00', 1, '2026-09-30T09:30:00'], // starts counting at 08:30
    ['2026-09-30T12:30:00', 0.5, '2026-09-30T14:00:00'], // starts counting at 13:30
    ['2026-09-30T16:00:00', 1.5, '2026-09-30T17:30:00'], // ends at close, not next morning
    ['2026-09-30T16:00:00', 4, '2026-10-08T11:00:00'], // across National Day: 1.5 h + 2.5 h
    ['2026-10-09T17:00:00', 1, '2026-10-10T09:00:00'], // into the make-up Saturday
    ['2026-10-10T17:00:00', 1, '2026-10-12T09:00:00'], // Sunday is off again
    ['2026-02-13T17:00:00', 1, '2026-02-14T09:00:00'], // make-up Saturday before Spring Festival
    ['2026-02-14T17:00:00', 1, '2026-02-24T09:00:00'], // over the nine days off
    ['2026-10-03T10:00:00', 7.5, '2026-10-08T17:30:00'], // start on a holiday: one full day
    ['2026-09-30T10:00:00', 0, '2026-09-30T10:00:00'],
    ['2026-10-03T10:00:00', 0, '2026-10-03T10:00:00'], // zero means the start, even off-hours
  ] as const)('%s + %s h → %s', (start, hours, expected) => {
    expect(addWorkingHours(cal, sh(start), hours)).toEqual(sh(expected));
  });

  it('refuses negative or non-finite hours', () => {
    expect(() => addWorkingHours(cal, sh('2026-09-30T10:00:00'), -1)).toThrow(RangeError);
    expect(() => addWorkingHours(cal, sh('2026-09-30T10:00:00'), Number.NaN)).toThrow(RangeError);
  });
});

describe('addWorkingDays: close of business of the Nth working day after the start day', () => {
  it.each([
    ['2026-09-29T10:00:00', 1, '2026-09-30T17:30:00'],
    ['2026-09-30T08:00:00', 1, '2026-10-08T17:30:00'], // the start day never counts
    ['2026-09-30T10:00:00', 3, '2026-10-10T17:30:00'], // 10-08, 10-09, Sat 10-10 (make-up)
    ['2026-09-30T10:00:00', 4, '2026-10-12T17:30:00'],
    ['2026-10-03T10:00:00', 1, '2026-10-08T17:30:00'], // start on a holiday
    ['2026-09-18T10:00:00', 1, '2026-09-20T17:30:00'], // Fri → Sun 09-20 (make-up), not Mon
    ['2026-09-24T10:00:00', 1, '2026-09-28T17:30:00'], // Thu → over Mid-Autumn → Mon
    ['2026-02-13T10:00:00', 1, '2026-02-14T17:30:00'],
    ['2026-02-13T10:00:00', 2, '2026-02-24T17:30:00'],
    ['2026-02-13T10:00:00', 0, '2026-02-13T10:00:00'],
  ] as const)('%s + %s d → %s', (start, days, expected) => {
    expect(addWorkingDays(cal, sh(start), days)).toEqual(sh(expected));
  });

  it('refuses fractional days', () => {
    expect(() => addWorkingDays(cal, sh('2026-09-30T10:00:00'), 1.5)).toThrow(RangeError);
  });
});

describe('addDeadline', () => {
  const start = sh('2026-09-30T10:00:00');
  it('dispatches on the unit of the rule', () => {
    expect(addDeadline(cal, start, { amount: 4, unit: 'workingHour' })).toEqual(sh('2026-09-30T15:30:00'));
    expect(addDeadline(cal, sh('2026-09-30T16:00:00'), { amount: 4, unit: 'workingHour' })).toEqual(sh('2026-10-08T11:00:00'));
    expect(addDeadline(cal, start, { amount: 1, unit: 'workingDay' })).toEqual(sh('2026-10-08T17:30:00'));
    expect(addDeadline(cal, start, { amount: 6, unit: 'hour' })).toEqual(sh('2026-09-30T16:00:00'));
    // Calendar days: 24:00 at the end of the Nth day after the start day, holidays included.
    expect(addDeadline(cal, start, { amount: 1, unit: 'day' })).toEqual(sh('2026-10-02T00:00:00'));
    expect(addDeadline(cal, start, { amount: 3, unit: 'day' })).toEqual(sh('2026-10-04T00:00:00'));
  });
});

describe('workingHoursBetween', () => {
  it.each([
    ['2026-09-30T08:30:00', '2026-09-30T17:30:00', 7.5],
    ['2026-09-30T10:00:00', '2026-09-30T14:00:00', 2.5],
    ['2026-09-30T08:30:00', '2026-10-08T12:00:00', 11], // 7.5 + holiday + 3.5
    ['2026-10-01T00:00:00', '2026-10-07T23:59:59', 0],
    ['2026-10-09T17:00:00', '2026-10-12T09:00:00', 8.5], // 0.5 + Sat 7.5 + 0.5
    ['2026-02-14T00:00:00', '2026-02-25T00:00:00', 15], // make-up Sat + Tue 02-24
  ] as const)('%s → %s = %s h', (a, b, hours) => {
    expect(workingHoursBetween(cal, sh(a), sh(b))).toBeCloseTo(hours, 9);
  });

  it('is negative when reversed', () => {
    expect(workingHoursBetween(cal, sh('2026-10-08T12:00:00'), sh('2026-09-30T08:30:00'))).toBeCloseTo(-11, 9);
  });

  it('inverts addWorkingHours (property)', () => {
    const from = new Date('2025-01-01T00:00:00Z').getTime();
    const to = new Date('2026-12-20T00:00:00Z').getTime();
    fc.assert(
      fc.property(fc.integer({ min: from, max: to }), fc.integer({ min: 0, max: 200 * 60 }), (t, minutes) => {
        const start = new Date(t);
        const end = addWorkingHours(cal, start, minutes / 60);
        expect(end.getTime()).toBeGreaterThanOrEqual(t);
        expect(workingHoursBetween(cal, start, end)).toBeCloseTo(minutes / 60, 6);
      }),
      { numRuns: 300 },
    );
  });

  it('addWorkingDays always lands on a working day at close of business (property)', () => {
    const from = new Date('2025-01-01T00:00:00Z').getTime();
    const to = new Date('2026-11-30T00:00:00Z').getTime();
    fc.assert(
      fc.property(fc.integer({ min: from, max: to }), fc.integer({ min: 1, max: 20 }), (t, days) => {
        const end = addWorkingDays(cal, new Date(t), days);
        expect(isWorkingDay(cal, end)).toBe(true);
        expect(end.toISOString().slice(11, 16)).toBe('09:30'); // 17:30 in Shanghai
      }),
      { numRuns: 300 },
    );
  });
});

describe('an office extends the calendar', () => {
  // Hypothetical entries for the test only: the 2027 notice is not published yet.
  const entry2027 = {
    notice: 'test entry',
    periods: [{ name: '春节', daysOff: ['2027-02-08', '2027-02-09'], makeUpWorkdays: ['2027-02-06'] }],
  };

  it('an unknown year falls back to weekdays minus the fixed-date statutory holidays', () => {
    expect(isWorkingDay(cal, '2027-01-01')).toBe(false); // Fri, 元旦
    expect(isWorkingDay(cal, '2027-01-04')).toBe(true);
    expect(isWorkingDay(cal, '2027-10-01')).toBe(false);
    expect(isWorkingDay(cal, '2027-02-08')).toBe(true); // unknown Spring Festival
  });

  it('or throws, if the office prefers', () => {
    const strict = createWorkingCalendar({ unknownYear: 'throw' });
    expect(() => isWorkingDay(strict, '2027-01-04')).toThrow(CalendarYearUnknownError);
    expect(() => addWorkingDays(strict, sh('2026-12-30T10:00:00'), 3)).toThrow(CalendarYearUnknownError);
    expect(isWorkingDay(strict, '2026-12-31')).toBe(true);
  });

  it('entering 2027 as data makes it known', () => {
    const extended = withCalendarYear(cal, 2027, entry2027);
    expect(isYearKnown(extended, 2027)).toBe(true);
    expect(isWorkingDay(extended, '2027-02-08')).toBe(false);
    expect(isWorkingDay(extended, '2027-02-06')).toBe(true); // Sat make-up
    expect(isWorkingDay(extended, '2027-01-01')).toBe(true); // the entry did not list it
    expect(isWorkingDay(extended, '2026-10-01')).toBe(false); // older years kept
    expect(isWorkingDay(cal, '2027-02-08')).toBe(true); // the original is unchanged
  });

  it('validates entries', () => {
    expect(calendarYearSchema.safeParse(entry2027).success).toBe(true);
    const weekdayMakeUp = { periods: [{ name: 'x', daysOff: [], makeUpWorkdays: ['2027-02-08'] }] };
    expect(calendarYearSchema.safeParse(weekdayMakeUp).success).toBe(false);
    const both = { periods: [{ name: 'x', daysOff: ['2027-02-06'], makeUpWorkdays: ['2027-02-06'] }] };
    expect(calendarYearSchema.safeParse(both).success).toBe(false);
    expect(calendarYearSchema.safeParse({ periods: [{ name: 'x', daysOff: ['2027-02-30'], makeUpWorkdays: [] }] }).success).toBe(false);
  });

  it('working hours are configurable', () => {
    const summer = withWorkingHours(cal, [
      { start: '08:00', end: '12:00' },
      { start: '14:30', end: '18:00' },
    ]);
    expect(workingHoursPerDay(summer)).toBe(7.5);
    expect(addWorkingHours(summer, sh('2026-09-30T11:00:00'), 2)).toEqual(sh('2026-09-30T15:30:00'));
    expect(addWorkingDays(summer, sh('2026-09-30T11:00:00'), 1)).toEqual(sh('2026-10-08T18:00:00'));
    expect(() => withWorkingHours(cal, [{ start: '13:00', end: '12:00' }])).toThrow();
    expect(() =>
      withWorkingHours(cal, [
        { start: '08:00', end: '12:00' },
        { start: '11:00', end: '17:00' },
      ]),
    ).toThrow();
  });
});
