import type { Readable } from 'node:stream';
import { LEDGER_READ_PERMISSION, type ExportJob, type ExportStartInput } from '@chuangwen/domain/exports/export.schemas';
import type { Db } from '../../platform/db/db';
import type { Actor, RequestContext } from '../../platform/auth/actor';
import type { BlobStore } from '../../platform/storage/storage';
import { forbidden, notFound } from '../../platform/http/errors';
import { recordAudit } from '../../platform/audit/audit.service';
import { readParts } from './export.file';
import * as repo from './export.repo';

type Ctx = RequestContext & { actor: Actor };

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function present({ job, creatorName }: repo.JobWithCreator): ExportJob {
  return {
    id: job.id,
    kind: job.kind,
    state: job.state,
    filters: job.filters,
    rowsDone: job.rowsDone,
    rowsTotal: job.rowsTotal,
    fileName: job.fileName,
    byteSize: job.byteSize,
    errorCode: job.errorCode,
    error: job.error,
    attempts: job.attempts,
    createdBy: { id: job.createdBy, name: creatorName },
    createdAt: job.createdAt.toISOString(),
    startedAt: iso(job.startedAt),
    finishedAt: iso(job.finishedAt),
    downloadUrl: job.state === 'done' ? `/api/exports/${job.id}/file` : null,
  };
}

/**
 * Queues an export; the worker writes it. The kind's read permission is checked now (and again
 * when the job runs); the rows are scoped by it when read. Audited with the filters.
 */
export async function startExport(db: Db, ctx: Ctx, input: ExportStartInput): Promise<ExportJob> {
  if (!ctx.actor.permissions.has(LEDGER_READ_PERMISSION[input.kind])) throw forbidden();
  const job = await db.transaction(async (tx) => {
    const row = await repo.insertJob(tx, {
      kind: input.kind,
      filters: input.filters as Record<string, unknown>,
      locale: ctx.locale,
      createdBy: ctx.actor.userId,
    });
    await recordAudit(tx, ctx, {
      action: 'export.create',
      entityType: 'export',
      entityId: row.id,
      unitId: ctx.actor.unitId,
      after: { kind: input.kind, filters: input.filters },
    });
    return row;
  });
  return present({ job, creatorName: ctx.actor.name });
}

/** The caller's own exports, newest first (jobs older than the retention period are gone). */
export async function listMyExports(db: Db, actor: Actor): Promise<ExportJob[]> {
  return (await repo.listJobsOf(db, actor.userId, 100)).map(present);
}

async function ownJob(db: Db, actor: Actor, id: string) {
  const row = await repo.findJob(db, id);
  // Someone else's export does not exist for the caller.
  if (!row || row.job.createdBy !== actor.userId) throw notFound();
  return row;
}

export async function getExport(db: Db, actor: Actor, id: string): Promise<ExportJob> {
  return present(await ownJob(db, actor, id));
}

/** The finished file as a stream of its stored parts; each download is audited. */
export async function openDownload(db: Db, store: BlobStore, ctx: Ctx, id: string): Promise<{ fileName: string; byteSize: number; stream: Readable }> {
  const { job } = await ownJob(db, ctx.actor, id);
  if (job.state !== 'done' || !job.fileName || job.byteSize == null) throw notFound();
  await recordAudit(db, ctx, {
    action: 'export.download',
    entityType: 'export',
    entityId: job.id,
    unitId: ctx.actor.unitId,
    after: { kind: job.kind, fileName: job.fileName, rows: job.rowsDone },
  });
  return { fileName: job.fileName, byteSize: job.byteSize, stream: readParts(store, job.id, job.fileParts) };
}
