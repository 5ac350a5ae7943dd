import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './platform/config';
import type { Database } from './platform/db/db';
import { SessionStore } from './platform/auth/session';
import { registerGuard } from './platform/auth/guard';
import { registerErrorHandling } from './platform/http/errors';
import { registerSecurityHeaders, securityHeaders } from './platform/http/security-headers';
import { createSerializerCompiler } from './platform/http/serializer';
import { lazyChildLogger } from './platform/http/request-logger';
import { t } from './platform/http/messages';
import { healthRoutes } from './features/health/health.routes';
import { configRoutes } from './features/health/config.routes';
import { authRoutes } from './features/auth/auth.routes';
import { unitRoutes } from './features/units/unit.routes';
import { userRoutes } from './features/users/user.routes';
import { roleRoutes } from './features/users/role.routes';
import { auditRoutes } from './features/audit/audit.routes';
import { fileRoutes } from './features/files/file.routes';
import { caseRoutes } from './features/cases/case.routes';
import { calendarRoutes } from './features/calendar/calendar.routes';
import { notificationRoutes } from './features/notifications/notification.routes';
import { frameworkRoutes } from './features/framework/framework.routes';
import { siteRoutes } from './features/sites/site.routes';
import { inspectionRoutes } from './features/inspections/inspection.routes';
import { citizenRoutes } from './features/citizens/citizen.routes';
import { exposureRoutes } from './features/exposure/exposure.routes';
import { open311KeyRoutes, open311Routes } from './features/open311/open311.routes';
import { dashboardRoutes } from './features/dashboard/dashboard.routes';
import { templateRoutes } from './features/templates/template.routes';
import { exportRoutes } from './features/exports/export.routes';
import { markOverdueCases } from './features/cases/case.overdue';
import { startIntervalJob } from './platform/jobs/interval';
import { listenForReferenceChanges } from './features/cases/case.reference';
import { createStore, type BlobStore } from './platform/storage/storage';

/** What every feature plugin receives. */
export type AppDeps = { config: Config; database: Database; sessions: SessionStore; store: BlobStore };

export async function buildApp(config: Config, database: Database, opts: { store?: BlobStore } = {}): Promise<FastifyInstance> {
  const sessions = new SessionStore(() => database.db, config.sessionCacheMs);
  const headers = securityHeaders({
    production: config.env === 'production',
    extraImgSrc: config.tileUrl ? [new URL(config.tileUrl.replace(/\{[a-z]\}/g, 'x')).origin] : [],
  });
  const serializerCompiler = createSerializerCompiler({ validate: config.validateResponses });
  const app = Fastify({
    logger: { level: config.logLevel },
    childLoggerFactory: lazyChildLogger,
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const store = opts.store ?? createStore(config);
  const deps: AppDeps = { config, database, sessions, store };
  app.decorate('deps', deps);

  // Several replicas on PostgreSQL: a unit change made on any of them drops every replica's cache.
  if (database.engine === 'postgres' && config.databaseUrl) {
    try {
      const stop = await listenForReferenceChanges(database.db, config.databaseUrl, (msg, err) => app.log.warn({ err }, msg));
      app.addHook('onClose', stop);
    } catch (err) {
      app.log.warn({ err }, 'reference cache: LISTEN unavailable, other replicas see unit changes within the cache time');
    }
  }

  registerSecurityHeaders(app, headers);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'chuangwen API', description: 'Civilized-city campaign platform (创文)', version: '0.1.0' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'cw_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  registerGuard(app, { sessions, secret: config.sessionSecret });
  registerErrorHandling(app);

  await app.register(
    async (api) => {
      await api.register(healthRoutes, deps);
      await api.register(configRoutes, deps);
      await api.register(authRoutes, deps);
      await api.register(unitRoutes, deps);
      await api.register(userRoutes, deps);
      await api.register(roleRoutes, deps);
      await api.register(auditRoutes, deps);
      await api.register(fileRoutes, deps);
      await api.register(caseRoutes, deps);
      await api.register(calendarRoutes, deps);
      await api.register(notificationRoutes, deps);
      await api.register(frameworkRoutes, deps);
      await api.register(siteRoutes, deps);
      await api.register(inspectionRoutes, deps);
      await api.register(citizenRoutes, deps);
      await api.register(exposureRoutes, deps);
      await api.register(open311KeyRoutes, deps);
      await api.register(dashboardRoutes, deps);
      await api.register(templateRoutes, deps);
      await api.register(exportRoutes, deps);
      api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
    },
    { prefix: '/api' },
  );
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  // Open311 GeoReport v2: outside /api (its own error format and form-encoded POSTs).
  await app.register(open311Routes, { ...deps, prefix: '/open311/v2' });

  // Background work of this replica; each run takes an advisory lock, so replicas never overlap.
  if (config.caseJobIntervalMs > 0) {
    const overdue = startIntervalJob({
      name: 'case.overdue',
      everyMs: config.caseJobIntervalMs,
      run: () => markOverdueCases(database.db),
      log: (msg, err) => app.log.error({ err }, msg),
    });
    app.addHook('onClose', () => overdue.stop());
  }

  const webDist = config.webDist;
  const hasWeb = webDist != null && fs.existsSync(path.join(webDist, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: true,
      index: 'index.html',
      // The build writes brotli and gzip copies beside each text file (scripts/precompress.ts):
      // sent by Accept-Encoding with the original's Content-Type, no compression per request.
      preCompressed: true,
      // send's own `Cache-Control: public, max-age=0` would overwrite the one set below.
      cacheControl: false,
      setHeaders: (res, file) => {
        // Files under assets/ carry a content hash in their name; the HTML entry points and the service worker do not.
        res.setHeader('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
        // The same URL has a brotli, a gzip and a plain body: caches must key on Accept-Encoding.
        res.setHeader('vary', 'accept-encoding');
      },
    });
  }
  app.setNotFoundHandler((req, reply) => {
    if (!req.url.startsWith('/api') && !req.url.startsWith('/open311') && hasWeb && req.method === 'GET') {
      // The inspector's phone page (field.html); its service worker /field-sw.js is served no-cache by the static handler.
      if (req.url === '/field' || req.url.startsWith('/field/') || req.url.startsWith('/field?')) {
        return reply.header('cache-control', 'no-cache').sendFile('field.html');
      }
      // The citizens' page is its own light entry (public.html); everything else is the office app.
      if (req.url === '/public' || req.url.startsWith('/public/') || req.url.startsWith('/public?')) {
        return reply.header('cache-control', 'no-cache').sendFile('public.html');
      }
      // Client-side routes of the single-page app.
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return reply.status(404).send({
      error: { code: 'not_found', message: t(req.locale ?? 'zh-CN', 'route_not_found', { method: req.method, url: req.url.split('?')[0] }), details: null },
    });
  });
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
}
