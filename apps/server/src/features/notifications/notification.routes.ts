import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { bigId, bigIdParam } from '@chuangwen/domain/common/ids';
import type { AppDeps } from '../../platform/features/feature';
import { countUnread, listNotifications, markRead } from './notification.service';

// Every signed-in user reads their own units' notifications; the read state is per user (a
// watermark id), so the routes need a session, not a permission.

const tags = ['notifications'];

export const notificationRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { database }) => {
  app.get(
    '/notifications',
    {
      config: { auth: 'session' },
      schema: {
        tags,
        summary: 'The caller’s units’ notifications, newest first (keyset paged), each marked read when its id is at or below the caller’s watermark',
        querystring: z.object({ cursor: bigIdParam.optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.number(),
                unitId: z.number(),
                kind: z.string(),
                caseId: z.number().nullable(),
                data: z.record(z.string(), z.unknown()),
                createdAt: z.string(),
                read: z.boolean(),
              }),
            ),
            nextCursor: z.number().nullable(),
            lastReadId: z.number(),
          }),
        },
      },
    },
    async (req) => listNotifications(database.db, req.actor!, req.query.cursor ?? null, req.query.limit),
  );

  app.get(
    '/notifications/unread',
    {
      config: { auth: 'session' },
      schema: {
        tags,
        summary: 'How many of the caller’s notifications are unread, counted up to 100 (the bell shows 99+)',
        response: { 200: z.object({ count: z.number() }) },
      },
    },
    async (req) => countUnread(database.db, req.actor!),
  );

  app.post(
    '/notifications/read',
    {
      // Not audited: marking read changes only the caller's own view, no business data.
      config: { auth: 'session' },
      schema: {
        tags,
        summary: 'Mark every notification up to `upToId` read; the watermark only moves forward (and not past the newest notification)',
        body: z.strictObject({ upToId: bigId }),
        response: { 200: z.object({ lastReadId: z.number() }) },
      },
    },
    async (req) => markRead(database.db, req.actor!, req.body.upToId),
  );
};
