import { createHash, randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db/db';
import type { Actor, RequestContext } from '../../platform/auth/actor';
import type { BlobStore } from '../../platform/storage/storage';
import { AppError, notFound, type FieldError } from '../../platform/http/errors';
import { t } from '../../platform/http/messages';
import { LOCALES } from '@chuangwen/domain/i18n/labels';
import { recordAudit } from '../../platform/audit/audit.service';
import { units } from '../../platform/identity/unit.tables';
import { files } from './file.tables';
import { FILE_KINDS, sniff, type FileKind } from './file.sniff';

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
  if (!type || (input.accept && !input.accept.includes(type.kind))) throw unsupportedFile(input.accept ?? FILE_KINDS);
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
      const out = await image
        .rotate()
        .resize({ width: MAX_EDGE, height: MAX_EDGE, fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality: 85, mozjpeg: true })
        .toBuffer({ resolveWithObject: true });
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
  const originalName =
    [...input.filename]
      .map((c) => (c === '/' || c === '\\' || c.charCodeAt(0) < 32 ? '_' : c))
      .join('')
      .slice(0, 200) || `upload.${ext}`;
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(files)
      .values({
        id,
        kind: type.kind,
        originalName,
        contentType,
        size: data.length,
        width,
        height,
        sha256: createHash('sha256').update(data).digest('hex'),
        storageKey,
        thumbKey,
        hadExif,
        unitId: input.unitId ?? null,
        uploadedBy: ctx.actor?.userId ?? null,
      })
      .returning();
    await recordAudit(tx, ctx, {
      action: 'file.upload',
      entityType: 'file',
      entityId: id,
      unitId: input.unitId ?? null,
      after: { originalName, kind: type.kind, size: data.length },
    });
    return row!;
  });
}

/**
 * The one refusal of a file of the wrong kind (415), for an upload and for a stored file attached
 * where another kind is expected (a document as a case photo). Lists the accepted kinds by name.
 */
export function unsupportedFile(accept: readonly FileKind[], details: FieldError[] | null = null): AppError {
  const accepted = Object.fromEntries(LOCALES.map((l) => [l, accept.map((k) => t(l, `file_kind.${k}`)).join(t(l, 'list_separator'))]));
  return new AppError(415, 'file_unsupported', 'file_unsupported', { accepted }, details);
}

/**
 * Checks the files a request attaches: each must exist and be the caller's own upload (else 400),
 * and be of a kind its field accepts (else 415 as its upload would have been: a PDF renamed .jpg
 * is a document by its bytes and never becomes a photo). `accept` absent = any kind.
 */
export async function assertOwnFiles(
  exec: Executor,
  userId: number,
  fields: { path: string; ids: readonly string[]; accept?: readonly FileKind[] }[],
): Promise<void> {
  const ids = [...new Set(fields.flatMap((f) => f.ids))];
  if (!ids.length) return;
  const rows = await exec
    .select({ id: files.id, kind: files.kind })
    .from(files)
    .where(and(inArray(files.id, ids), eq(files.uploadedBy, userId)));
  const kinds = new Map(rows.map((r) => [r.id, r.kind]));
  for (const f of fields) {
    const missing = f.ids.findIndex((id) => !kinds.has(id));
    if (missing >= 0) throw new AppError(400, 'validation_failed', 'case_file_invalid', {}, [{ path: `${f.path}.${missing}`, message: f.ids[missing]! }]);
  }
  for (const f of fields) {
    const wrong = f.accept ? f.ids.findIndex((id) => !f.accept!.includes(kinds.get(id)!)) : -1;
    if (wrong >= 0) throw unsupportedFile(f.accept!, [{ path: `${f.path}.${wrong}`, message: 'file_unsupported' }]);
  }
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
