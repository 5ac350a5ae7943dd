import type { Locale } from '@chuangwen/domain/i18n/labels';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isMessageKey, t, type MessageKey } from './messages';
import { UPLOAD_FILES_LIMIT, UPLOAD_LIMIT_BYTES } from './uploads';

/** A failure the caller can act on: status, stable code, localised message, optional details. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageKey: MessageKey,
    readonly params: Record<string, unknown> = {},
    readonly details: unknown = null,
  ) {
    super(messageKey);
  }
  /** Extra fields of the error object, e.g. `reportUrl` of a failed import's error report. */
  extra: Record<string, unknown> | null = null;
}

export const notFound = () => new AppError(404, 'not_found', 'not_found');
export const forbidden = () => new AppError(403, 'forbidden', 'forbidden');
export const conflict = () => new AppError(409, 'conflict', 'conflict');
export const duplicate = (field: string, value: string) => new AppError(409, 'conflict', 'duplicate', { field, value }, [{ path: field, message: value }]);

export type FieldError = { path: string; message: string };

type ZodIssueLike = { keyword: string; instancePath: string; message: string; params: Record<string, unknown> };

/** Zod issues (as fastify-type-provider-zod hands them over) → one message per bad field. */
export function localiseIssue(locale: Locale, issue: ZodIssueLike): FieldError {
  const p = issue.params;
  const path = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const origin = String(p.origin ?? '');
  const kind = origin === 'string' ? 'string' : origin === 'array' || origin === 'set' ? 'array' : 'number';
  let message: string;
  switch (issue.keyword) {
    case 'invalid_type':
      message = /received undefined/.test(issue.message) ? t(locale, 'v.required') : t(locale, 'v.type', { expected: p.expected });
      break;
    case 'too_small':
      message = t(locale, `v.too_small.${kind}` as MessageKey, { minimum: p.minimum });
      break;
    case 'too_big':
      message = t(locale, `v.too_big.${kind}` as MessageKey, { maximum: p.maximum });
      break;
    case 'invalid_format':
      message = t(locale, 'v.format');
      break;
    case 'invalid_value':
      message = t(locale, 'v.enum', { values: Array.isArray(p.values) ? p.values.join(', ') : '' });
      break;
    case 'unrecognized_keys':
      message = t(locale, 'v.unknown_keys', { keys: Array.isArray(p.keys) ? p.keys.join(', ') : '' });
      break;
    default:
      message = isMessageKey(issue.message) ? t(locale, issue.message) : t(locale, 'v.invalid');
  }
  if (isMessageKey(issue.message)) message = t(locale, issue.message);
  return { path, message };
}

function send(reply: FastifyReply, status: number, code: string, message: string, details: unknown = null, extra: Record<string, unknown> | null = null) {
  return reply.status(status).send({ error: { ...extra, code, message, details } });
}

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError | AppError, req: FastifyRequest, reply: FastifyReply) => {
    const locale = req.locale;
    if (err instanceof AppError) {
      if (err.status === 429 && typeof err.params.seconds === 'number') reply.header('retry-after', err.params.seconds);
      // Field details may carry message keys; they are localised like the message itself.
      const details = Array.isArray(err.details)
        ? err.details.map((d: FieldError) =>
            d && typeof d.message === 'string' && isMessageKey(d.message) ? { ...d, message: t(locale, d.message, err.params) } : d,
          )
        : err.details;
      return send(reply, err.status, err.code, t(locale, err.messageKey, err.params), details, err.extra);
    }
    // Database constraints are the last line of defence; their violations are the caller's conflict.
    const pgCode = postgresCode(err);
    if (pgCode === '23503') return send(reply, 409, 'conflict', t(locale, 'in_use'));
    if (pgCode === '23505') return send(reply, 409, 'conflict', t(locale, 'duplicate_value'));
    if (pgCode === '40001' || pgCode === '40P01') return send(reply, 409, 'conflict', t(locale, 'conflict'));
    if (hasZodFastifySchemaValidationErrors(err)) {
      // One entry per bad field: an "unknown fields" issue is split into one entry per key.
      const issues = (err.validation as unknown as ZodIssueLike[]).flatMap((issue) =>
        issue.keyword === 'unrecognized_keys' && Array.isArray(issue.params.keys)
          ? (issue.params.keys as string[]).map((key) => ({
              ...issue,
              instancePath: `${issue.instancePath.replace(/\/$/, '')}/${key}`,
              params: { ...issue.params, keys: [key] },
            }))
          : [issue],
      );
      const details = issues.map((issue) => localiseIssue(locale, issue));
      const where = (err as { validationContext?: string }).validationContext;
      return send(
        reply,
        400,
        'validation_failed',
        t(locale, 'validation_failed'),
        details.map((d) => ({ ...d, path: where && where !== 'body' ? `${where}.${d.path}`.replace(/\.$/, '') : d.path })),
      );
    }
    switch (err.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        // The route's own limit where it sets one (uploads of whole files), else the global one.
        return send(
          reply,
          413,
          'payload_too_large',
          t(locale, 'payload_too_large', { limit: formatBytes(req.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit ?? 0) }),
        );
      case 'FST_REQ_FILE_TOO_LARGE':
        // A file part over the per-file limit of acceptUploads (not the body limit, which multipart ignores).
        return send(reply, 413, 'payload_too_large', t(locale, 'file_too_large', { limit: formatBytes(UPLOAD_LIMIT_BYTES) }));
      case 'FST_FILES_LIMIT':
        return send(reply, 413, 'payload_too_large', t(locale, 'files_too_many', { max: UPLOAD_FILES_LIMIT }));
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return send(reply, 415, 'unsupported_media_type', t(locale, 'unsupported_media_type', { type: req.headers['content-type'] ?? '' }));
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return send(reply, 400, 'invalid_json', t(locale, 'invalid_json'));
    }
    if (err instanceof SyntaxError || (err.statusCode === 400 && /JSON/i.test(err.message))) {
      return send(reply, 400, 'invalid_json', t(locale, 'invalid_json'));
    }
    if (err.statusCode === 429) {
      const seconds = Number(reply.getHeader('retry-after') ?? 60);
      return send(reply, 429, 'rate_limited', t(locale, 'rate_limited', { seconds }));
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return send(reply, err.statusCode, 'bad_request', err.message);
    }
    req.log.error({ err }, 'unhandled error');
    return send(reply, 500, 'internal', t(locale, 'internal'));
  });
}

/** The SQLSTATE of a PostgreSQL/PGlite error, also when drizzle wraps it. */
function postgresCode(err: unknown): string | null {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 3; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  }
  return null;
}

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round((n / 1024 / 1024) * 10) / 10} MiB` : `${Math.round(n / 1024)} KiB`;
}
