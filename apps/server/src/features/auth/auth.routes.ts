import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { changePasswordInput, loginInput } from '@chuangwen/domain/auth/password';
import { meSchema, profileInput, type Me } from '@chuangwen/domain/auth/me.schemas';
import type { Actor } from '../../platform/auth/actor';
import { scopeFlags } from '../../platform/auth/scope';
import { CSRF_COOKIE, SESSION_COOKIE, csrfTokenFor } from '../../platform/auth/session';
import type { AppDeps } from '../../platform/features/feature';
import { serializeCookie } from '../../platform/http/cookies';
import { changePassword, login, logout, updateProfile } from './auth.service';

const toMeUncached = (a: Actor): Me => ({
  id: a.userId,
  username: a.username,
  name: a.name,
  phone: a.phone,
  unitId: a.unitId,
  unitName: a.unitName,
  locale: a.locale,
  mustChangePassword: a.mustChangePassword,
  permissions: [...a.permissions].sort(),
  grants: a.grants.map((g) => ({ roleCode: g.roleCode, roleName: g.roleName ?? null, unitId: g.unitId, unitName: g.unitName })),
  scope: scopeFlags(a),
});

// An actor object lives as long as its session cache entry; its Me is built once for that time.
const meOf = new WeakMap<Actor, Me>();
const toMe = (a: Actor): Me => {
  let me = meOf.get(a);
  if (!me) meOf.set(a, (me = toMeUncached(a)));
  return me;
};

const ok = z.object({ ok: z.literal(true) });

export const authRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const secure = deps.config.env === 'production';
  const cookie = (name: string, value: string, httpOnly: boolean, maxAgeSeconds: number) =>
    serializeCookie(name, value, { path: '/', sameSite: 'lax', secure, httpOnly, maxAgeSeconds });

  app.post(
    '/auth/login',
    {
      config: { auth: 'public', rateLimit: { max: deps.config.loginRateLimit.max, timeWindow: deps.config.loginRateLimit.windowMs } },
      schema: { tags: ['auth'], summary: 'Sign in', body: loginInput, response: { 200: z.object({ user: meSchema }) } },
    },
    async (req, reply) => {
      const session = await login(deps, req.body, req.ctx);
      const maxAge = deps.config.sessionHours * 3600;
      reply.header('set-cookie', [
        cookie(SESSION_COOKIE, session.token, true, maxAge),
        cookie(CSRF_COOKIE, csrfTokenFor(deps.config.sessionSecret, session.token), false, maxAge),
      ]);
      return { user: toMe(session.actor) };
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { auth: 'session' },
      schema: { tags: ['auth'], summary: 'Sign out', response: { 200: ok } },
    },
    async (req, reply) => {
      await logout(deps, req.sessionTokenHash!, req.ctx);
      reply.header('set-cookie', [cookie(SESSION_COOKIE, '', true, 0), cookie(CSRF_COOKIE, '', false, 0)]);
      return { ok: true as const };
    },
  );

  app.get(
    '/auth/me',
    {
      config: { auth: 'session' },
      schema: { tags: ['auth'], summary: 'The signed-in user, with permissions and grants', response: { 200: meSchema } },
    },
    async (req) => toMe(req.actor!),
  );

  app.post(
    '/auth/password',
    {
      config: { auth: 'session' },
      schema: { tags: ['auth'], summary: 'Change own password', body: changePasswordInput, response: { 200: ok } },
    },
    async (req) => {
      await changePassword(deps, req.body, { ...req.ctx, actor: req.actor! }, req.sessionTokenHash!);
      return { ok: true as const };
    },
  );

  app.patch(
    '/auth/profile',
    {
      config: { auth: 'session' },
      schema: {
        tags: ['auth'],
        summary: 'Edit own name, phone and language',
        body: profileInput,
        response: { 200: meSchema },
      },
    },
    async (req) => toMe(await updateProfile(deps, req.body, { ...req.ctx, actor: req.actor! })),
  );
};
