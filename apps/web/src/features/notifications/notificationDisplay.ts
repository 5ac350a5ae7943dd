import type { TFunction } from 'i18next';
import dayjs from 'dayjs';
import { DISPLAY_TIME_ZONE } from '../../lib/time';
import type { NotificationItem } from './api';

// Pure display helpers of the bell: one sentence per kind, where a click leads, the badge's label.

/** Case kinds the server sends (case.funnel.ts and the overdue job); others fall back to a generic line. */
const CASE_KINDS = new Set([
  'case.dispatch',
  'case.reassign',
  'case.delegate',
  'case.urge',
  'case.verifyFail',
  'case.approveExtension',
  'case.denyExtension',
  'case.unpark',
  'case.reopen',
  'case.return',
  'case.requestExtension',
  'case.submitRectification',
  'case.overdue',
]);
/** Kinds whose sentence names the deadline; each has a `.noDeadline` variant. */
const WITH_DEADLINE = new Set(['case.dispatch', 'case.reassign', 'case.delegate', 'case.approveExtension', 'case.denyExtension', 'case.unpark', 'case.reopen']);

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** A deadline in Shanghai time to the minute; null when absent or unreadable. */
export function formatDeadline(value: unknown): string | null {
  const iso = text(value);
  if (!iso) return null;
  const at = dayjs(iso);
  return at.isValid() ? at.tz(DISPLAY_TIME_ZONE).format('YYYY-MM-DD HH:mm') : null;
}

export function notificationText(t: TFunction, n: Pick<NotificationItem, 'kind' | 'data'>): string {
  const number = text(n.data.number);
  if (n.kind === 'bulletin.published') {
    const title = text(n.data.title) ?? '';
    const rank = typeof n.data.rank === 'number' ? n.data.rank : null;
    const overdue = typeof n.data.overdue === 'number' ? n.data.overdue : 0;
    const head = rank === null ? t('notif.bulletin.published.noRank', { title }) : t('notif.bulletin.published', { title, rank });
    return overdue > 0 ? head + t('notif.bulletin.overdue', { count: overdue }) : head;
  }
  if (CASE_KINDS.has(n.kind) && number) {
    const deadline = formatDeadline(n.data.deadlineAt);
    if (WITH_DEADLINE.has(n.kind) && !deadline) return t(`notif.${n.kind}.noDeadline`, { number });
    return t(`notif.${n.kind}`, { number, deadline });
  }
  return number ? t('notif.case.other', { number }) : t('notif.other');
}

/** Where clicking the notification leads: its case, or the bulletins page. */
export function notificationLink(n: Pick<NotificationItem, 'kind' | 'caseId'>): string | null {
  if (n.caseId !== null) return `/cases/${n.caseId}`;
  if (n.kind.startsWith('bulletin.')) return '/bulletins';
  return null;
}

/** The badge's text: nothing at 0, "99+" beyond 99 (the server counts at most 100). */
export function badgeLabel(count: number): string | null {
  if (count <= 0) return null;
  return count > 99 ? '99+' : String(count);
}
