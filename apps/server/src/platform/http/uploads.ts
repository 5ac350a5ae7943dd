import type { FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';

/** Per file; error messages name this limit (errors.ts). */
export const UPLOAD_LIMIT_BYTES = 20 * 1024 * 1024;
export const UPLOAD_FILES_LIMIT = 1;

/**
 * Lets the calling feature's routes accept multipart/form-data uploads. Registered per feature
 * (not app-wide) because the plugin hooks every response of the scope it is registered in: routes
 * that never take a file should not pay for it, and answer 415 to a multipart body.
 */
export async function acceptUploads(app: FastifyInstance): Promise<void> {
  await app.register(multipart, { limits: { fileSize: UPLOAD_LIMIT_BYTES, files: UPLOAD_FILES_LIMIT, fields: 10 }, throwFileSizeLimit: true });
}
