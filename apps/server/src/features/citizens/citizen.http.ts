import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Locale } from '@chuangwen/domain/i18n/labels';
import { CITIZEN_PHOTO_LIMIT, CITIZEN_PHOTO_MAX_BYTES } from '@chuangwen/domain/citizens/citizen.schemas';
import type { BlobStore } from '../../platform/storage/storage';
import { AppError, formatBytes, type FieldError } from '../../platform/http/errors';
import { isMessageKey, t, type MessageKey } from '../../platform/http/messages';
import type { StoredFile } from '../files/file.service';

// HTTP helpers shared by the public routes (citizens, exposure) and Open311.

/** Zod issues of a hand-parsed input (multipart fields, Open311 forms) → localised field errors. */
export function zodFieldErrors(locale: Locale, error: z.ZodError): FieldError[] {
  return error.issues.map((i) => {
    const issue = i as { code: string; message: string; maximum?: unknown; minimum?: unknown; input?: unknown; origin?: string };
    const kind = issue.origin === 'string' ? 'string' : issue.origin === 'array' ? 'array' : 'number';
    let key: MessageKey = 'v.invalid';
    const params: Record<string, unknown> = { maximum: issue.maximum, minimum: issue.minimum };
    if (isMessageKey(issue.message)) key = issue.message;
    else if (issue.code === 'invalid_type' && issue.input === undefined) key = 'v.required';
    else if (issue.code === 'too_big') key = `v.too_big.${kind}` as MessageKey;
    else if (issue.code === 'too_small') key = issue.input === '' ? 'v.required' : (`v.too_small.${kind}` as MessageKey);
    else if (issue.code === 'unrecognized_keys') {
      key = 'v.unknown_keys';
      params.keys = (i as { keys?: string[] }).keys?.join(', ');
    } else if (issue.code === 'invalid_format') key = 'v.format';
    return { path: i.path.map(String).join('.'), message: t(locale, key, params) };
  });
}

export function validationError(locale: Locale, error: z.ZodError): AppError {
  return new AppError(400, 'validation_failed', 'validation_failed', {}, zodFieldErrors(locale, error));
}

export type UploadedPhoto = { buffer: Buffer; filename: string };

/** Reads a multipart report: text fields and up to CITIZEN_PHOTO_LIMIT file parts named `photo`. */
export async function readReportForm(req: FastifyRequest): Promise<{ fields: Record<string, string>; photos: UploadedPhoto[] }> {
  if (!req.isMultipart()) throw new AppError(415, 'unsupported_media_type', 'citizen_multipart_required');
  const fields: Record<string, string> = {};
  const photos: UploadedPhoto[] = [];
  try {
    const parts = req.parts({ limits: { files: CITIZEN_PHOTO_LIMIT + 1, fileSize: CITIZEN_PHOTO_MAX_BYTES, fields: 12, fieldSize: 16 * 1024, parts: 20 } });
    for await (const part of parts) {
      if (part.type === 'file') {
        const buffer = await part.toBuffer();
        if (part.fieldname !== 'photo') continue;
        if (photos.length >= CITIZEN_PHOTO_LIMIT) throw tooMany();
        photos.push({ buffer, filename: part.filename || 'photo.jpg' });
      } else {
        fields[part.fieldname] = String(part.value);
      }
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE')
      throw new AppError(413, 'payload_too_large', 'citizen_photo_too_large', { limit: formatBytes(CITIZEN_PHOTO_MAX_BYTES) });
    if (code === 'FST_FILES_LIMIT') throw tooMany();
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw new AppError(400, 'validation_failed', 'v.invalid');
    throw err;
  }
  return { fields, photos };
}

const tooMany = () =>
  new AppError(400, 'validation_failed', 'citizen_too_many_photos', { max: CITIZEN_PHOTO_LIMIT }, [{ path: 'photo', message: 'citizen_too_many_photos' }]);

/** Sends a stored public image (a redacted copy or an after-photo). */
export async function sendPublicImage(reply: FastifyReply, store: BlobStore, file: StoredFile, thumb: boolean) {
  const key = thumb ? file.thumbKey : file.storageKey;
  const data = key ? await store.get(key) : null;
  if (!data) throw new AppError(404, 'not_found', 'not_found');
  // Short public caching: a withdrawn post or a replaced redaction disappears within minutes.
  return reply
    .type(thumb ? 'image/jpeg' : file.contentType)
    .header('cache-control', 'public, max-age=300')
    .header('x-content-type-options', 'nosniff')
    .header('content-disposition', 'inline')
    .send(data);
}
