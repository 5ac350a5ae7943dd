import { and, asc, desc, eq, gt, lt, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { LedgerKind } from '@chuangwen/domain/exports/export.schemas';
import type { Locale } from '@chuangwen/domain/i18n/labels';
import { rowsOf, type Executor } from '../../platform/db/db';
import { users } from '../../platform/identity/user.tables';
import { units } from '../../platform/identity/unit.tables';
import { sites } from '../sites/site.tables';
import { cases } from '../cases/case.tables';
import { frameworks } from '../framework/framework.tables';
import { checklistItems, inspectionAssignments, inspectionChecks, inspectionRounds, inspectionTeams } from '../inspections/inspection.tables';
import { exportJobs, type ExportJobRow } from './export.tables';

// Queries of the exports feature: the job rows, and the inspection ledger's site visits (no list
// of single checks exists elsewhere).

export async function insertJob(exec: Executor, values: { kind: LedgerKind; filters: Record<string, unknown>; locale: Locale; createdBy: number }) {
  const [row] = await exec.insert(exportJobs).values(values).returning();
  return row!;
}

const creator = alias(users, 'creator');
const jobSelect = (exec: Executor) =>
  exec.select({ job: exportJobs, creatorName: creator.name }).from(exportJobs).innerJoin(creator, eq(creator.id, exportJobs.createdBy));
export type JobWithCreator = { job: ExportJobRow; creatorName: string };

export async function findJob(exec: Executor, id: string): Promise<JobWithCreator | null> {
  const [row] = await jobSelect(exec).where(eq(exportJobs.id, id));
  return row ?? null;
}

export async function listJobsOf(exec: Executor, userId: number, limit: number): Promise<JobWithCreator[]> {
  return jobSelect(exec).where(eq(exportJobs.createdBy, userId)).orderBy(desc(exportJobs.createdAt)).limit(limit);
}

/** Takes the oldest queued job for this worker; SKIP LOCKED lets replicas claim different jobs at once. */
export async function claimNextJob(exec: Executor, worker: string): Promise<ExportJobRow | null> {
  const result = await exec.execute(sql`
    update ${exportJobs} set state = 'running', attempts = attempts + 1, worker = ${worker},
      started_at = now(), heartbeat_at = now(), rows_done = 0, error_code = null, error = null
    where id = (select id from ${exportJobs} where state = 'queued' order by created_at limit 1 for update skip locked)
    returning id`);
  const [claimed] = rowsOf<{ id: string }>(result);
  if (!claimed) return null;
  const [row] = await exec.select().from(exportJobs).where(eq(exportJobs.id, claimed.id));
  return row ?? null;
}

/** Progress and heartbeat; only while this worker still owns the job (`false`: it was taken away). */
export async function reportProgress(
  exec: Executor,
  id: string,
  worker: string,
  patch: { rowsDone?: number; rowsTotal?: number; fileParts?: number },
): Promise<boolean> {
  const rows = await exec
    .update(exportJobs)
    .set({ ...patch, heartbeatAt: sql`now()` })
    .where(and(eq(exportJobs.id, id), eq(exportJobs.worker, worker), eq(exportJobs.state, 'running')))
    .returning({ id: exportJobs.id });
  return rows.length === 1;
}

export async function finishJob(exec: Executor, id: string, worker: string, values: Partial<ExportJobRow> & { state: 'done' | 'failed' | 'queued' }) {
  const rows = await exec
    .update(exportJobs)
    .set({ ...values, finishedAt: values.state === 'queued' ? null : sql`now()`, heartbeatAt: sql`now()` })
    .where(and(eq(exportJobs.id, id), eq(exportJobs.worker, worker), eq(exportJobs.state, 'running')))
    .returning({ id: exportJobs.id });
  return rows.length === 1;
}

/**
 * Running jobs whose worker stopped beating: queued again (the next worker starts them over),
 * or failed with `worker_lost` once they used up their attempts.
 */
export async function requeueStaleJobs(exec: Executor, staleSeconds: number, maxAttempts: number): Promise<{ requeued: number; failed: number }> {
  const result = await exec.execute(sql`
    update ${exportJobs} set
      state = case when attempts >= ${maxAttempts} then 'failed' else 'queued' end,
      error_code = case when attempts >= ${maxAttempts} then 'worker_lost' else null end,
      error = case when attempts >= ${maxAttempts} then 'the worker stopped ' || attempts || ' times' else null end,
      finished_at = case when attempts >= ${maxAttempts} then now() else null end,
      worker = null
    where state = 'running' and heartbeat_at < now() - make_interval(secs => ${staleSeconds})
    returning state`);
  const states = rowsOf<{ state: string }>(result).map((r) => r.state);
  return { requeued: states.filter((s) => s === 'queued').length, failed: states.filter((s) => s === 'failed').length };
}

/** Jobs created before the cut-off that are not running, oldest first (for the clean-up). */
export async function expiredJobs(exec: Executor, before: Date, limit: number) {
  return exec
    .select({ id: exportJobs.id, fileParts: exportJobs.fileParts })
    .from(exportJobs)
    .where(and(lt(exportJobs.createdAt, before), sql`${exportJobs.state} <> 'running'`))
    .orderBy(asc(exportJobs.createdAt))
    .limit(limit);
}

export async function deleteJob(exec: Executor, id: string) {
  await exec.delete(exportJobs).where(eq(exportJobs.id, id));
}

/** The framework a matrix or evidence ledger reads when none is named: the published one, else the newest. */
export async function defaultFrameworkId(exec: Executor): Promise<number | null> {
  const [row] = await exec
    .select({ id: frameworks.id })
    .from(frameworks)
    .orderBy(sql`(${frameworks.status} = 'published') desc`, desc(frameworks.id))
    .limit(1);
  return row?.id ?? null;
}

// ---- The inspection ledger ----------------------------------------------------------------------

export async function listRoundsForLedger(exec: Executor, roundId: number | undefined) {
  return exec
    .select()
    .from(inspectionRounds)
    .where(roundId ? eq(inspectionRounds.id, roundId) : undefined)
    .orderBy(asc(inspectionRounds.periodStart), asc(inspectionRounds.id));
}

const town = alias(units, 'town');
const checker = alias(users, 'checker');

function visitConditions(scope: SQL, roundId: number | undefined): SQL[] {
  return [scope, ...(roundId ? [eq(inspectionChecks.roundId, roundId)] : [])];
}

/** `scope`: the caller's inspection.view subtrees on the site's unit path (inScope). */
export async function countVisitChecks(exec: Executor, scope: SQL, roundId: number | undefined): Promise<number> {
  const [row] = await exec
    .select({ n: sql<number>`count(*)::int` })
    .from(inspectionChecks)
    .innerJoin(inspectionAssignments, eq(inspectionAssignments.id, inspectionChecks.assignmentId))
    .innerJoin(sites, eq(sites.id, inspectionAssignments.siteId))
    .where(and(...visitConditions(scope, roundId)));
  return row?.n ?? 0;
}

/** One row per checklist result at a visited site, keyset on the check's id. */
export async function listVisitChecks(exec: Executor, scope: SQL, roundId: number | undefined, after: number, limit: number) {
  return exec
    .select({
      id: inspectionChecks.id,
      roundName: inspectionRounds.name,
      teamName: inspectionTeams.name,
      siteCode: sites.code,
      siteName: sites.name,
      siteType: sites.type,
      siteAddress: sites.address,
      townName: town.name,
      visitedAt: inspectionAssignments.visitedAt,
      checkedAt: inspectionChecks.checkedAt,
      checkerName: checker.name,
      criterionCode: inspectionChecks.criterionCode,
      wording: checklistItems.wording,
      result: inspectionChecks.result,
      note: inspectionChecks.note,
      caseNumber: cases.number,
    })
    .from(inspectionChecks)
    .innerJoin(inspectionAssignments, eq(inspectionAssignments.id, inspectionChecks.assignmentId))
    .innerJoin(inspectionRounds, eq(inspectionRounds.id, inspectionChecks.roundId))
    .innerJoin(inspectionTeams, eq(inspectionTeams.id, inspectionAssignments.teamId))
    .innerJoin(sites, eq(sites.id, inspectionAssignments.siteId))
    .innerJoin(checklistItems, eq(checklistItems.id, inspectionChecks.checklistItemId))
    .leftJoin(town, eq(town.id, sites.townId))
    .leftJoin(checker, eq(checker.id, inspectionChecks.checkedBy))
    .leftJoin(cases, eq(cases.id, inspectionChecks.caseId))
    .where(and(...visitConditions(scope, roundId), gt(inspectionChecks.id, after)))
    .orderBy(asc(inspectionChecks.id))
    .limit(limit);
}
