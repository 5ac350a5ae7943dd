import type { FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';

export const UPLOAD_LIMIT_BYTES = 20 * 1024 * 1024;

/**
 * Lets the calling feature's routes accept multipart/form-data uploads. Registered per feature
 * (not app-wide) because the plugin hooks every response of the scope it is registered in: routes
 * that never take a file should not pay for it, and answer 415 to a multipart body.
 */
export async function acceptUploads(app: FastifyInstance): Promise<void> {
  await app.register(multipart, { limits: { fileSize: UPLOAD_LIMIT_BYTES, files: 1, fields: 10 }, throwFileSizeLimit: true });
}
