import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam } from '@chuangwen/domain/common/ids';
import { UNIT_KINDS } from '@chuangwen/domain/units/unit.kinds';
import { polygonGeometry, unitCreateInput, unitSchema, unitUpdateInput } from '@chuangwen/domain/units/unit.schemas';
import type { AppDeps } from '../../platform/features/feature';
import { AppError } from '../../platform/http/errors';
import { XLSX_TYPE, attachmentHeader } from '../../platform/excel/excel';
import { createUnit, deleteUnit, getUnit, listUnits, toUnit, unitsAsGeoJson, updateUnit } from './unit.service';
import { exportUnits, importUnits } from './unit.excel';
import { acceptUploads } from '../../platform/http/uploads';

const idParams = z.object({ id: idParam });

export const unitRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { database }) => {
  await acceptUploads(app);
  const { db } = database;
  const tags = ['units'];

  app.get(
    '/units',
    {
      config: { permission: 'unit.view' },
      schema: {
        tags,
        summary: 'Units in the caller’s scope (flat; build the tree from parentId)',
        querystring: z.object({ q: z.string().trim().max(100).optional(), kind: z.enum(UNIT_KINDS).optional() }),
        response: { 200: z.object({ items: z.array(unitSchema) }) },
      },
    },
    async (req) => ({ items: await listUnits(db, req.actor!, req.query) }),
  );

  app.get(
    '/units/export.xlsx',
    {
      config: { permission: 'unit.view' },
      schema: { tags, summary: 'Export the unit tree as Excel (also the import template)' },
    },
    async (req, reply) => {
      const file = await exportUnits(db, req.actor!);
      return reply.type(XLSX_TYPE).header('content-disposition', attachmentHeader('单位.xlsx')).send(file);
    },
  );

  app.post(
    '/units/import',
    {
      config: { permission: 'unit.manage' },
      schema: {
        tags,
        summary: 'Import units from Excel (all or nothing); 422 lists each bad row and column',
        consumes: ['multipart/form-data'],
        response: { 200: z.object({ created: z.number(), updated: z.number() }) },
      },
    },
    async (req) => {
      const file = await req.file();
      if (!file) throw new AppError(400, 'file_required', 'file_required');
      const buffer = await file.toBuffer();
      return importUnits(db, { ...req.ctx, actor: req.actor! }, buffer);
    },
  );

  app.get(
    '/units/geojson',
    {
      config: { permission: 'unit.view' },
      schema: {
        tags,
        summary: 'Territorial units and grids in scope with polygons, as a GeoJSON FeatureCollection (the offline base map)',
        querystring: z.object({ kind: z.enum(UNIT_KINDS).optional() }),
      },
    },
    async (req) => unitsAsGeoJson(db, req.actor!, req.query.kind),
  );

  app.get(
    '/units/:id',
    {
      config: { permission: 'unit.view' },
      schema: { tags, summary: 'One unit with its polygon', params: idParams, response: { 200: unitSchema.extend({ geometry: polygonGeometry.nullable() }) } },
    },
    async (req) => {
      const unit = await getUnit(db, req.actor!, req.params.id);
      return { ...toUnit(unit), geometry: unit.geometry ?? null };
    },
  );

  app.post(
    '/units',
    {
      config: { permission: 'unit.manage' },
      schema: { tags, summary: 'Create a unit', body: unitCreateInput, response: { 201: unitSchema } },
    },
    async (req, reply) => reply.status(201).send(toUnit(await createUnit(db, { ...req.ctx, actor: req.actor! }, req.body))),
  );

  app.patch(
    '/units/:id',
    {
      config: { permission: 'unit.manage' },
      schema: { tags, summary: 'Edit or move a unit (optimistic version check)', params: idParams, body: unitUpdateInput, response: { 200: unitSchema } },
    },
    async (req) => toUnit(await updateUnit(db, { ...req.ctx, actor: req.actor! }, req.params.id, req.body)),
  );

  app.delete(
    '/units/:id',
    {
      config: { permission: 'unit.manage' },
      schema: { tags, summary: 'Delete an empty unit', params: idParams },
    },
    async (req, reply) => {
      await deleteUnit(db, { ...req.ctx, actor: req.actor! }, req.params.id);
      return reply.status(204).send();
    },
  );
};
