import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { Badge, Button, Popover, Spin, theme } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import '../i18n';
import { fetchUnreadCount } from '../api';
import { badgeLabel } from '../notificationDisplay';

// The list is its own chunk: the shell (first screen) carries only the bell and the count.
const NotificationPanel = lazy(() => import('./NotificationPanel'));

const POLL_MS = 60_000;

/** The header's bell: unread count polled every minute and on window focus; the latest ten on click. */
export function NotificationBell() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const [count, setCount] = useState(0);
  const [open, setOpen] = useState(false);
  const inFlight = useRef<AbortController | null>(null);

  const refresh = useCallback(() => {
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    fetchUnreadCount(controller.signal)
      .then((r) => {
        if (!controller.signal.aborted) setCount(r.count);
      })
      // A missed poll keeps the last count; the next one (or the panel) shows the error.
      .catch(() => {});
  }, []);

  useEffect(() => {
    refresh();
    const timer = window.setInterval(() => {
      if (document.visibilityState !== 'hidden') refresh();
    }, POLL_MS);
    window.addEventListener('focus', refresh);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('focus', refresh);
      inFlight.current?.abort();
    };
  }, [refresh]);

  const label = badgeLabel(count);
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      placement="bottomRight"
      arrow={false}
      destroyOnHidden
      // Drawn only while open (destroyOnHidden), so the panel's chunk loads on the first click.
      content={
        <Suspense
          fallback={
            <div style={{ width: 360, textAlign: 'center', padding: 24 }}>
              <Spin />
            </div>
          }
        >
          <NotificationPanel onClose={() => setOpen(false)} onCountChange={setCount} onChanged={refresh} />
        </Suspense>
      }
    >
      <Button type="text" aria-label={label ? `${t('notif.bell')} (${label})` : t('notif.bell')} data-testid="notif-bell">
        <Badge
          count={
            label ? (
              <span
                data-testid="notif-count"
                style={{
                  background: token.colorError,
                  color: token.colorWhite,
                  borderRadius: 10,
                  minWidth: 20,
                  height: 20,
                  lineHeight: '20px',
                  padding: '0 6px',
                  fontSize: 12,
                  textAlign: 'center',
                  boxShadow: `0 0 0 1px ${token.colorBgContainer}`,
                  whiteSpace: 'nowrap',
                }}
              >
                {label}
              </span>
            ) : (
              0
            )
          }
          size="small"
        >
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
