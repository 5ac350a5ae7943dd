import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config';
import type { Database } from './db/db';
import { SessionStore } from './auth/session';
import { registerGuard } from './auth/guard';
import { registerErrorHandling } from './http/errors';
import { registerSecurityHeaders, securityHeaders } from './http/security-headers';
import { createSerializerCompiler } from './http/serializer';
import { lazyChildLogger } from './http/request-logger';
import { t } from './http/messages';
import { startIntervalJob } from './jobs/interval';
import type { AppDeps, FeatureModule } from './features/feature';
import { createStore, type BlobStore } from './storage/storage';
import { wireFeatureEvents } from './events/feature-events';
import { connectLiveFeed } from './events/live-feed';
import { listenerOf, startListener } from './db/listener';

export type { AppDeps } from './features/feature';

/**
 * Builds the Fastify app: plugins, guard, error handling, then each feature of `features` (its
 * routes under `/api` or its own prefix, its event handlers, its interval jobs, its long-running
 * subscribers), then the web app.
 */
export async function buildApp(
  config: Config,
  database: Database,
  features: readonly FeatureModule[],
  opts: { store?: BlobStore } = {},
): Promise<FastifyInstance> {
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
      for (const feature of features) for (const routes of feature.routes ?? []) await api.register(routes, deps);
      api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
    },
    { prefix: '/api' },
  );
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  for (const feature of features) for (const mount of feature.mounts ?? []) await app.register(mount.routes, { ...deps, prefix: mount.prefix });

  startBackgroundWork(app, deps, features);

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

/**
 * The features' background work on this replica. Event handlers are wired now (per database handle,
 * so apps in one process never hear each other). On PostgreSQL one LISTEN connection serves the
 * whole app (the live feed and any feature listening) and starts before the subscribers. Interval
 * jobs tick on every replica and take an advisory lock per run, so replicas never overlap;
 * subscribers start when the app is ready. On close (after the last request: SIGTERM waits for it)
 * jobs stop, event deliveries still running finish, then subscribers and the listener stop.
 */
function startBackgroundWork(app: FastifyInstance, deps: AppDeps, features: readonly FeatureModule[]) {
  const unwireEvents = wireFeatureEvents(deps, features, (msg, err) => app.log.error({ err }, msg));
  const stopJobs: (() => Promise<void>)[] = [];
  const stopSubscribers: (() => Promise<void>)[] = [];
  const { database, config } = deps;

  app.addHook('onReady', async () => {
    if (database.engine !== 'postgres' || !config.databaseUrl) return;
    const log = app.log.child({ subscriber: 'listener' });
    const warn = (msg: string, err?: unknown) => log.warn({ err }, msg);
    try {
      const stopListener = await startListener(database.db, config.databaseUrl, warn);
      stopSubscribers.push(stopListener);
      const listener = listenerOf(database.db)!;
      stopSubscribers.push(await connectLiveFeed(database.db, listener, warn));
    } catch (err) {
      log.warn({ err }, 'LISTEN unavailable: live updates and cache invalidation stay within this replica');
    }
  });
  for (const feature of features) {
    for (const job of feature.jobs ?? []) {
      const everyMs = job.everyMs(config);
      if (everyMs <= 0) continue;
      const running = startIntervalJob({ name: job.name, everyMs, run: () => job.run(deps), log: (msg, err) => app.log.error({ err }, msg) });
      if (job.runAtStart) {
        app.addHook('onReady', async () => {
          setTimeout(() => void running.runOnce().catch((err: unknown) => app.log.error({ err }, `${job.name} failed`)), 0).unref();
        });
      }
      stopJobs.push(() => running.stop());
    }
    for (const subscriber of feature.subscribers ?? []) {
      app.addHook('onReady', async () => {
        stopSubscribers.push(await subscriber.start(deps, app.log.child({ subscriber: subscriber.name })));
      });
    }
  }
  app.addHook('onClose', async () => {
    await Promise.all(stopJobs.map((stop) => stop()));
    await unwireEvents();
    // Subscribers before the listener they may ride on: the reverse order of their start.
    for (const stop of stopSubscribers.reverse()) await stop();
  });
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
}
