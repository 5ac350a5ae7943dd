import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { FastifyBaseLogger, FastifyInstance, FastifyServerFactory, RouteOptions } from 'fastify';
import type { Actor } from '../auth/actor';
import { actorMayCall, type Access } from '../auth/guard';
import { SESSION_COOKIE, type SessionStore } from '../auth/session';
import { readCookie } from './cookies';

/**
 * The lean path: a few GET routes whose answer is held in memory (the signed-in user, the public
 * client configuration) are answered by the node:http listener itself when the caller's session
 * is already cached, without entering the framework. Those are the calls every page load makes,
 * and Fastify's routing, hooks and reply machinery alone cost more than the 0.8× of a bare
 * node:http server the platform is held to (bench/foundation.bench.ts).
 *
 * Only the happy path is taken here: a route that opted in with `config.fromMemory`, an exact URL
 * (no query), GET, and, unless the route is public, a cached session whose actor passes the same
 * `actorMayCall` rule as the guard. Everything else (no cookie, unknown or expired session, denied,
 * HEAD, shutting down) goes to Fastify, which answers errors the one way it always does. The bytes
 * sent are the same either way: the route's own response serializer, the API security headers and
 * the same content type (lean-path.int.test.ts compares both paths).
 */
export type MemoryAnswer = (actor: Actor | null) => unknown;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's 200 answer computed from the caller alone, with no I/O (lean-path.ts). */
    fromMemory?: MemoryAnswer;
  }
}

type Serialize = (data: unknown) => string;
type SerializerCompiler = (route: { schema: unknown; method: string; url: string }) => Serialize;
type Encoded = { headers: string[]; body: string };
type LeanRoute = { access: Access; answer: MemoryAnswer; serialize: Serialize; shared: Encoded | null; perActor: WeakMap<Actor, Encoded> };

/**
 * The Cookie header read from the raw header list: `req.headers` is built on first access, one
 * call per header, which was a visible share of a request that needs one header.
 */
function cookieHeader(req: IncomingMessage): string | undefined {
  const raw = req.rawHeaders;
  let found: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length !== 6 || (name !== 'cookie' && name !== 'Cookie' && name.toLowerCase() !== 'cookie')) continue;
    if (found !== undefined) return req.headers.cookie; // several: Node joins them
    found = raw[i + 1];
  }
  return found;
}

/**
 * `json` with every non-ASCII character written as a \u escape: the same JSON value. Node sends a
 * small body in one write together with its header block, and a string holding any character
 * above U+007F (a Chinese name) turns that whole write into a two-byte string to flatten and
 * encode on every request: callgrind counted ≈ 13k of the ≈ 35k instructions that separated
 * `/api/auth/me` from `/api/config` (bench/RESULTS.md). An ASCII body is copied as it is.
 */
export function asciiJson(json: string): string {
  // replace() keeps the two-byte representation of its input; a latin1 round trip stores it as one.
  return Buffer.from(json.replace(NON_ASCII, escapeChar), 'latin1').toString('latin1');
}
const NON_ASCII = /[\u0080-\uffff]/g;
const escapeChar = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Route-level hooks the lean path would skip: a route that has any cannot opt in. */
const ROUTE_HOOKS = ['onRequest', 'preParsing', 'preValidation', 'preHandler', 'preSerialization', 'onSend', 'onResponse', 'onError', 'onTimeout'] as const;

export class LeanPath {
  private readonly routes = new Map<string, LeanRoute>();
  private readonly baseHeaders: string[];
  private closing = false;
  private log: (FastifyBaseLogger & { isLevelEnabled(level: string): boolean }) | null = null;
  private logging = false;
  /** Requests answered here since start (for tests and diagnostics). */
  answered = 0;

  constructor(private readonly deps: { sessions: SessionStore; apiHeaders: Record<string, string>; compileSerializer: SerializerCompiler }) {
    this.baseHeaders = [...Object.entries(deps.apiHeaders).flat(), 'content-type', 'application/json; charset=utf-8'];
  }

  /** Fastify's `serverFactory`: the HTTP server Fastify would create, with the lean path in front. */
  readonly serverFactory: FastifyServerFactory = (handler, options) => {
    const opts = options as { http?: http.ServerOptions; keepAliveTimeout: number; requestTimeout: number; connectionTimeout: number; maxRequestsPerSocket: number };
    const server = http.createServer(opts.http ?? {}, (req, res) => {
      if (!this.tryAnswer(req, res)) handler(req, res);
    });
    // What Fastify sets on a server it creates itself (lib/server.js).
    server.keepAliveTimeout = opts.keepAliveTimeout;
    server.requestTimeout = opts.requestTimeout;
    server.setTimeout(opts.connectionTimeout);
    if (opts.maxRequestsPerSocket > 0) server.maxRequestsPerSocket = opts.maxRequestsPerSocket;
    return server;
  };

  /** Collects the opted-in routes as they are declared; stops answering once the app is closing. */
  attach(app: FastifyInstance) {
    this.log = app.log as NonNullable<LeanPath['log']>;
    // The level is fixed at start (config.ts), so it is read once rather than per request.
    this.logging = this.log.isLevelEnabled('info');
    app.addHook('onRoute', (route) => {
      const config = route.config as (Access & { fromMemory?: MemoryAnswer; rateLimit?: unknown }) | undefined;
      if (!config?.fromMemory || route.method !== 'GET') return;
      const hooks = ROUTE_HOOKS.filter((h) => route[h as keyof RouteOptions] != null);
      if (config.rateLimit || hooks.length > 0) throw new Error(`GET ${route.url}: a fromMemory route cannot have route hooks or a rate limit (${hooks.join(', ') || 'rateLimit'})`);
      const schema = (route.schema?.response as Record<string, unknown> | undefined)?.[200];
      if (!schema) throw new Error(`GET ${route.url}: a fromMemory route needs a 200 response schema`);
      // Both paths send the route's answer as ASCII JSON, so their bytes stay the same.
      const compile = (route.serializerCompiler as SerializerCompiler | undefined) ?? this.deps.compileSerializer;
      const asciiCompiler: SerializerCompiler = (r) => {
        const serialize = compile(r);
        return (data) => asciiJson(serialize(data));
      };
      route.serializerCompiler = asciiCompiler as RouteOptions['serializerCompiler'];
      this.routes.set(route.url, {
        access: { auth: config.auth, permission: config.permission },
        answer: config.fromMemory,
        serialize: asciiCompiler({ schema, method: 'GET', url: route.url }),
        shared: null,
        perActor: new WeakMap(),
      });
    });
    app.addHook('preClose', (done) => {
      this.closing = true;
      done();
    });
  }

  /** Answers `req` and returns true, or returns false having written nothing. */
  private tryAnswer(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'GET' || this.closing) return false;
    const route = this.routes.get(req.url!);
    if (route === undefined) return false;
    const started = this.logging ? performance.now() : 0;
    let encoded: Encoded | null;
    if (route.access.auth === 'public') {
      encoded = route.shared ??= this.encode(route, null);
    } else {
      const token = readCookie(cookieHeader(req), SESSION_COOKIE);
      const actor = token === undefined ? null : (this.deps.sessions.cached(token)?.actor ?? null);
      if (actor === null || !actorMayCall(actor, route.access)) return false;
      encoded = route.perActor.get(actor) ?? null;
      if (encoded === null) {
        // An actor object is replaced whenever its session is reloaded, so this never goes stale.
        encoded = this.encode(route, actor);
        if (encoded) route.perActor.set(actor, encoded);
      }
    }
    if (encoded === null) return false;
    res.writeHead(200, encoded.headers);
    res.end(encoded.body);
    this.answered++;
    if (this.logging) {
      this.log!.info({ req: { method: req.method, url: req.url, host: req.headers.host, remoteAddress: req.socket.remoteAddress }, res: { statusCode: 200 }, responseTime: performance.now() - started, lean: true }, 'request completed');
    }
    return true;
  }

  /** The response for one caller; null when it cannot be built (Fastify then reports the failure). */
  private encode(route: LeanRoute, actor: Actor | null): Encoded | null {
    try {
      const body = route.serialize(route.answer(actor));
      return { body, headers: [...this.baseHeaders, 'content-length', String(Buffer.byteLength(body))] };
    } catch {
      return null;
    }
  }
}
