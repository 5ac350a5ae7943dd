import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { MemoryRouter, Route, Routes } from 'react-router';
import '../../../lib/i18n';
import { NotificationBell } from './NotificationBell';

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

const ITEMS = [
  { id: 12, unitId: 5, kind: 'case.urge', caseId: 40, data: { number: 'SF-2026-000040' }, createdAt: '2026-11-27T06:00:00Z', read: false },
  {
    id: 9,
    unitId: 5,
    kind: 'bulletin.published',
    caseId: null,
    data: { bulletinId: 2, title: '<script>alert(1)</script>周通报', rank: 3, overdue: 0 },
    createdAt: '2026-11-26T06:00:00Z',
    read: true,
  },
];

function stub(routes: { unread: () => Response; list: () => Response }) {
  const posts: unknown[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      if (url.startsWith('/api/notifications/unread')) return routes.unread();
      if (url.startsWith('/api/notifications/read')) {
        posts.push(JSON.parse(String(init?.body)));
        return json({ lastReadId: 12 });
      }
      if (url.startsWith('/api/notifications')) return routes.list();
      return json({ error: { code: 'not_found', message: 'x' } }, 404);
    }),
  );
  return posts;
}

function renderBell() {
  render(
    <AntApp>
      <MemoryRouter initialEntries={['/']}>
        <Routes>
          <Route path="/" element={<NotificationBell />} />
          <Route path="/cases/:id" element={<div data-testid="case-page" />} />
        </Routes>
      </MemoryRouter>
    </AntApp>,
  );
}

describe('NotificationBell', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows 99+ beyond 99, lists sentences, marks all read and opens a case', async () => {
    let unread = 100;
    const posts = stub({ unread: () => json({ count: unread }), list: () => json({ items: ITEMS, nextCursor: null, lastReadId: 9 }) });
    renderBell();
    expect((await screen.findByTestId('notif-count')).textContent).toBe('99+');

    fireEvent.click(screen.getByTestId('notif-bell'));
    const urge = await screen.findByTestId('notif-item-12');
    expect(urge.textContent).toBe('问题 SF-2026-000040 被催办，请尽快整改2026-11-27 14:00:00');
    expect(urge.getAttribute('data-read')).toBe('false');
    expect(screen.getByTestId('notif-item-9').textContent).toContain('通报《<script>alert(1)</script>周通报》已发布，本单位排名第 3');
    expect(document.querySelector('script')).toBeNull();

    unread = 0;
    fireEvent.click(screen.getByTestId('notif-mark-all'));
    await waitFor(() => expect(screen.queryByTestId('notif-count')).toBeNull());
    expect(posts).toEqual([{ upToId: 12 }]);
    expect(screen.getByTestId('notif-item-12').getAttribute('data-read')).toBe('true');

    fireEvent.click(screen.getByTestId('notif-item-12'));
    expect(await screen.findByTestId('case-page')).toBeTruthy();
  });

  it('says so when there is nothing, and offers a retry when the list fails', async () => {
    let fail = true;
    stub({
      unread: () => json({ count: 0 }),
      list: () => (fail ? json({ error: { code: 'internal', message: 'boom' } }, 500) : json({ items: [], nextCursor: null, lastReadId: 0 })),
    });
    renderBell();
    fireEvent.click(screen.getByTestId('notif-bell'));
    expect(await screen.findByTestId('notif-error')).toBeTruthy();
    expect(screen.queryByTestId('notif-count')).toBeNull();
    fail = false;
    fireEvent.click(screen.getByTestId('notif-retry'));
    expect((await screen.findByTestId('notif-empty')).textContent).toContain('暂无通知');
  });
});
