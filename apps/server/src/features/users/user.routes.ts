import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam } from '@chuangwen/domain/common/ids';
import { pageOf, pageQuery } from '@chuangwen/domain/common/paging';
import { roleCode } from '@chuangwen/domain/users/role.schemas';
import { resetPasswordInput, userCreateInput, userSchema, userUpdateInput } from '@chuangwen/domain/users/user.schemas';
import type { AppDeps } from '../../platform/features/feature';
import { createUser, getUser, listUsers, resetPassword, unlockUser, updateUser } from './user.service';

const idParams = z.object({ id: idParam });
const ok = z.object({ ok: z.literal(true) });

export const userRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { database, sessions }) => {
  const { db } = database;
  const tags = ['users'];

  app.get(
    '/users',
    {
      config: { permission: 'user.view' },
      schema: {
        tags,
        summary: 'Users in the caller’s scope, paged',
        querystring: pageQuery.extend({
          q: z.string().trim().max(100).optional(),
          unitId: idParam.optional(),
          roleCode: roleCode.optional(),
          status: z.enum(['active', 'inactive', 'locked']).optional(),
        }),
        response: { 200: pageOf(userSchema) },
      },
    },
    async (req) => listUsers(db, req.actor!, req.query),
  );

  app.get(
    '/users/:id',
    {
      config: { permission: 'user.view' },
      schema: { tags, summary: 'One user', params: idParams, response: { 200: userSchema } },
    },
    async (req) => getUser(db, req.actor!, req.params.id),
  );

  app.post(
    '/users',
    {
      config: { permission: 'user.manage' },
      schema: { tags, summary: 'Create a user (must change the password at first sign-in)', body: userCreateInput, response: { 201: userSchema } },
    },
    async (req, reply) => reply.status(201).send(await createUser(db, { ...req.ctx, actor: req.actor! }, req.body)),
  );

  app.patch(
    '/users/:id',
    {
      config: { permission: 'user.manage' },
      schema: { tags, summary: 'Edit a user, enable/disable, replace grants', params: idParams, body: userUpdateInput, response: { 200: userSchema } },
    },
    async (req) => updateUser(db, sessions, { ...req.ctx, actor: req.actor! }, req.params.id, req.body),
  );

  app.post(
    '/users/:id/reset-password',
    {
      config: { permission: 'user.manage' },
      schema: { tags, summary: 'Set a temporary password', params: idParams, body: resetPasswordInput, response: { 200: ok } },
    },
    async (req) => {
      await resetPassword(db, sessions, { ...req.ctx, actor: req.actor! }, req.params.id, req.body.password);
      return { ok: true as const };
    },
  );

  app.post(
    '/users/:id/unlock',
    {
      config: { permission: 'user.manage' },
      schema: { tags, summary: 'Lift a temporary lockout', params: idParams, response: { 200: userSchema } },
    },
    async (req) => unlockUser(db, { ...req.ctx, actor: req.actor! }, req.params.id),
  );
};
