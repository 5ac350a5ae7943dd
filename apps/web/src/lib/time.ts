import dayjs, { type Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

/** The server stores UTC; offices read times in China Standard Time whatever the browser says. */
export const DISPLAY_TIME_ZONE = 'Asia/Shanghai';

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const value = dayjs.utc(iso);
  return value.isValid() ? value.tz(DISPLAY_TIME_ZONE).format('YYYY-MM-DD HH:mm:ss') : '—';
}

/** Start of the picked calendar day in Shanghai, as a UTC ISO string for the API. */
export function startOfDayIso(day: Dayjs): string {
  return dayjs.tz(day.format('YYYY-MM-DD'), DISPLAY_TIME_ZONE).startOf('day').toISOString();
}

export function endOfDayIso(day: Dayjs): string {
  return dayjs.tz(day.format('YYYY-MM-DD'), DISPLAY_TIME_ZONE).endOf('day').toISOString();
}
