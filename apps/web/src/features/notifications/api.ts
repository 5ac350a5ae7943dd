import { api } from '../../lib/api';

/** One notification as GET /api/notifications returns it; `data` depends on `kind`. */
export type NotificationItem = {
  id: number;
  unitId: number;
  kind: string;
  caseId: number | null;
  data: Record<string, unknown>;
  createdAt: string;
  read: boolean;
};

export type NotificationPage = { items: NotificationItem[]; nextCursor: number | null; lastReadId: number };

export const fetchUnreadCount = (signal?: AbortSignal) => api.get<{ count: number }>('/api/notifications/unread', undefined, signal);

export const listNotifications = (limit: number, signal?: AbortSignal) => api.get<NotificationPage>('/api/notifications', { limit }, signal);

/** Marks everything up to `upToId` read (the server keeps one watermark per user, never moved back). */
export const markNotificationsRead = (upToId: number) => api.post<{ lastReadId: number }>('/api/notifications/read', { upToId });
