// The calendar feature's permissions; auth/permissions.ts composes the one table from every feature's list.
export const CALENDAR_PERMISSIONS = [
  /** Enter the year's holiday notice (放假调休) that deadlines are computed with. */
  'calendar.manage',
] as const;
