import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam } from '@chuangwen/domain/common/ids';
import type { FastifyRequest } from 'fastify';
import { siteInput, siteListQuery, siteSchema, siteTypeSchema, siteUpdateInput } from '@chuangwen/domain/inspections/inspection.schemas';
import { pageOf } from '@chuangwen/domain/common/paging';
import type { AppDeps } from '../../platform/features/feature';
import { AppError } from '../../platform/http/errors';
import { XLSX_TYPE, attachmentHeader } from '../../platform/excel/excel';
import { createSite, getSite, listSites, siteMap, updateSite } from './site.service';
import { exportSites, importSites } from './site.excel';
import { acceptUploads } from '../../platform/http/uploads';

const idParams = z.object({ id: idParam });

export const siteRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { database }) => {
  await acceptUploads(app);
  const { db } = database;
  const tags = ['sites'];
  const ctx = (req: FastifyRequest) => ({ ...req.ctx, actor: req.actor! });

  app.get(
    '/sites',
    {
      config: { permission: 'inspection.view' },
      schema: { tags, summary: 'Sites (点位) in scope, paged', querystring: siteListQuery, response: { 200: pageOf(siteSchema) } },
    },
    async (req) => listSites(db, req.actor!, req.query),
  );

  app.get(
    '/sites/map',
    {
      config: { permission: 'inspection.view' },
      schema: {
        tags,
        summary: 'Active sites in scope as light points for the map',
        querystring: z.object({ type: siteTypeSchema.optional() }),
        response: {
          200: z.object({
            items: z.array(
              z.object({ id: z.number(), type: siteTypeSchema, name: z.string(), lon: z.number(), lat: z.number(), townId: z.number().nullable() }),
            ),
          }),
        },
      },
    },
    async (req) => siteMap(db, req.actor!, req.query.type),
  );

  app.get(
    '/sites/export.xlsx',
    {
      config: { permission: 'inspection.view' },
      schema: { tags, summary: 'The site ledger as Excel (also the import template)' },
    },
    async (req, reply) =>
      reply
        .type(XLSX_TYPE)
        .header('content-disposition', attachmentHeader('点位.xlsx'))
        .send(await exportSites(db, req.actor!)),
  );

  app.post(
    '/sites/import',
    {
      config: { permission: 'site.manage' },
      schema: {
        tags,
        summary: 'Import sites from Excel (all or nothing; 编码 updates an existing site); 422 lists each bad row and column',
        consumes: ['multipart/form-data'],
        response: { 200: z.object({ created: z.number(), updated: z.number() }) },
      },
    },
    async (req) => {
      if (!req.isMultipart()) throw new AppError(400, 'file_required', 'file_required');
      const file = await req.file();
      if (!file) throw new AppError(400, 'file_required', 'file_required');
      return importSites(db, ctx(req), await file.toBuffer());
    },
  );

  app.get(
    '/sites/:id',
    {
      config: { permission: 'inspection.view' },
      schema: { tags, summary: 'One site', params: idParams, response: { 200: siteSchema } },
    },
    async (req) => getSite(db, req.actor!, req.params.id),
  );

  app.post(
    '/sites',
    {
      config: { permission: 'site.manage' },
      schema: { tags, summary: 'Create a site; its unit and town come from the point', body: siteInput, response: { 201: siteSchema } },
    },
    async (req, reply) => reply.status(201).send(await createSite(db, ctx(req), req.body)),
  );

  app.patch(
    '/sites/:id',
    {
      config: { permission: 'site.manage' },
      schema: {
        tags,
        summary: 'Edit a site (version-checked); deactivate with isActive=false',
        params: idParams,
        body: siteUpdateInput,
        response: { 200: siteSchema },
      },
    },
    async (req) => updateSite(db, ctx(req), req.params.id, req.body),
  );
};
