import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Permission } from '@chuangwen/domain/auth/permissions';
import type { Locale } from '@chuangwen/domain/i18n/labels';
import type { Actor, RequestContext } from './actor';
import { AppError, forbidden } from '../http/errors';
import { localeFrom } from '../http/messages';
import { readCookie } from '../http/cookies';
import { CSRF_HEADER, SESSION_COOKIE, SessionStore, csrfMatches } from './session';

/**
 * Every /api route declares who may call it in `config`:
 *   { auth: 'public' }            anyone (login, health)
 *   { auth: 'session' }           any signed-in user (own profile)
 *   { permission: 'unit.manage' } a signed-in user holding that permission somewhere;
 *                                 the service then checks it on the row's unit (policy.ts).
 * A route that declares nothing does not start: default deny.
 */
declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: 'public' | 'session';
    permission?: Permission;
  }
  interface FastifyRequest {
    actor: Actor | null;
    locale: Locale;
    sessionTokenHash: string | null;
    ctx: RequestContext;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Routes a user who must change the password may still call. */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set(['session']);

export type RouteAccess = { method: string; url: string; auth: 'public' | 'session' | 'permission'; permission?: Permission };

/** What a route declares in `config`. */
export type Access = { auth?: 'public' | 'session'; permission?: Permission };

/** Whether a signed-in actor may call a route declared with `access`: the one rule every path uses. */
export function actorMayCall(actor: Actor, access: Access): boolean {
  if (actor.mustChangePassword && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(access.auth ?? '')) return false;
  return !access.permission || actor.permissions.has(access.permission);
}

export function registerGuard(app: FastifyInstance, deps: { sessions: SessionStore; secret: string }) {
  const routes: RouteAccess[] = [];
  app.decorate('routeAccess', routes);
  app.decorateRequest('actor', null);
  app.decorateRequest('locale', 'zh-CN');
  app.decorateRequest('sessionTokenHash', null);
  app.decorateRequest('ctx', null as unknown as RequestContext);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api')) return;
    let config = (route.config ?? {}) as Access;
    // The OpenAPI document and its UI are public documentation of the API.
    if (route.url.startsWith('/api/docs') || route.url === '/api/openapi.json') {
      config = route.config = { ...config, auth: 'public' };
      if (route.url.startsWith('/api/docs')) return;
    }
    if (!config.auth && !config.permission) {
      throw new Error(`Route ${String(route.method)} ${route.url} declares no permission (config.auth or config.permission)`);
    }
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      routes.push({ method, url: route.url, auth: config.permission ? 'permission' : config.auth!, permission: config.permission });
    }
  });

  /** Admits the request or names why not, once the session is known. */
  const admit = (req: FastifyRequest, config: Access, token: string, session: { actor: Actor | null; tokenHash: string }): AppError | undefined => {
    const { actor, tokenHash } = session;
    if (!actor) return new AppError(401, 'unauthenticated', 'unauthenticated');
    req.actor = actor;
    req.sessionTokenHash = tokenHash;
    req.ctx.actor = actor;
    if (!SAFE_METHODS.has(req.method) && !csrfMatches(deps.secret, token, req.headers[CSRF_HEADER] as string | undefined)) {
      return new AppError(403, 'csrf_failed', 'csrf_failed');
    }
    return actorMayCall(actor, config) ? undefined : forbidden();
  };

  // Callback style: a request whose session is cached is admitted without a promise round trip.
  app.addHook('onRequest', (req: FastifyRequest, _reply, done) => {
    req.locale = localeFrom(req.headers['accept-language']);
    req.ctx = { actor: null, ip: req.ip, userAgent: req.headers['user-agent'] ?? null, locale: req.locale };
    const config = req.routeOptions.config as Access;
    if (!req.url.startsWith('/api') || config.auth === 'public' || !req.routeOptions.url) return done();

    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (!token) return done(new AppError(401, 'unauthenticated', 'unauthenticated'));
    const cached = deps.sessions.cached(token);
    if (cached) return done(admit(req, config, token, cached));
    deps.sessions.actorFor(token).then((session) => done(admit(req, config, token, session)), done);
  });
}

declare module 'fastify' {
  interface FastifyInstance {
    routeAccess: RouteAccess[];
  }
}
