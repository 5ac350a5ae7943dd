import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { isFailure, type FieldData, type SyncInput, type SyncResult, type VisitOp } from '@chuangwen/domain/inspections/inspection.schemas';
import type { SiteType } from '@chuangwen/domain/framework/framework.schemas';
import type { CaseCreateInput } from '@chuangwen/domain/cases/case.schemas';
import type { Db } from '../../platform/db/db';
import type { Actor, RequestContext } from '../../platform/auth/actor';
import type { BlobStore } from '../../platform/storage/storage';
import { AppError, notFound } from '../../platform/http/errors';
import { t } from '../../platform/http/messages';
import { recordAudit } from '../../platform/audit/audit.service';
import { assertOwnFiles, storeUpload } from '../files/file.service';
import { createCase } from '../cases/case.create';
import { categoryKey, loadReference, proposeRouting } from '../cases/case.reference';
import { rootPathOf } from '../units/unit.tree';
import { touchData } from '../framework/framework.repo';
import { sites } from '../sites/site.tables';
import { units } from '../../platform/identity/unit.tables';
import { listChecklist } from './checklist.service';
import { conductCondition, memberCondition } from './inspection.policy';
import { assignmentDetail, assignmentsWhere, checksOf, listTeams } from './round.service';
import { checklistItems, inspectionAssignments, inspectionChecks, inspectionOps, inspectionRounds, inspectionTeams } from './inspection.tables';

type Ctx = RequestContext & { actor: Actor };

// The field page (督查员的手机页面): one download of everything a team needs offline, photo uploads
// and a batch sync of queued visits, each with an idempotency key made on the phone. A replayed key
// returns the stored result; a failure's case is created through the cases feature's createCase
// with the failure's own key, so retries and duplicate batches never make a second case.

/** Rounds (not finished) of the actor's teams, their assignments in the teams' towns, and the checklists. */
export async function fieldData(db: Db, actor: Actor): Promise<FieldData> {
  const teamRows = await db
    .select({ team: inspectionTeams, round: inspectionRounds })
    .from(inspectionTeams)
    .innerJoin(inspectionRounds, eq(inspectionRounds.id, inspectionTeams.roundId))
    .where(and(memberCondition(actor), ne(inspectionRounds.status, 'finished')));
  const roundIds = [...new Set(teamRows.map((r) => r.round.id))];
  const teams = await listTeams(db, roundIds);
  const myTeamIds = new Set(teamRows.map((r) => r.team.id));
  const assignments = roundIds.length ? await assignmentsWhere(db, and(inArray(inspectionAssignments.roundId, roundIds), conductCondition(actor))) : [];
  const checks = await checksOf(
    db,
    assignments.map((a) => a.id),
  );
  const frameworkOf = new Map(teamRows.map((r) => [r.round.id, r.round.frameworkId]));
  const need = new Map<number, Set<SiteType>>();
  for (const a of assignments) {
    const fw = frameworkOf.get(a.roundId)!;
    need.set(fw, (need.get(fw) ?? new Set()).add(a.site.type));
  }
  const checklists = (await Promise.all([...need].map(([fw, types]) => listChecklist(db, fw, { siteTypes: [...types], activeOnly: true })))).flat();
  const rounds = [...new Map(teamRows.map((r) => [r.round.id, r.round])).values()].sort((a, b) => b.periodEnd.localeCompare(a.periodEnd) || b.id - a.id);
  return {
    user: { id: actor.userId, name: actor.name },
    rounds: rounds.map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      isAnnounced: r.isAnnounced,
      periodStart: r.periodStart,
      periodEnd: r.periodEnd,
      status: r.status,
      frameworkId: r.frameworkId,
      teams: teams.filter((tm) => tm.roundId === r.id && myTeamIds.has(tm.id)).map((tm) => ({ id: tm.id, name: tm.name, units: tm.units })),
    })),
    assignments: assignments.map((a) => ({ ...a, checks: checks.get(a.id) ?? [] })),
    checklists,
    syncedAt: new Date().toISOString(),
  };
}

/** One of the actor's assignments; another team's (or a site outside the team's towns) → 404. */
export function fieldAssignment(db: Db, actor: Actor, assignmentId: number) {
  return assignmentDetail(db, and(eq(inspectionAssignments.id, assignmentId), conductCondition(actor)));
}

async function storedOp(db: Db, userId: number, key: string) {
  const [row] = await db
    .select()
    .from(inspectionOps)
    .where(and(eq(inspectionOps.userId, userId), eq(inspectionOps.key, key)));
  return row ?? null;
}

/** A photo from the phone (already downscaled there), stored through the safe upload path; idempotent by key. */
export async function storeFieldPhoto(deps: { db: Db; store: BlobStore }, ctx: Ctx, key: string, input: { buffer: Buffer; filename: string }) {
  const seen = await storedOp(deps.db, ctx.actor.userId, key);
  if (seen) return { fileId: String(seen.result.fileId), duplicate: true };
  const stored = await storeUpload(deps, ctx, { ...input, accept: ['photo'] });
  const [row] = await deps.db
    .insert(inspectionOps)
    .values({ userId: ctx.actor.userId, key, kind: 'photo', result: { fileId: stored.id } })
    .onConflictDoNothing()
    .returning();
  if (row) return { fileId: stored.id, duplicate: false };
  // Two uploads with one key raced: the first one recorded wins (the other file stays unreferenced).
  const winner = await storedOp(deps.db, ctx.actor.userId, key);
  return { fileId: String(winner!.result.fileId), duplicate: true };
}

/** `opts.now` back-dates the cases (demo seeding); requests always use the real clock. */
export async function sync(db: Db, ctx: Ctx, input: SyncInput, opts: { now?: Date } = {}): Promise<SyncResult> {
  const results: SyncResult['results'] = [];
  for (const op of input.ops) {
    const seen = await storedOp(db, ctx.actor.userId, op.key);
    if (seen) {
      results.push({ key: op.key, status: 'duplicate', error: null, caseIds: (seen.result.caseIds as number[] | undefined) ?? [] });
      continue;
    }
    try {
      const caseIds = await applyVisit(db, ctx, op, opts.now ?? new Date());
      results.push({ key: op.key, status: 'ok', error: null, caseIds });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const details = Array.isArray(err.details)
        ? ` (${err.details
            .map((d: { path?: string }) => d.path)
            .filter(Boolean)
            .join(', ')})`
        : '';
      results.push({ key: op.key, status: 'error', error: { code: err.code, message: t(ctx.locale, err.messageKey, err.params) + details }, caseIds: [] });
    }
  }
  return { results };
}

const MAX_CLOCK_SKEW_MS = 5 * 60_000;

async function applyVisit(db: Db, ctx: Ctx, op: VisitOp, now: Date): Promise<number[]> {
  const actor = ctx.actor;
  const [found] = await db
    .select({ a: inspectionAssignments, round: inspectionRounds, site: sites })
    .from(inspectionAssignments)
    .innerJoin(inspectionTeams, eq(inspectionTeams.id, inspectionAssignments.teamId))
    .innerJoin(sites, eq(sites.id, inspectionAssignments.siteId))
    .innerJoin(inspectionRounds, eq(inspectionRounds.id, inspectionAssignments.roundId))
    .where(and(eq(inspectionAssignments.id, op.assignmentId), conductCondition(actor)));
  if (!found) throw notFound();
  const { a, round, site } = found;
  if (round.status === 'finished') throw new AppError(409, 'conflict', 'inspection_round_finished');

  const itemIds = [...new Set(op.checks.map((c) => c.checklistItemId))];
  const items = await db.select().from(checklistItems).where(inArray(checklistItems.id, itemIds));
  const itemById = new Map(items.map((i) => [i.id, i]));
  op.checks.forEach((c, i) => {
    const item = itemById.get(c.checklistItemId);
    if (!item || item.frameworkId !== round.frameworkId || item.siteType !== site.type) {
      throw new AppError(400, 'validation_failed', 'inspection_item_invalid', {}, [
        { path: `checks.${i}.checklistItemId`, message: 'inspection_item_invalid' },
      ]);
    }
    if (isFailure(c.result) && !c.caseKey)
      throw new AppError(400, 'validation_failed', 'v.required', {}, [{ path: `checks.${i}.caseKey`, message: 'v.required' }]);
  });
  // Inspection photos must be photos by their bytes, like the photos they become on the cases.
  await assertOwnFiles(
    db,
    actor.userId,
    op.checks.map((c, i) => ({ path: `checks.${i}.photoIds`, ids: c.photoIds, accept: ['photo'] as const })),
  );

  const at = new Date(op.at);
  const checkedAt = at.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS ? now : at;
  const ref = await loadReference(db);
  const rootPath = rootPathOf(site.unitPath ?? ref.unitsById.get(actor.unitId)?.path ?? '/1/');
  const [townRow] = site.townId ? await db.select({ name: units.name }).from(units).where(eq(units.id, site.townId)) : [];

  // Cases first (each one statement, idempotent by its key), then the results in one transaction.
  const caseByItem = new Map<number, { caseId: number; proposedUnitId: number | null }>();
  for (const c of op.checks) {
    if (!isFailure(c.result)) continue;
    const item = itemById.get(c.checklistItemId)!;
    const category = ref.categories.get(categoryKey(item.caseNature, item.caseCategoryCode, item.caseSubcategoryCode)) ?? null;
    const routing = proposeRouting(ref, rootPath, site.lon, site.lat, category);
    const label = c.result === 'severeFail' ? '严重不合格' : '不合格';
    const input: CaseCreateInput = {
      source: 'inspection',
      nature: item.caseNature,
      categoryCode: item.caseCategoryCode,
      subcategoryCode: item.caseSubcategoryCode,
      criterionCode: item.criterionCode,
      siteId: site.id,
      lon: site.lon,
      lat: site.lat,
      address: `${townRow ? `${townRow.name} ` : ''}${site.address}（${site.name}）`.slice(0, 300),
      description: `【${round.name}·${label}】${site.name}：${item.wording}${c.note ? `。现场情况：${c.note}` : ''}`.slice(0, 4000),
      severity: c.result === 'severeFail' ? 'serious' : 'normal',
      beforePhotoIds: c.photoIds,
    };
    const { row } = await createCase(db, ctx, input, { idempotencyKey: c.caseKey!, now, keyNamesCase: true });
    caseByItem.set(c.checklistItemId, { caseId: row.id, proposedUnitId: routing.responsibleUnit?.id ?? null });
  }
  const caseIds = [...caseByItem.values()].map((c) => c.caseId);

  await db.transaction(async (tx) => {
    for (const c of op.checks) {
      const made = caseByItem.get(c.checklistItemId);
      const item = itemById.get(c.checklistItemId)!;
      await tx
        .insert(inspectionChecks)
        .values({
          assignmentId: a.id,
          roundId: round.id,
          checklistItemId: c.checklistItemId,
          criterionCode: item.criterionCode,
          result: c.result,
          note: c.note,
          photoIds: c.photoIds,
          caseId: made?.caseId ?? null,
          caseKey: c.caseKey ?? null,
          proposedUnitId: made?.proposedUnitId ?? null,
          checkedBy: actor.userId,
          checkedAt,
        })
        .onConflictDoUpdate({
          target: [inspectionChecks.assignmentId, inspectionChecks.checklistItemId],
          set: {
            result: sql`excluded.result`,
            note: sql`excluded.note`,
            photoIds: sql`excluded.photo_ids`,
            checkedBy: sql`excluded.checked_by`,
            checkedAt: sql`excluded.checked_at`,
            // A case once made stays linked (the office decides about it), even if the item is re-marked as passing.
            caseId: sql`coalesce(excluded.case_id, ${inspectionChecks.caseId})`,
            caseKey: sql`coalesce(excluded.case_key, ${inspectionChecks.caseKey})`,
            proposedUnitId: sql`coalesce(excluded.proposed_unit_id, ${inspectionChecks.proposedUnitId})`,
          },
        });
    }
    await tx.update(inspectionAssignments).set({ status: 'visited', visitedAt: checkedAt, visitedBy: actor.userId }).where(eq(inspectionAssignments.id, a.id));
    if (round.status === 'planned')
      await tx
        .update(inspectionRounds)
        .set({ status: 'active', version: sql`${inspectionRounds.version} + 1` })
        .where(eq(inspectionRounds.id, round.id));
    // Site pass rates feed the framework's projected score: bump its data version (score cache key).
    await touchData(tx, round.frameworkId);
    await tx
      .insert(inspectionOps)
      .values({ userId: actor.userId, key: op.key, kind: 'visit', result: { assignmentId: a.id, caseIds } })
      .onConflictDoNothing();
    await recordAudit(tx, ctx, {
      action: 'inspection.visit',
      entityType: 'inspectionAssignment',
      entityId: a.id,
      unitId: site.unitId,
      after: { key: op.key, siteId: site.id, checks: op.checks.map((c) => ({ itemId: c.checklistItemId, result: c.result })), caseIds },
    });
  });
  return caseIds;
}
