import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../platform/features/feature';

/** What the browser needs to know about this deployment before signing in. */
export const configRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { config }) => {
  // Fixed for the life of the process: built once.
  const answer = { tileUrl: config.tileUrl, tileAttribution: config.tileAttribution, version: '0.1.0' };
  app.get(
    '/config',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['platform'],
        summary: 'Public client configuration (map tiles, build)',
        response: { 200: z.object({ tileUrl: z.string().nullable(), tileAttribution: z.string().nullable(), version: z.string() }) },
      },
    },
    async () => answer,
  );
};
