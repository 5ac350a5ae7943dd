import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { bigId, idParam } from '@chuangwen/domain/common/ids';
import { CASE_NATURES } from '@chuangwen/domain/cases/case.schemas';
import { plainText, publicExposureSchema } from '@chuangwen/domain/citizens/citizen.schemas';
import type { AppDeps } from '../../platform/features/feature';
import { sendPublicImage } from '../citizens/citizen.http';
import { listExposuresForOffice, publicExposure, publicExposurePhoto, publicFeed, publishExposure, withdrawExposure } from './exposure.service';

const idParams = z.object({ id: idParam });
const required = (max: number) => plainText(max).pipe(z.string().min(1));

export const exposureRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const { db } = deps.database;
  const tags = ['exposure'];
  const read = { auth: 'public' as const, rateLimit: { max: deps.config.citizens.readPerMinute, timeWindow: 60_000 } };

  app.get(
    '/public/exposures',
    {
      config: read,
      schema: {
        tags,
        summary: 'The exposure board (曝光台): live posts, newest first, optionally one category; with per-category counts',
        querystring: z.object({
          nature: z.enum(CASE_NATURES).optional(),
          categoryCode: z
            .string()
            .regex(/^\d{2}$/)
            .optional(),
          page: z.coerce.number().int().min(1).max(1000).default(1),
          pageSize: z.coerce.number().int().min(1).max(50).default(10),
        }),
        response: {
          200: z.object({
            items: z.array(publicExposureSchema),
            total: z.number(),
            page: z.number(),
            pageSize: z.number(),
            categories: z.array(z.object({ nature: z.string(), categoryCode: z.string(), categoryName: z.string(), count: z.number() })),
          }),
        },
      },
    },
    async (req) => publicFeed(db, req.query),
  );

  app.get(
    '/public/exposures/:id',
    {
      config: read,
      schema: { tags, summary: 'One live post', params: idParams, response: { 200: publicExposureSchema } },
    },
    async (req) => publicExposure(db, req.params.id),
  );

  for (const variant of ['', '/thumb'] as const) {
    app.get(
      `/public/exposures/:id/photos/:fileId${variant}`,
      {
        config: read,
        schema: { tags, summary: 'A redacted photo of a live post', params: idParams.extend({ fileId: z.uuid() }) },
      },
      async (req, reply) => sendPublicImage(reply, deps.store, await publicExposurePhoto(db, req.params.id, req.params.fileId), variant !== ''),
    );
  }

  app.get(
    '/exposures',
    {
      config: { permission: 'exposure.publish' },
      schema: {
        tags,
        summary: 'Posts of cases in the caller’s scope (live, withdrawn or all)',
        querystring: z.object({
          status: z.enum(['live', 'withdrawn', 'all']).default('live'),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(100).default(20),
        }),
      },
    },
    async (req) => listExposuresForOffice(db, req.actor!, req.query),
  );

  app.post(
    '/exposures',
    {
      config: { permission: 'exposure.publish' },
      schema: {
        tags,
        summary:
          'Publish a case: public title and summary (what was done), optional public address, photos by original file id (each must have a redacted copy)',
        body: z.strictObject({
          caseId: bigId,
          title: required(100),
          summary: required(2000),
          address: plainText(200).nullish(),
          photoFileIds: z.array(z.uuid()).max(6).default([]),
        }),
      },
    },
    async (req, reply) => {
      const row = await publishExposure(db, { ...req.ctx, actor: req.actor! }, req.body);
      return reply.status(201).send({ id: row.id, caseId: row.caseId, publishedAt: row.publishedAt.toISOString() });
    },
  );

  app.post(
    '/exposures/:id/withdraw',
    {
      config: { permission: 'exposure.publish' },
      schema: { tags, summary: 'Withdraw a live post (audited with the reason)', params: idParams, body: z.strictObject({ reason: required(500) }) },
    },
    async (req) => {
      const row = await withdrawExposure(db, { ...req.ctx, actor: req.actor! }, req.params.id, req.body.reason);
      return { id: row.id, withdrawnAt: row.withdrawnAt!.toISOString() };
    },
  );
};
