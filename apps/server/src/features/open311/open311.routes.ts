import { z } from 'zod';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam } from '@chuangwen/domain/common/ids';
import { formatTrackingCode, plainText } from '@chuangwen/domain/citizens/citizen.schemas';
import type { AppDeps } from '../../platform/features/feature';
import { AppError } from '../../platform/http/errors';
import { t } from '../../platform/http/messages';
import { zodFieldErrors } from '../citizens/citizen.http';
import { categoryOf, submitReport } from '../citizens/citizen.service';
import { loadReference } from '../cases/case.reference';
import { formatOfUrl, sendOpen311, splitFormat, type Open311Format } from './open311.format';
import { KeyRateLimiter, createApiKey, listApiKeys, revokeApiKey, verifyApiKey } from './open311.keys';
import { discovery, findRequest, listRequestUpdates, listRequests, listServices, resolveToken, serviceDefinition } from './open311.service';
import { acceptUploads } from '../../platform/http/uploads';

// Open311 GeoReport v2 under /open311/v2 (outside /api: its own error format, form-encoded POSTs,
// no session). Errors are `[{code, description}]` / `<errors><error>…`: 400 bad input, 403 api_key,
// 404 unknown resource, 429 over a rate limit (with Retry-After). One per-IP bucket covers every
// route of the API (and unknown paths); API keys have their own per-key limit on POST.

class Open311Error extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
    readonly retryAfter: number | null = null,
  ) {
    super(description);
  }
}

const MAX_RANGE_MS = 90 * 86_400_000;
const hide = { hide: true };

/** Empty parameters count as absent (GeoReport v2 "optional parameter" rule). */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const csv = (max: number) =>
  optional(
    z
      .string()
      .max(4000)
      .transform((s) =>
        s
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().max(40)).min(1).max(max)),
  );
const datetime = optional(z.iso.datetime({ offset: true }).transform((s) => new Date(s)));
const extendedStatuses = optional(z.enum(['true', 'false']));

const listQuery = z
  .object({
    jurisdiction_id: z.string().max(100).optional(),
    service_request_id: csv(200),
    service_code: csv(200),
    start_date: datetime,
    end_date: datetime,
    status: optional(
      z
        .string()
        .max(20)
        .transform((s) =>
          s
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean),
        )
        .pipe(z.array(z.enum(['open', 'closed'])).min(1)),
    ),
    page: optional(z.coerce.number().int().min(1).max(100_000)).default(1),
    page_size: optional(z.coerce.number().int().min(1).max(1000)).default(1000),
    extended_statuses: extendedStatuses,
    // Extensions (FixMyStreet-style clients): near a point, and changed in a period.
    lat: optional(z.coerce.number().min(-90).max(90)),
    long: optional(z.coerce.number().min(-180).max(180)),
    radius: optional(z.coerce.number().positive().max(50_000)),
    updated_after: datetime,
    updated_before: datetime,
  })
  .loose();

/** mySociety's GET servicerequestupdates: a period of updates, optionally after / before an update_id. */
const updatesQuery = z
  .object({
    jurisdiction_id: z.string().max(100).optional(),
    start_date: datetime,
    end_date: datetime,
    after: optional(z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER)),
    before: optional(z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER)),
    page_size: optional(z.coerce.number().int().min(1).max(1000)).default(1000),
    extended_statuses: extendedStatuses,
  })
  .loose();

/** A default radius for lat/long without one (metres). */
const DEFAULT_RADIUS_M = 1000;

const postBody = z
  .object({
    api_key: z.string().optional(),
    jurisdiction_id: z.string().max(100).optional(),
    service_code: optional(z.string().max(40)),
    lat: optional(z.coerce.number().min(-90).max(90)),
    long: optional(z.coerce.number().min(-180).max(180)),
    address_string: optional(plainText(300)),
    address_id: optional(z.string().max(100)),
    email: optional(z.string().trim().max(200)),
    device_id: optional(z.string().max(200)),
    account_id: optional(z.string().max(200)),
    first_name: optional(plainText(50)),
    last_name: optional(plainText(50)),
    phone: optional(
      z
        .string()
        .trim()
        .max(30)
        .regex(/^[0-9+\-\s()]*$/, { message: 'v.format' }),
    ),
    description: optional(plainText(4000)),
    media_url: optional(z.string().max(2000)),
  })
  .loose();

/** `a=1&b=2` → object; repeated keys keep the last value (attribute[x][] lists are not used by our services). */
function parseForm(body: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(body)) out[k] = v;
  return out;
}

/** [start, end] from optional bounds: a missing one is 90 days from the other (or now); at most 90 days. */
function period(start: Date | undefined, end: Date | undefined, what: string): { start: Date; end: Date } {
  const e = end ?? (start ? new Date(start.getTime() + MAX_RANGE_MS) : new Date());
  const s = start ?? new Date(e.getTime() - MAX_RANGE_MS);
  if (e <= s || e.getTime() - s.getTime() > MAX_RANGE_MS) throw new Open311Error(400, `${what}: the range must be positive and at most 90 days`);
  return { start: s, end: e };
}

export const open311Routes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  await acceptUploads(app);
  const { db } = deps.database;
  const limits = deps.config.citizens;
  const baseUrl = deps.config.publicUrl;
  const keyLimiter = new KeyRateLimiter();
  // One bucket per IP for the whole API: a per-route limit would multiply the budget by the routes.
  const perIp = app.createRateLimit({ max: limits.open311PerMinute, timeWindow: 60_000 });
  app.addHook('onRequest', async (req) => {
    const r = await perIp(req);
    if (!r.isAllowed && r.isExceeded) throw new Open311Error(429, t(req.locale, 'rate_limited', { seconds: r.ttlInSeconds }), Math.max(1, r.ttlInSeconds));
  });

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
    try {
      done(null, parseForm(body as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });

  const fail = (reply: FastifyReply, format: Open311Format, status: number, description: string) =>
    sendOpen311(reply, format, 'errors', [{ code: status, description }], status);

  app.setErrorHandler((err: FastifyError | AppError | Open311Error, req, reply) => {
    const format = formatOfUrl(req.url);
    if (err instanceof Open311Error) {
      if (err.retryAfter) reply.header('retry-after', err.retryAfter);
      return fail(reply, format, err.status, err.description);
    }
    if (err instanceof AppError) {
      const details = Array.isArray(err.details)
        ? (err.details as { path?: string; message?: string }[]).map((d) => `${d.path ?? ''}: ${d.message ?? ''}`).join('; ')
        : '';
      const status = err.status === 401 ? 403 : err.status;
      return fail(reply, format, status, [t(req.locale, err.messageKey, err.params), details].filter(Boolean).join(' — '));
    }
    const status = (err as FastifyError).statusCode ?? 500;
    if (status === 429) {
      const seconds = Number(reply.getHeader('retry-after') ?? 60);
      return fail(reply, format, 429, t(req.locale, 'rate_limited', { seconds }));
    }
    if ((err as FastifyError).code === 'FST_ERR_CTP_BODY_TOO_LARGE') return fail(reply, format, 413, t(req.locale, 'payload_too_large', { limit: '64 KiB' }));
    if ((err as FastifyError).code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
      return fail(reply, format, 415, t(req.locale, 'unsupported_media_type', { type: req.headers['content-type'] ?? '' }));
    if (status >= 400 && status < 500) return fail(reply, format, 400, err.message);
    req.log.error({ err }, 'open311 error');
    return fail(reply, format, 500, t(req.locale, 'internal'));
  });
  app.setNotFoundHandler((req, reply) =>
    fail(reply, formatOfUrl(req.url), 404, t(req.locale, 'route_not_found', { method: req.method, url: req.url.split('?')[0] })),
  );

  const parse = <T extends z.ZodType>(req: FastifyRequest, schema: T, value: unknown): z.output<T> => {
    const r = schema.safeParse(value);
    if (!r.success)
      throw new Open311Error(
        400,
        zodFieldErrors(req.locale, r.error)
          .map((e) => `${e.path}: ${e.message}`)
          .join('; '),
      );
    return r.data;
  };
  const fileParam = z.object({ file: z.string().max(200) });
  const formatOf = (file: string) => {
    const split = splitFormat(file);
    if (!split) throw new Open311Error(404, 'unknown format: use .json or .xml');
    return split;
  };

  for (const format of ['json', 'xml'] as const) {
    app.get(`/discovery.${format}`, { schema: hide }, async (_req, reply) =>
      sendOpen311(reply, format, 'discovery', discovery(baseUrl, deps.config.env === 'production')),
    );

    app.get(`/services.${format}`, { schema: hide }, async (_req, reply) => sendOpen311(reply, format, 'services', await listServices(db)));

    app.get(`/requests.${format}`, { schema: hide }, async (req, reply) => {
      const q = parse(req, listQuery, req.query);
      if ((q.lat === undefined) !== (q.long === undefined) || (q.radius !== undefined && q.lat === undefined)) {
        throw new Open311Error(400, 'lat, long: give both (and radius in metres, optional) to list requests near a point');
      }
      const byUpdate = q.updated_after !== undefined || q.updated_before !== undefined;
      // Requested in a period (90 days by default) unless the client asks by update time only.
      const requested = q.service_request_id || (byUpdate && !q.start_date && !q.end_date) ? null : period(q.start_date, q.end_date, 'start_date/end_date');
      const updated = byUpdate && !q.service_request_id ? period(q.updated_after, q.updated_before, 'updated_after/updated_before') : null;
      const items = await listRequests(
        db,
        {
          ids: q.service_request_id,
          serviceCodes: q.service_code,
          statuses: q.status,
          page: q.page,
          pageSize: q.page_size,
          start: requested?.start,
          end: requested?.end,
          updatedAfter: updated?.start,
          updatedBefore: updated?.end,
          near: q.lat !== undefined && q.long !== undefined ? { lat: q.lat, long: q.long, radiusM: q.radius ?? DEFAULT_RADIUS_M } : undefined,
        },
        { baseUrl, locale: req.locale, extended: q.extended_statuses === 'true' },
      );
      return sendOpen311(reply, format, 'service_requests', items);
    });

    app.post(`/requests.${format}`, { schema: hide }, async (req, reply) => {
      if (req.isMultipart()) throw new Open311Error(400, 'media upload is not supported; send media_url or use the public page');
      const raw = { ...(req.query as Record<string, unknown>), ...((req.body ?? {}) as Record<string, unknown>) };
      const key = await verifyApiKey(db, typeof raw.api_key === 'string' ? raw.api_key : null);
      if (!key) throw new Open311Error(403, 'api_key missing or invalid');
      const wait = keyLimiter.hit(key.id, key.ratePerMinute);
      if (wait !== null) throw new Open311Error(429, t(req.locale, 'open311_key_rate_limited', { seconds: wait }), wait);
      const body = parse(req, postBody, raw);
      if (!body.service_code) throw new Open311Error(400, 'service_code: required');
      if (body.lat === undefined || body.long === undefined) {
        throw new Open311Error(
          400,
          body.address_string || body.address_id
            ? 'lat and long are required: this jurisdiction locates requests by coordinates'
            : 'location required: lat and long',
        );
      }
      const service = categoryOf(await loadReference(db), body.service_code);
      if (!service) throw new Open311Error(404, `service_code ${body.service_code} not found`);
      const idempotencyKey = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'].slice(0, 100) : null;
      const result = await submitReport(
        { db, store: deps.store },
        req.ctx,
        {
          serviceCode: body.service_code,
          lon: body.long,
          lat: body.lat,
          description: body.description || service.subcategoryName,
          address: body.address_string ?? null,
          name: [body.first_name, body.last_name].filter(Boolean).join(' ') || null,
          phone: body.phone ?? null,
          email: body.email ?? null,
        },
        { channel: 'open311', apiKeyId: key.id, idempotencyKey },
      );
      return sendOpen311(reply, format, 'service_requests', [
        {
          service_request_id: result.number,
          service_notice: `跟踪码 Tracking code: ${formatTrackingCode(result.trackingCode)}`,
          account_id: null,
        },
      ]);
    });
  }

  for (const format of ['json', 'xml'] as const) {
    app.get(`/servicerequestupdates.${format}`, { schema: hide }, async (req, reply) => {
      const q = parse(req, updatesQuery, req.query);
      const { start, end } = period(q.start_date, q.end_date, 'start_date/end_date');
      const items = await listRequestUpdates(
        db,
        { start, end, afterId: q.after, beforeId: q.before, limit: q.page_size },
        {
          baseUrl,
          locale: req.locale,
          extended: q.extended_statuses === 'true',
        },
      );
      return sendOpen311(reply, format, 'service_request_updates', items);
    });
  }

  app.get('/services/:file', { schema: { ...hide, params: fileParam } }, async (req, reply) => {
    const { id, format } = formatOf(req.params.file);
    const definition = await serviceDefinition(db, id);
    if (!definition) throw new Open311Error(404, `service_code ${id} not found`);
    return sendOpen311(reply, format, 'service_definition', definition);
  });

  app.get('/requests/:file', { schema: { ...hide, params: fileParam } }, async (req, reply) => {
    const { id, format } = formatOf(req.params.file);
    const extended = (req.query as Record<string, unknown>).extended_statuses === 'true';
    const found = await findRequest(db, id, { baseUrl, locale: req.locale, extended });
    if (!found) throw new Open311Error(404, `service_request_id ${id} not found`);
    return sendOpen311(reply, format, 'service_requests', [found]);
  });

  app.get('/tokens/:file', { schema: { ...hide, params: fileParam } }, async (req, reply) => {
    const { id, format } = formatOf(req.params.file);
    const found = await resolveToken(db, id);
    if (!found) throw new Open311Error(404, `token ${id} not found`);
    return sendOpen311(reply, format, 'service_requests', [found]);
  });

  // Any other GET under the root (e.g. services.html, requests.xml/x): without this the web app's
  // static wildcard would take it and answer in the /api error format.
  app.get('/*', { schema: hide }, async (req) => {
    throw new Open311Error(404, t(req.locale, 'route_not_found', { method: req.method, url: req.url.split('?')[0] }));
  });
};

/** The office's key management, under /api. */
export const open311KeyRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const { db } = deps.database;
  const tags = ['open311'];
  const keyItem = z.object({
    id: z.number(),
    name: z.string(),
    keyPrefix: z.string(),
    ratePerMinute: z.number(),
    isActive: z.boolean(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  });

  app.get(
    '/open311/keys',
    {
      config: { permission: 'open311.keys' },
      schema: {
        tags,
        summary: 'Open311 API keys (prefix only; the key itself is shown once at creation)',
        response: { 200: z.object({ items: z.array(keyItem) }) },
      },
    },
    async () => listApiKeys(db),
  );

  app.post(
    '/open311/keys',
    {
      config: { permission: 'open311.keys' },
      schema: {
        tags,
        summary: 'Issue a key for POST /open311/v2/requests; the answer carries the key once',
        body: z.strictObject({ name: z.string().trim().min(1).max(100), ratePerMinute: z.number().int().min(1).max(1_000_000).optional() }),
        response: { 201: keyItem.extend({ key: z.string() }) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(
        await createApiKey(
          db,
          { ...req.ctx, actor: req.actor! },
          {
            name: req.body.name,
            ratePerMinute: req.body.ratePerMinute ?? deps.config.citizens.open311KeyPerMinute,
          },
        ),
      ),
  );

  app.post(
    '/open311/keys/:id/revoke',
    {
      config: { permission: 'open311.keys' },
      schema: {
        tags,
        summary: 'Revoke a key (immediately on this replica, within 30 s on others)',
        params: z.object({ id: idParam }),
        response: { 200: keyItem },
      },
    },
    async (req) => revokeApiKey(db, { ...req.ctx, actor: req.actor! }, req.params.id),
  );
};
