import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { roleCode, roleCreateInput, roleSchema, roleUpdateInput } from '@chuangwen/domain/users/role.schemas';
import type { AppDeps } from '../../platform/features/feature';
import { createRole, deleteRole, listRoles, updateRole } from './role.service';

const codeParams = z.object({ code: roleCode });

export const roleRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { database, sessions }) => {
  const { db } = database;
  const tags = ['users'];

  app.get(
    '/roles',
    {
      config: { permission: 'user.view' },
      schema: {
        tags,
        summary: 'Roles (system and custom) with their permissions and how many grants use each',
        response: { 200: z.object({ items: z.array(roleSchema) }) },
      },
    },
    async () => ({ items: await listRoles(db) }),
  );

  app.post(
    '/roles',
    {
      config: { permission: 'role.manage' },
      schema: {
        tags,
        summary: 'Define a custom role (only with permissions the caller holds)',
        body: roleCreateInput,
        response: { 201: roleSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await createRole(db, { ...req.ctx, actor: req.actor! }, req.body)),
  );

  app.patch(
    '/roles/:code',
    {
      config: { permission: 'role.manage' },
      schema: {
        tags,
        summary: 'Rename a custom role or change its permissions; applies at once to everyone holding it',
        params: codeParams,
        body: roleUpdateInput,
        response: { 200: roleSchema },
      },
    },
    async (req) => updateRole(db, sessions, { ...req.ctx, actor: req.actor! }, req.params.code, req.body),
  );

  app.delete(
    '/roles/:code',
    {
      config: { permission: 'role.manage' },
      schema: { tags, summary: 'Delete a custom role that no grant uses', params: codeParams },
    },
    async (req, reply) => {
      await deleteRole(db, { ...req.ctx, actor: req.actor! }, req.params.code);
      return reply.status(204).send();
    },
  );
};
