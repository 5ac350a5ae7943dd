import type { AppDeps } from '../../platform/features/feature';
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { EXPORT_RETENTION_DAYS, LEDGER_READ_PERMISSION, type ExportErrorCode } from '@chuangwen/domain/exports/export.schemas';
import type { Db } from '../../platform/db/db';
import type { BlobStore } from '../../platform/storage/storage';
import { loadActorByUserId } from '../../platform/auth/session';
import { AppError } from '../../platform/http/errors';
import { writeXlsx } from '../../platform/excel/xlsx-stream';
import { LEDGERS, ledgerFileName } from './export.ledgers';
import { PartWriter, deleteParts } from './export.file';
import type { ExportJobRow } from './export.tables';
import * as repo from './export.repo';

// The export worker: every replica runs one, each working ONE job at a time (so a replica's memory
// stays bounded however many exports are queued). A job is claimed with FOR UPDATE SKIP LOCKED,
// rows are read in keyset batches into the streaming xlsx writer (platform/excel/xlsx-stream.ts),
// and the zip is cut into parts stored as they fill (export.file.ts). Progress and a heartbeat go
// to the job row.
//
// Crashes: a job whose worker died stays `running` with a stale heartbeat. Every worker tick puts
// such jobs back to `queued` (they are started over from the first row by whichever replica claims
// them; the parts already written are deleted first), up to MAX_ATTEMPTS, after which the job is
// `failed` with `worker_lost`. A replica shutting down hands its job back to the queue itself.

export type ExportWorkerOptions = {
  /** How often the queue is looked at (jobs started on this replica are picked up at once). */
  pollMs: number;
  /** A running job whose heartbeat is older than this is considered orphaned. */
  staleSeconds: number;
  maxAttempts: number;
  retentionDays: number;
  cleanupEveryMs: number;
  /** Rows between progress updates are also bounded by time (ms). */
  progressEveryMs: number;
};

export const DEFAULT_WORKER_OPTIONS: ExportWorkerOptions = {
  pollMs: 5_000,
  staleSeconds: 60,
  maxAttempts: 3,
  retentionDays: EXPORT_RETENTION_DAYS,
  cleanupEveryMs: 3_600_000,
  progressEveryMs: 500,
};

class Interrupted extends Error {}
class Lost extends Error {}

type Log = { error: (obj: unknown, msg: string) => void; info: (obj: unknown, msg: string) => void };

export class ExportWorker {
  readonly id = `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopping = false;
  private lastCleanup = 0;
  private opts: ExportWorkerOptions;

  constructor(
    private db: Db,
    private store: BlobStore,
    private log: Log,
    opts: Partial<ExportWorkerOptions> = {},
  ) {
    this.opts = { ...DEFAULT_WORKER_OPTIONS, ...opts };
  }

  start(): void {
    if (this.opts.pollMs > 0) {
      this.timer = setInterval(() => this.kick(), this.opts.pollMs);
      this.timer.unref();
    }
    this.kick();
  }

  /** Look at the queue now (after a job was started here); never runs two loops at once. */
  kick(): void {
    if (this.stopping) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop()
      .catch((err: unknown) => this.log.error({ err }, 'export worker failed'))
      .finally(() => {
        this.running = null;
        if (this.again && !this.stopping) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Stops taking jobs; a job in progress is handed back to the queue at its next batch. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One pass: recover orphaned jobs, clean up old files when due, then work the queue until it is empty. */
  private async loop(): Promise<void> {
    this.again = false;
    const recovered = await repo.requeueStaleJobs(this.db, this.opts.staleSeconds, this.opts.maxAttempts);
    if (recovered.requeued || recovered.failed) this.log.info(recovered, 'export jobs of a stopped worker recovered');
    if (Date.now() - this.lastCleanup >= this.opts.cleanupEveryMs) {
      this.lastCleanup = Date.now();
      await this.cleanUp();
    }
    while (!this.stopping) {
      const job = await repo.claimNextJob(this.db, this.id);
      if (!job) return;
      await this.run(job);
    }
  }

  async cleanUp(now = new Date()): Promise<number> {
    return removeExpiredExports(this.db, this.store, new Date(now.getTime() - this.opts.retentionDays * 86_400_000));
  }

  private async run(job: ExportJobRow): Promise<void> {
    const { db, store, id: worker } = this;
    let written: PartWriter | null = null;
    const heartbeat = setInterval(
      () => {
        repo.reportProgress(db, job.id, worker, {}).catch((err: unknown) => this.log.error({ err }, 'export heartbeat failed'));
      },
      Math.max(1000, (this.opts.staleSeconds * 1000) / 4),
    );
    heartbeat.unref();
    try {
      // A retried job starts over: the parts of the earlier attempt go first.
      if (job.fileParts > 0) {
        await deleteParts(store, job.id, job.fileParts);
        await repo.reportProgress(db, job.id, worker, { fileParts: 0 });
      }
      const actor = await loadActorByUserId(db, job.createdBy);
      // Checked again at run time: permissions revoked since the start end the job.
      if (!actor || !actor.permissions.has('ledger.export') || !actor.permissions.has(LEDGER_READ_PERMISSION[job.kind])) {
        throw new AppError(403, 'forbidden', 'forbidden');
      }
      const ledger = await LEDGERS[job.kind](db, actor, job.filters, job.locale);
      if (!(await repo.reportProgress(db, job.id, worker, { rowsTotal: ledger.total }))) throw new Lost();

      const out = new PartWriter(store, job.id, async (parts) => {
        await repo.reportProgress(db, job.id, worker, { fileParts: parts });
      });
      written = out;
      let reportedAt = Date.now();
      const { rows: rowsDone } = await writeXlsx(
        out,
        ledger.sheets.map((s) => ({ name: s.name, columns: s.columns, rows: s.batches() })),
        {
          onBatch: async (rows) => {
            if (this.stopping) throw new Interrupted();
            if (Date.now() - reportedAt < this.opts.progressEveryMs) return;
            reportedAt = Date.now();
            if (!(await repo.reportProgress(db, job.id, worker, { rowsDone: rows }))) throw new Lost();
          },
        },
      );
      const fileName = ledgerFileName(job.kind, job.locale, job.createdAt);
      // The total was counted before the rows were read; the file is the truth.
      await repo.finishJob(db, job.id, worker, {
        state: 'done',
        rowsDone,
        rowsTotal: rowsDone,
        fileName,
        fileParts: out.parts,
        byteSize: out.bytes,
      });
    } catch (err) {
      await this.fail(job, err, written);
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async fail(job: ExportJobRow, err: unknown, written: PartWriter | null) {
    const { db, store, id: worker } = this;
    if (err instanceof Lost) return; // another worker owns it now
    if (written) {
      written.destroy();
      await deleteParts(store, job.id, written.parts).catch(() => {});
    }
    if (err instanceof Interrupted) {
      // Shutting down is not the job's fault: back to the queue without using up an attempt.
      await repo.finishJob(db, job.id, worker, { state: 'queued', attempts: Math.max(0, job.attempts - 1), worker: null, fileParts: 0, rowsDone: 0 });
      return;
    }
    let code: ExportErrorCode = 'internal';
    if (err instanceof AppError && err.status === 403) code = 'forbidden';
    else if (err instanceof AppError && err.status === 404) code = 'not_found';
    else this.log.error({ err, jobId: job.id }, 'export failed');
    await repo.finishJob(db, job.id, worker, {
      state: 'failed',
      errorCode: code,
      error: err instanceof Error ? err.message.slice(0, 500) : String(err),
      fileParts: 0,
    });
  }
}

/** Jobs (and their files) created before `before`; the audit trail keeps the record of each export. */
export async function removeExpiredExports(db: Db, store: BlobStore, before: Date): Promise<number> {
  let removed = 0;
  for (;;) {
    const jobs = await repo.expiredJobs(db, before, 100);
    for (const job of jobs) {
      await deleteParts(store, job.id, job.fileParts);
      await repo.deleteJob(db, job.id);
    }
    removed += jobs.length;
    if (jobs.length < 100) return removed;
  }
}

// One worker per app instance (its deps), shared by the routes that kick it and the subscriber that starts and drains it.
const workers = new WeakMap<AppDeps['sessions'], ExportWorker>();
export function exportWorkerOf(deps: AppDeps, log: Log): ExportWorker {
  let worker = workers.get(deps.sessions);
  if (!worker) {
    worker = new ExportWorker(deps.database.db, deps.store, log);
    workers.set(deps.sessions, worker);
  }
  return worker;
}
