import { and, asc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { SELF_ASSESSMENT_STATUSES, type SelfAssessmentStatus } from '@chuangwen/domain/framework/framework.schemas';
import type { selfAssessmentInput } from '@chuangwen/domain/framework/framework.api';
import type { Db } from '../../platform/db/db';
import type { Actor, RequestContext } from '../../platform/auth/actor';
import { AppError, conflict, notFound } from '../../platform/http/errors';
import { recordAudit } from '../../platform/audit/audit.service';
import { users } from '../../platform/identity/user.tables';
import { responsibilities, selfAssessmentEvents, selfAssessments } from './framework.tables';
import * as repo from './framework.repo';
import { answersWithin, canOnPath, isCountyWide, unitPaths, unitScope } from './framework.policy';
import { presentSelfAssessment } from './framework.service';
import { criteriaInOrder, listResponsibilityRows } from './responsibility.service';

type Ctx = RequestContext & { actor: Actor };

/** Counts per status and the share met or mostly met among the applicable criteria. */
export function selfAssessmentSummary(criteria: number, statuses: Iterable<SelfAssessmentStatus>) {
  const counts = Object.fromEntries([...SELF_ASSESSMENT_STATUSES, 'unassessed'].map((s) => [s, 0])) as Record<SelfAssessmentStatus | 'unassessed', number>;
  let assessed = 0;
  for (const s of statuses) {
    counts[s]++;
    assessed++;
  }
  counts.unassessed = criteria - assessed;
  const applicable = criteria - counts.notApplicable;
  return {
    criteria,
    counts,
    metOrMostlyMetShare: applicable > 0 ? Math.round(((counts.met + counts.mostlyMet) / applicable) * 10_000) / 10_000 : null,
  };
}

/** May the actor set this criterion's status? The office anywhere; a unit manager where their unit leads. */
function canEnter(actor: Actor, leadPath: string | null): boolean {
  if (isCountyWide(actor, 'selfAssessment.enter')) return true;
  return leadPath != null && canOnPath(actor, 'selfAssessment.enter', leadPath);
}

export async function listSelfAssessments(db: Db, actor: Actor, frameworkId: number) {
  const f = await repo.getFrameworkRow(db, frameworkId);
  const set = await repo.loadNodeSet(db, f);
  const scope = await unitScope(db, actor, 'framework.view');
  const resp = new Map((await listResponsibilityRows(db, frameworkId)).map((r) => [r.nodeId, r]));
  const rows = await db
    .select({ s: selfAssessments, name: users.name })
    .from(selfAssessments)
    .leftJoin(users, eq(users.id, selfAssessments.updatedBy))
    .where(eq(selfAssessments.frameworkId, frameworkId));
  const current = new Map(rows.map((r) => [r.s.nodeId, r]));
  const leads = await unitPaths(
    db,
    [...resp.values()].map((r) => r.leadUnitId),
  );
  const items = criteriaInOrder(set).flatMap((c) => {
    const r = resp.get(c.id) ?? null;
    if (!answersWithin(scope, r)) return [];
    const sa = current.get(c.id);
    const lead = r ? leads.get(r.leadUnitId) : undefined;
    return [
      {
        nodeId: c.id,
        code: c.code,
        name: c.name,
        areaName: set.areaOf.get(c.id)?.name ?? '',
        points: repo.pointsOut(c.points) ?? '0',
        lead: r && lead ? { id: r.leadUnitId, name: lead.name } : null,
        current: sa ? presentSelfAssessment(c.code, sa.s, sa.name) : null,
        canEnter: f.status === 'published' && canEnter(actor, lead?.path ?? null),
      },
    ];
  });
  return {
    items,
    summary: selfAssessmentSummary(
      items.length,
      items.flatMap((i) => (i.current ? [i.current.status] : [])),
    ),
  };
}

/** Sets the status (optimistic version check), appends the history row and the audit row, in one transaction. */
export async function setSelfAssessment(db: Db, ctx: Ctx, frameworkId: number, nodeId: number, input: z.infer<typeof selfAssessmentInput>) {
  await db.transaction(async (tx) => {
    const f = await repo.lockFramework(tx, frameworkId);
    if (f.status !== 'published') throw new AppError(409, 'conflict', 'framework_not_published');
    const node = await repo.getNode(tx, frameworkId, nodeId);
    if (node.level !== 'criterion')
      throw new AppError(400, 'validation_failed', 'framework_not_criterion', { code: node.code }, [{ path: 'nodeId', message: node.code }]);
    const [resp] = await tx.select().from(responsibilities).where(eq(responsibilities.nodeId, nodeId));
    const leadPath = resp ? ((await unitPaths(tx, [resp.leadUnitId])).get(resp.leadUnitId)?.path ?? null) : null;
    if (!canEnter(ctx.actor, leadPath)) throw new AppError(403, 'forbidden', 'framework_not_responsible', { code: node.code });
    const [before] = await tx.select().from(selfAssessments).where(eq(selfAssessments.nodeId, nodeId)).for('update');
    if (before && input.version !== before.version) throw conflict();
    if (!before && input.version !== undefined && input.version !== 0) throw conflict();
    await tx
      .insert(selfAssessments)
      .values({ nodeId, frameworkId, status: input.status, note: input.note, updatedBy: ctx.actor.userId })
      .onConflictDoUpdate({
        target: selfAssessments.nodeId,
        set: { status: input.status, note: input.note, updatedBy: ctx.actor.userId, updatedAt: sql`now()`, version: sql`${selfAssessments.version} + 1` },
      });
    await tx.insert(selfAssessmentEvents).values({
      frameworkId,
      nodeId,
      fromStatus: before?.status ?? null,
      status: input.status,
      note: input.note,
      actorId: ctx.actor.userId,
      actorName: `${ctx.actor.name} (${ctx.actor.username})`,
    });
    await repo.touchData(tx, frameworkId);
    await recordAudit(tx, ctx, {
      action: 'selfAssessment.set',
      entityType: 'framework',
      entityId: frameworkId,
      unitId: resp?.leadUnitId ?? null,
      before: before ? { code: node.code, status: before.status, note: before.note } : null,
      after: { code: node.code, status: input.status, note: input.note },
    });
  });
}

export async function selfAssessmentHistory(db: Db, actor: Actor, frameworkId: number, nodeId: number) {
  const node = await repo.getNode(db, frameworkId, nodeId);
  const [resp] = await db.select().from(responsibilities).where(eq(responsibilities.nodeId, node.id));
  if (!answersWithin(await unitScope(db, actor, 'framework.view'), resp ?? null)) throw notFound();
  const rows = await db
    .select()
    .from(selfAssessmentEvents)
    .where(and(eq(selfAssessmentEvents.frameworkId, frameworkId), eq(selfAssessmentEvents.nodeId, nodeId)))
    .orderBy(asc(selfAssessmentEvents.id));
  return rows.map((r) => ({ id: r.id, fromStatus: r.fromStatus, status: r.status, note: r.note, actorName: r.actorName, at: r.at.toISOString() }));
}
