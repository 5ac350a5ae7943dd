import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../app';
import { listNotifications } from './notification.service';

export const notificationRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { database }) => {
  app.get('/notifications', {
    config: { auth: 'session' },
    schema: {
      tags: ['notifications'], summary: 'The caller’s units’ notifications, newest first (keyset paged)',
      querystring: z.object({ cursor: z.coerce.number().int().positive().optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
      response: {
        200: z.object({
          items: z.array(z.object({ id: z.number(), unitId: z.number(), kind: z.string(), caseId: z.number().nullable(), data: z.record(z.string(), z.unknown()), createdAt: z.string() })),
          nextCursor: z.number().nullable(),
        }),
      },
    },
  }, async (req) => listNotifications(database.db, req.actor!, req.query.cursor ?? null, req.query.limit));
};
