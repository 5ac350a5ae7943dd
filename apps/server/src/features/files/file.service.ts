import { createHash, randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { eq } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db/db';
import type { Actor, RequestContext } from '../../platform/auth/actor';
import type { BlobStore } from '../../platform/storage/storage';
import { AppError, notFound } from '../../platform/http/errors';
import { recordAudit } from '../../platform/audit/audit.service';
import { units } from '../units/unit.tables';
import { files } from './file.tables';
import { sniff, type FileKind } from './file.sniff';

export type StoredFile = typeof files.$inferSelect;

const MAX_EDGE = 2560;
const THUMB_EDGE = 320;

/**
 * The one safe path for every upload: sniff the bytes, refuse what we do not accept, re-encode
 * photos (which drops EXIF, GPS included, after applying its rotation) and make a thumbnail.
 * A corrupt image is refused and nothing is stored.
 */
export async function storeUpload(
  deps: { db: Db; store: BlobStore },
  ctx: RequestContext & { actor: Actor | null },
  input: { buffer: Buffer; filename: string; unitId?: number | null; accept?: readonly FileKind[] },
): Promise<StoredFile> {
  const type = await sniff(input.buffer);
  if (!type || (input.accept && !input.accept.includes(type.kind))) {
    throw new AppError(415, 'file_unsupported', 'file_unsupported', { accepted: (input.accept ?? ['photo', 'document', 'table']).join('/') });
  }
  let data = input.buffer;
  let contentType = type.mime;
  let width: number | null = null;
  let height: number | null = null;
  let thumb: Buffer | null = null;
  let hadExif = false;
  if (type.kind === 'photo') {
    try {
      const image = sharp(input.buffer, { failOn: 'error' });
      const meta = await image.metadata();
      hadExif = meta.exif != null;
      const out = await image.rotate().resize({ width: MAX_EDGE, height: MAX_EDGE, fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality: 85, mozjpeg: true }).toBuffer({ resolveWithObject: true });
      data = out.data;
      width = out.info.width;
      height = out.info.height;
      contentType = 'image/jpeg';
      thumb = await sharp(data).resize({ width: THUMB_EDGE, height: THUMB_EDGE, fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 75 }).toBuffer();
    } catch {
      throw new AppError(400, 'image_corrupt', 'image_corrupt');
    }
  }
  const id = randomUUID();
  const day = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
  const ext = type.kind === 'photo' ? 'jpg' : type.ext;
  const storageKey = `${day}/${id}.${ext}`;
  const thumbKey = thumb ? `${day}/${id}.thumb.jpg` : null;
  await deps.store.put(storageKey, data, contentType);
  if (thumb && thumbKey) await deps.store.put(thumbKey, thumb, 'image/jpeg');
  // Keep the user's file name for downloads, minus path separators and control characters.
  const originalName = [...input.filename].map((c) => (c === '/' || c === '\\' || c.charCodeAt(0) < 32 ? '_' : c)).join('').slice(0, 200) || `upload.${ext}`;
  return deps.db.transaction(async (tx) => {
    const [row] = await tx.insert(files).values({
      id, kind: type.kind, originalName, contentType, size: data.length, width, height,
      sha256: createHash('sha256').update(data).digest('hex'), storageKey, thumbKey, hadExif,
      unitId: input.unitId ?? null, uploadedBy: ctx.actor?.userId ?? null,
    }).returning();
    await recordAudit(tx, ctx, { action: 'file.upload', entityType: 'file', entityId: id, unitId: input.unitId ?? null, after: { originalName, kind: type.kind, size: data.length } });
    return row!;
  });
}

export async function findFile(exec: Executor, id: string): Promise<StoredFile | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await exec.select().from(files).where(eq(files.id, id));
  return row ?? null;
}

/** Staff see a file they uploaded or one attached to a unit within any of their grants. */
export async function getFileForActor(db: Db, actor: Actor, id: string): Promise<StoredFile> {
  const file = await findFile(db, id);
  if (!file) throw notFound();
  if (file.uploadedBy === actor.userId) return file;
  if (file.unitId != null) {
    const [unit] = await db.select({ path: units.path }).from(units).where(eq(units.id, file.unitId));
    if (unit && actor.grants.some((g) => unit.path.startsWith(g.unitPath))) return file;
  }
  throw notFound();
}
