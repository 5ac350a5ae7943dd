import { useState, type ReactElement, type ReactNode } from 'react';
import { Alert, Button, Empty, Spin, theme, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useShowError } from '../../../lib/feedback';
import { formatDateTime } from '../../../lib/time';
import { useRequest } from '../../../lib/useRequest';
import { listNotifications, markNotificationsRead, type NotificationItem } from '../api';
import { formatDeadline, notificationLink, notificationText } from '../notificationDisplay';

const LATEST = 10;

/** Keeps the case number and the deadline on one line each: a narrow popover must not break "2026-\n11-30". */
function keepTogether(line: string, pieces: (string | null)[]): (string | ReactElement)[] {
  let parts: (string | ReactElement)[] = [line];
  let key = 0;
  for (const piece of pieces) {
    if (!piece) continue;
    parts = parts.flatMap((part): (string | ReactElement)[] =>
      typeof part === 'string'
        ? part.split(piece).flatMap((text, i) =>
            i === 0
              ? [text]
              : [
                  <span key={key++} style={{ whiteSpace: 'nowrap' }}>
                    {piece}
                  </span>,
                  text,
                ],
          )
        : [part],
    );
  }
  return parts;
}

type Props = {
  onClose: () => void;
  /** The bell's count after "mark all as read", before the next poll confirms it. */
  onCountChange: (count: number) => void;
  onChanged: () => void;
};

/** The bell's popover: the latest notifications, unread ones bold with a dot. Loaded on first open. */
export default function NotificationPanel({ onClose, onCountChange, onChanged }: Props) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const navigate = useNavigate();
  const showError = useShowError();
  const { data, error, loading, reload } = useRequest((signal) => listNotifications(LATEST, signal), 'latest');
  const [readUpTo, setReadUpTo] = useState(0);
  const [marking, setMarking] = useState(false);

  const items = data?.items ?? [];
  const isRead = (n: NotificationItem) => n.read || n.id <= readUpTo;
  const anyUnread = items.some((n) => !isRead(n));

  const markAll = () => {
    const newest = items[0];
    if (!newest) return;
    setMarking(true);
    markNotificationsRead(newest.id)
      .then((r) => {
        setReadUpTo(r.lastReadId);
        onCountChange(0);
        onChanged(); // notifications newer than the list (arrived meanwhile) stay counted
      })
      .catch(showError)
      .finally(() => setMarking(false));
  };

  const open = (n: NotificationItem) => {
    const link = notificationLink(n);
    if (!link) return;
    onClose();
    navigate(link);
  };

  let body: ReactNode;
  if (loading && !data)
    body = (
      <div style={{ textAlign: 'center', padding: 24 }}>
        <Spin />
      </div>
    );
  else if (error) {
    body = (
      <Alert
        type="error"
        showIcon
        title={t('notif.loadFailed')}
        action={
          <Button size="small" onClick={reload} data-testid="notif-retry">
            {t('notif.retry')}
          </Button>
        }
        data-testid="notif-error"
      />
    );
  } else if (items.length === 0) body = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notif.empty')} data-testid="notif-empty" />;
  else {
    body = (
      <ul style={{ listStyle: 'none', margin: 0, padding: 0, maxHeight: 420, overflowY: 'auto' }}>
        {items.map((n) => {
          const unread = !isRead(n);
          const link = notificationLink(n);
          return (
            <li key={n.id} style={{ borderBottom: `1px solid ${token.colorSplit}` }}>
              <div
                role={link ? 'link' : undefined}
                tabIndex={link ? 0 : undefined}
                onClick={() => open(n)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') open(n);
                }}
                data-testid={`notif-item-${n.id}`}
                data-read={unread ? 'false' : 'true'}
                style={{ display: 'flex', gap: 8, padding: '10px 4px', cursor: link ? 'pointer' : 'default' }}
              >
                <span
                  aria-label={unread ? t('notif.unread') : undefined}
                  style={{ flex: '0 0 8px', height: 8, marginTop: 7, borderRadius: 4, background: unread ? token.colorPrimary : 'transparent' }}
                />
                <span style={{ minWidth: 0 }}>
                  <Typography.Text strong={unread} style={{ display: 'block' }}>
                    {keepTogether(notificationText(t, n), [typeof n.data.number === 'string' ? n.data.number : null, formatDeadline(n.data.deadlineAt)])}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDateTime(n.createdAt)}
                  </Typography.Text>
                </span>
              </div>
            </li>
          );
        })}
      </ul>
    );
  }

  return (
    <div style={{ width: 360, maxWidth: 'calc(100vw - 32px)' }} data-testid="notif-panel">
      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', paddingBottom: 8, borderBottom: `1px solid ${token.colorSplit}` }}>
        <Typography.Text strong>{t('notif.title')}</Typography.Text>
        <Button size="small" type="link" onClick={markAll} loading={marking} disabled={!anyUnread} data-testid="notif-mark-all">
          {t('notif.markAll')}
        </Button>
      </div>
      {body}
    </div>
  );
}
