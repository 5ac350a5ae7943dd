import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam } from '@chuangwen/domain/common/ids';
import { UNIT_KINDS } from '@chuangwen/domain/units/unit.kinds';
import type { AppDeps } from '../../platform/features/feature';
import { AppError } from '../../platform/http/errors';
import { BULLETIN_KINDS } from './dashboard.tables';
import {
  bulletinDocx,
  bulletinOut,
  bulletinPdf,
  generateBulletin,
  getBulletin,
  listBulletins,
  pdfFontPath,
  publishBulletin,
  updateBulletin,
} from './bulletin.service';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const idParams = z.object({ id: idParam });
const download = (name: string, ext: string) => `attachment; filename="bulletin.${ext}"; filename*=UTF-8''${encodeURIComponent(`${name}.${ext}`)}`;

export const bulletinRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const { db } = deps.database;
  const tags = ['bulletins'];

  app.get(
    '/bulletins',
    {
      config: { permission: 'bulletin.view' },
      schema: { tags, summary: 'Bulletins (通报), newest first: drafts for issuers, published ones for every reader' },
    },
    async (req) => listBulletins(db, req.actor!),
  );

  app.post(
    '/bulletins',
    {
      config: { permission: 'bulletin.issue' },
      schema: {
        tags,
        summary: 'Generate a draft bulletin for a week / month / custom period: unit ranking (composite score, move) and the overdue cases, frozen now',
        body: z.strictObject({
          kind: z.enum(BULLETIN_KINDS),
          from: z.iso.datetime({ offset: true }),
          to: z.iso.datetime({ offset: true }),
          unitKind: z.enum(UNIT_KINDS).optional(),
          title: z.string().trim().min(1).max(200).optional(),
        }),
      },
    },
    async (req, reply) => {
      const from = new Date(req.body.from);
      const to = new Date(req.body.to);
      if (!(to > from)) throw new AppError(400, 'validation_failed', 'v.invalid', {}, [{ path: 'to', message: 'to > from' }]);
      const row = await generateBulletin(db, { ...req.ctx, actor: req.actor! }, { ...req.body, from, to });
      return reply.status(201).send(bulletinOut(row));
    },
  );

  app.get(
    '/bulletins/:id',
    {
      config: { permission: 'bulletin.view' },
      schema: { tags, summary: 'One bulletin with its content', params: idParams },
    },
    async (req) => bulletinOut(await getBulletin(db, req.actor!, req.params.id)),
  );

  app.patch(
    '/bulletins/:id',
    {
      config: { permission: 'bulletin.issue' },
      schema: {
        tags,
        summary: 'Review: reword a draft (title, opening and closing text); the figures stay as generated',
        params: idParams,
        body: z.strictObject({
          version: z.number().int(),
          title: z.string().trim().min(1).max(200).optional(),
          intro: z.string().max(10_000).optional(),
          closing: z.string().max(10_000).optional(),
        }),
      },
    },
    async (req) => bulletinOut(await updateBulletin(db, { ...req.ctx, actor: req.actor! }, req.params.id, req.body)),
  );

  app.post(
    '/bulletins/:id/publish',
    {
      config: { permission: 'bulletin.issue' },
      schema: {
        tags,
        summary: 'Publish a draft: the ranked units and the units with overdue cases are notified in the app',
        params: idParams,
        body: z.strictObject({ version: z.number().int() }),
      },
    },
    async (req) => bulletinOut(await publishBulletin(db, { ...req.ctx, actor: req.actor! }, req.params.id, req.body.version)),
  );

  app.get(
    '/bulletins/:id/document.docx',
    {
      config: { permission: 'bulletin.view' },
      schema: { tags, summary: 'The bulletin as Word', params: idParams },
    },
    async (req, reply) => {
      const row = await getBulletin(db, req.actor!, req.params.id);
      const buffer = await bulletinDocx(row, '县创建文明城市工作领导小组办公室');
      return reply.type(DOCX_TYPE).header('content-disposition', download(row.title, 'docx')).send(buffer);
    },
  );

  app.get(
    '/bulletins/:id/document.pdf',
    {
      config: { permission: 'bulletin.view' },
      schema: {
        tags,
        summary: 'The bulletin as PDF with an embedded Chinese font (503 font_missing names the font to install or PDF_FONT to set)',
        params: idParams,
      },
    },
    async (req, reply) => {
      const row = await getBulletin(db, req.actor!, req.params.id);
      const buffer = await bulletinPdf(row, '县创建文明城市工作领导小组办公室', pdfFontPath());
      return reply.type('application/pdf').header('content-disposition', download(row.title, 'pdf')).send(buffer);
    },
  );
};
