import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { bigId, bigIdParam } from '@chuangwen/domain/common/ids';
import {
  citizenReportInput,
  formatTrackingCode,
  publicCategorySchema,
  publicNearbySchema,
  publicReportSchema,
  redactionInput,
} from '@chuangwen/domain/citizens/citizen.schemas';
import { caseDetailSchema } from '@chuangwen/domain/cases/case.schemas';
import type { AppDeps } from '../../platform/features/feature';
import { AppError } from '../../platform/http/errors';
import { getCaseDetail } from '../cases/case.service';
import { readReportForm, sendPublicImage, validationError } from './citizen.http';
import { getPublicReport, listNearby, listPublicCategories, publicCasePhoto, publicReportPhoto, submitReport } from './citizen.service';
import { acceptReport, listCasePhotos, listQueue, mergeReport, redactPhoto, redactedFile, rejectReport } from './citizen.moderation';
import { citizenStats } from './citizen.stats';
import { loadReference } from '../cases/case.reference';
import { acceptUploads } from '../../platform/http/uploads';

const PUBLIC_AREA_KINDS: readonly string[] = ['district', 'town', 'subdistrict', 'community', 'village'];

const perMinute = (max: number) => ({ max, timeWindow: 60_000 });
const caseIdParams = z.object({ caseId: bigIdParam });
const text = (max: number) => z.string().trim().min(1).max(max);
const submitted = z.object({ trackingCode: z.string(), trackingCodeDisplay: z.string(), number: z.string(), submittedAt: z.string() });

/** Public routes (no sign-in, per-IP limits) under /api/public, the office's under /api/citizens. */
export const citizenRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  await acceptUploads(app);
  const { db } = deps.database;
  const limits = deps.config.citizens;
  const tags = ['citizens'];
  const read = { auth: 'public' as const, rateLimit: perMinute(limits.readPerMinute) };

  app.get(
    '/public/categories',
    {
      config: read,
      schema: {
        tags,
        summary: 'What a citizen can report: every active case subcategory with its service code',
        response: { 200: z.object({ items: z.array(publicCategorySchema) }) },
      },
    },
    async (_req, reply) => reply.header('cache-control', 'public, max-age=300').send({ items: await listPublicCategories(db) }),
  );

  app.get(
    '/public/areas',
    {
      config: read,
      schema: { tags, summary: 'The county’s towns and communities as GeoJSON (the public map’s offline base layer)' },
    },
    async (_req, reply) => {
      const ref = await loadReference(db);
      const features = [...ref.unitsById.values()]
        .filter((u) => u.isActive && u.geometry && PUBLIC_AREA_KINDS.includes(u.kind))
        .map((u) => ({
          type: 'Feature' as const,
          geometry: u.geometry,
          properties: { name: u.name, kind: u.kind },
        }));
      return reply.header('cache-control', 'public, max-age=3600').send({ type: 'FeatureCollection', features });
    },
  );

  app.post(
    '/public/reports',
    {
      config: { auth: 'public', rateLimit: perMinute(limits.submitPerMinute) },
      schema: {
        tags,
        summary:
          'Report a problem (multipart: serviceCode, lon, lat, description, address?, name?, phone?, trackingCode?; ≤ 3 files `photo`). Idempotency-Key: a retry returns the same tracking code (200)',
        consumes: ['multipart/form-data'],
        headers: z.object({ 'idempotency-key': z.string().trim().min(8).max(100).optional() }),
        response: { 200: submitted, 201: submitted },
      },
    },
    async (req, reply) => {
      const { fields, photos } = await readReportForm(req);
      const parsed = citizenReportInput.safeParse(fields);
      if (!parsed.success) throw validationError(req.locale, parsed.error);
      const result = await submitReport({ db, store: deps.store }, req.ctx, parsed.data, {
        channel: 'web',
        photos,
        idempotencyKey: req.headers['idempotency-key'] ?? null,
      });
      return reply.status(result.created ? 201 : 200).send({
        trackingCode: result.trackingCode,
        trackingCodeDisplay: formatTrackingCode(result.trackingCode),
        number: result.number,
        submittedAt: result.submittedAt.toISOString(),
      });
    },
  );

  app.get(
    '/public/reports/:code',
    {
      config: read,
      schema: {
        tags,
        summary: 'A report by its tracking code: public timeline and after-photos (no personal data, no internal notes)',
        params: z.object({ code: z.string().max(20) }),
        response: { 200: publicReportSchema },
      },
    },
    async (req, reply) => reply.header('cache-control', 'no-store').send(await getPublicReport(db, req.params.code)),
  );

  for (const variant of ['', '/thumb'] as const) {
    app.get(
      `/public/reports/:code/photos/:fileId${variant}`,
      {
        config: read,
        schema: {
          tags,
          summary: 'A public after-photo of a report (redacted copy where made)',
          params: z.object({ code: z.string().max(20), fileId: z.uuid() }),
        },
      },
      async (req, reply) => sendPublicImage(reply, deps.store, await publicReportPhoto(db, req.params.code, req.params.fileId), variant !== ''),
    );
    app.get(
      `/public/cases/:number/photos/:fileId${variant}`,
      {
        config: read,
        schema: {
          tags,
          summary: 'A public after-photo of a moderated citizen case (nearby list, Open311 media_url)',
          params: z.object({ number: z.string().max(40), fileId: z.uuid() }),
        },
      },
      async (req, reply) => sendPublicImage(reply, deps.store, await publicCasePhoto(db, req.params.number, req.params.fileId), variant !== ''),
    );
  }

  app.get(
    '/public/reports',
    {
      config: read,
      schema: {
        tags,
        summary: 'Moderated citizen reports of the last 90 days near a point (approximate locations), newest first',
        querystring: z.object({
          lon: z.coerce.number().min(-180).max(180),
          lat: z.coerce.number().min(-90).max(90),
          radius: z.coerce.number().int().min(50).max(5000).default(1000),
          page: z.coerce.number().int().min(1).max(1000).default(1),
          pageSize: z.coerce.number().int().min(1).max(50).default(20),
        }),
        response: { 200: z.object({ items: z.array(publicNearbySchema), total: z.number(), page: z.number(), pageSize: z.number() }) },
      },
    },
    async (req) => listNearby(db, { lon: req.query.lon, lat: req.query.lat, radiusM: req.query.radius, page: req.query.page, pageSize: req.query.pageSize }),
  );

  // ── office ─────────────────────────────────────────────────────────────────────────────────

  app.get(
    '/citizens/queue',
    {
      config: { permission: 'citizen.moderate' },
      schema: {
        tags,
        summary: 'Submitted citizen reports awaiting moderation (oldest first) with reporter contact data and nearby duplicates',
        querystring: z.object({ page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(50).default(20) }),
      },
    },
    async (req) => listQueue(db, req.actor!, req.query),
  );

  const moderate = <B extends z.ZodType>(
    path: string,
    summary: string,
    body: B,
    run: (caseId: number, body: z.output<B>, ctx: Parameters<typeof acceptReport>[1]) => Promise<unknown>,
  ) =>
    app.post(
      `/citizens/reports/:caseId/${path}`,
      {
        config: { permission: 'citizen.moderate' },
        schema: { tags, summary, params: caseIdParams, body, response: { 200: caseDetailSchema } },
      },
      async (req) => {
        const ctx = { ...req.ctx, actor: req.actor! };
        await run(req.params.caseId, req.body as z.output<B>, ctx);
        return getCaseDetail(db, ctx.actor, req.params.caseId, { justActed: true });
      },
    );
  const version = z.number().int().min(1);
  moderate(
    'accept',
    'Accept a citizen report (the case funnel’s accept); it then follows the normal workflow',
    z.strictObject({ version, note: text(2000).optional() }),
    (id, body, ctx) => acceptReport(db, ctx, id, body),
  );
  moderate(
    'reject',
    'Reject with a reason the public sees on the report’s timeline (the funnel’s reject)',
    z.strictObject({ version, reason: text(500) }),
    (id, body, ctx) => rejectReport(db, ctx, id, body),
  );
  moderate(
    'merge',
    'Merge as a duplicate of an existing case: rejected with a public reason naming it, linked, and noted on the original',
    z.strictObject({ version, duplicateOfCaseId: bigId }),
    (id, body, ctx) => mergeReport(db, ctx, id, body),
  );

  app.get(
    '/citizens/cases/:caseId/photos',
    {
      config: { permission: 'citizen.moderate' },
      schema: { tags, summary: 'A case’s photos with their public (redacted) copies, for the redaction tool and exposure publishing', params: caseIdParams },
    },
    async (req) => listCasePhotos(db, req.actor!, req.params.caseId),
  );

  app.post(
    '/citizens/cases/:caseId/photos/:fileId/redact',
    {
      config: { permission: 'citizen.moderate' },
      schema: {
        tags,
        summary: 'Make the public copy of a photo: rectangles (fractions 0–1 of width/height) blurred or filled; [] = checked, nothing to hide',
        params: caseIdParams.extend({ fileId: z.uuid() }),
        body: redactionInput,
      },
    },
    async (req) => redactPhoto({ db, store: deps.store }, { ...req.ctx, actor: req.actor! }, req.params.caseId, req.params.fileId, req.body),
  );

  for (const variant of ['', '/thumb'] as const) {
    app.get(
      `/citizens/cases/:caseId/redactions/:fileId${variant}`,
      {
        config: { permission: 'citizen.moderate' },
        schema: { tags, summary: 'The redacted copy of a case photo (staff preview)', params: caseIdParams.extend({ fileId: z.uuid() }) },
      },
      async (req, reply) => {
        const file = await redactedFile(db, req.actor!, req.params.caseId, req.params.fileId);
        const key = variant ? file.thumbKey : file.storageKey;
        const data = key ? await deps.store.get(key) : null;
        if (!data) throw new AppError(404, 'not_found', 'not_found');
        return reply.type('image/jpeg').header('cache-control', 'private, no-cache').header('x-content-type-options', 'nosniff').send(data);
      },
    );
  }

  app.get(
    '/citizens/stats',
    {
      config: { permission: 'citizen.view' },
      schema: {
        tags,
        summary:
          'Citizen-report statistics of reports submitted in [from, to): volume by category and area, share accepted, median hours to first response and to closure',
        querystring: z.object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) }),
      },
    },
    async (req) => {
      const from = new Date(req.query.from);
      const to = new Date(req.query.to);
      if (!(to > from)) throw new AppError(400, 'validation_failed', 'v.invalid', {}, [{ path: 'to', message: 'to > from' }]);
      return citizenStats(db, req.actor!, from, to);
    },
  );
};
