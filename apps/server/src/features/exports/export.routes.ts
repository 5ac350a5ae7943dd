import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { exportJobSchema, exportStartInput } from '@chuangwen/domain/exports/export.schemas';
import type { AppDeps } from '../../platform/features/feature';
import { XLSX_TYPE, attachmentHeader } from '../../platform/excel/excel';
import { exportWorkerOf } from './export.worker';
import { getExport, listMyExports, openDownload, startExport } from './export.service';

const idParams = z.object({ id: z.uuid() });

/** Ledger exports (台账导出): start, follow, download. */
export const exportRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const { db } = deps.database;
  const tags = ['exports'];

  app.get(
    '/exports',
    {
      config: { permission: 'ledger.export' },
      schema: { tags, summary: 'My ledger exports, newest first, with their progress', response: { 200: z.object({ items: z.array(exportJobSchema) }) } },
    },
    async (req) => ({ items: await listMyExports(db, req.actor!) }),
  );

  app.post(
    '/exports',
    {
      config: { permission: 'ledger.export' },
      schema: {
        tags,
        summary: 'Start a background Excel export of a ledger; the kind’s read permission scopes the rows',
        body: exportStartInput,
        response: { 201: exportJobSchema },
      },
    },
    async (req, reply) => {
      const job = await startExport(db, { ...req.ctx, actor: req.actor! }, req.body);
      exportWorkerOf(deps, app.log).kick();
      return reply.status(201).send(job);
    },
  );

  app.get(
    '/exports/:id',
    {
      config: { permission: 'ledger.export' },
      schema: { tags, summary: 'One of my exports: state and rows done / total', params: idParams, response: { 200: exportJobSchema } },
    },
    async (req) => getExport(db, req.actor!, req.params.id),
  );

  app.get(
    '/exports/:id/file',
    {
      config: { permission: 'ledger.export' },
      schema: { tags, summary: 'Download a finished export (streamed from storage)', params: idParams },
    },
    async (req, reply) => {
      const file = await openDownload(db, deps.store, { ...req.ctx, actor: req.actor! }, req.params.id);
      return reply
        .type(XLSX_TYPE)
        .header('content-length', String(file.byteSize))
        .header('content-disposition', attachmentHeader(file.fileName))
        .send(file.stream);
    },
  );
};
