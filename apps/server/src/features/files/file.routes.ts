import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam } from '@chuangwen/domain/common/ids';
import type { AppDeps } from '../../platform/features/feature';
import { AppError } from '../../platform/http/errors';
import { getFileForActor, storeUpload } from './file.service';
import { acceptUploads } from '../../platform/http/uploads';
import { FILE_KINDS } from './file.sniff';

export const fileSchema = z.object({
  id: z.string(),
  kind: z.string(),
  originalName: z.string(),
  contentType: z.string(),
  size: z.number(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  hasThumbnail: z.boolean(),
  url: z.string(),
  thumbUrl: z.string().nullable(),
});

export const presentFile = (f: {
  id: string;
  kind: string;
  originalName: string;
  contentType: string;
  size: number;
  width: number | null;
  height: number | null;
  thumbKey: string | null;
}) => ({
  id: f.id,
  kind: f.kind,
  originalName: f.originalName,
  contentType: f.contentType,
  size: f.size,
  width: f.width,
  height: f.height,
  hasThumbnail: f.thumbKey != null,
  url: `/api/files/${f.id}`,
  thumbUrl: f.thumbKey ? `/api/files/${f.id}/thumb` : null,
});

const idParams = z.object({ id: z.string().uuid() });

export const fileRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  await acceptUploads(app);
  const { db } = deps.database;
  const tags = ['files'];

  // Any signed-in user may upload; the feature that attaches the file checks its own permission.
  app.post(
    '/files',
    {
      config: { auth: 'session' },
      schema: {
        tags,
        summary: 'Upload a photo or document (sniffed, size-limited; photos re-encoded without EXIF)',
        consumes: ['multipart/form-data'],
        // kind: what the caller's field expects (a photo field sends `photo`); anything else is refused with 415 at once.
        querystring: z.object({ unitId: idParam.optional(), kind: z.enum(FILE_KINDS).optional() }),
        response: { 201: fileSchema },
      },
    },
    async (req, reply) => {
      const part = await req.file();
      if (!part) throw new AppError(400, 'file_required', 'file_required');
      const buffer = await part.toBuffer();
      const stored = await storeUpload({ db, store: deps.store }, req.ctx, {
        buffer,
        filename: part.filename,
        unitId: req.query.unitId,
        accept: req.query.kind ? [req.query.kind] : undefined,
      });
      return reply.status(201).send(presentFile(stored));
    },
  );

  for (const variant of ['', '/thumb'] as const) {
    app.get(
      `/files/:id${variant}`,
      {
        config: { auth: 'session' },
        schema: { tags, summary: variant ? 'A photo’s thumbnail' : 'Download a file', params: idParams },
      },
      async (req, reply) => {
        const file = await getFileForActor(db, req.actor!, req.params.id);
        const key = variant ? file.thumbKey : file.storageKey;
        const data = key ? await deps.store.get(key) : null;
        if (!data) throw new AppError(404, 'not_found', 'not_found');
        const disposition = file.kind === 'photo' ? 'inline' : 'attachment';
        return reply
          .type(variant ? 'image/jpeg' : file.contentType)
          .header('cache-control', 'private, max-age=86400')
          .header('x-content-type-options', 'nosniff')
          .header('content-disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(file.originalName)}`)
          .send(data);
      },
    );
  }
};
