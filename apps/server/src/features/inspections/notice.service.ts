import { and, asc, desc, eq, inArray, like, sql, type SQL } from 'drizzle-orm';
import { findTransition } from '@chuangwen/domain/cases/case.workflow';
import { allowedNoticeActions, noticeTransition, NoticeTransitionError, type NoticeAction } from '@chuangwen/domain/inspections/notice.workflow';
import { NOTICE_ACTION_LABELS, NOTICE_STATE_LABELS } from '@chuangwen/domain/inspections/inspection.labels';
import type { Notice, NoticeDetail, NoticeIssueInput } from '@chuangwen/domain/inspections/inspection.schemas';
import type { NoticeState } from '@chuangwen/domain/inspections/notice.workflow';
import type { Db } from '../../platform/db/db';
import type { Actor, RequestContext } from '../../platform/auth/actor';
import { canOnPath, inScope } from '../../platform/auth/policy';
import { AppError, conflict, forbidden, notFound } from '../../platform/http/errors';
import { recordAudit } from '../../platform/audit/audit.service';
import { cases } from '../cases/case.tables';
import { applyCaseAction } from '../cases/case.funnel';
import { todayInChina } from '../framework/evidence.service';
import { units } from '../../platform/identity/unit.tables';
import { sites } from '../sites/site.tables';
import { getRoundRow } from './round.service';
import { inspectionAssignments, inspectionChecks, inspectionRounds, noticeEvents, rectificationNotices } from './inspection.tables';
import { noticeDocx } from './notice.docx';

type Ctx = RequestContext & { actor: Actor };
type NoticeRow = typeof rectificationNotices.$inferSelect;

/** Serialises numbering: one issuer at a time takes the year's next number. */
const NOTICE_NUMBER_LOCK = 72_707_005;

const noticeColumns = { n: rectificationNotices, roundName: inspectionRounds.name, unitName: units.name };

function toNotice(r: { n: NoticeRow; roundName: string; unitName: string }): Notice {
  const n = r.n;
  return {
    id: n.id,
    number: n.number,
    roundId: n.roundId,
    roundName: r.roundName,
    unit: { id: n.unitId, name: r.unitName },
    deadlineOn: n.deadlineOn,
    state: n.state,
    caseCount: n.caseIds.length,
    issuedAt: n.issuedAt.toISOString(),
    responseNote: n.responseNote,
    decisionNote: n.decisionNote,
    version: n.version,
  };
}

const noticeQuery = (db: Db) =>
  db
    .select(noticeColumns)
    .from(rectificationNotices)
    .innerJoin(inspectionRounds, eq(inspectionRounds.id, rectificationNotices.roundId))
    .innerJoin(units, eq(units.id, rectificationNotices.unitId));

export async function listNotices(db: Db, actor: Actor, q: { roundId?: number; state?: NoticeState }) {
  const conds: SQL[] = [inScope(actor, 'notice.view', rectificationNotices.unitPath)];
  if (q.roundId) conds.push(eq(rectificationNotices.roundId, q.roundId));
  if (q.state) conds.push(eq(rectificationNotices.state, q.state));
  const rows = await noticeQuery(db)
    .where(and(...conds))
    .orderBy(desc(rectificationNotices.issuedAt), desc(rectificationNotices.id));
  return { items: rows.map(toNotice) };
}

/** End of the day in Asia/Shanghai (UTC+8, no DST) as an instant. */
const endOfDayShanghai = (day: string) => new Date(`${day}T23:59:59+08:00`);

/**
 * Issues one notice per town/subdistrict with cases in the round (or the listed ones), numbered
 * 创文抄告〔year〕第N号. After commit, with `dispatch`, the round's new cases are handed over through
 * the case funnel (accept, then dispatch to the proposed unit with the notice's date as deadline);
 * a case the funnel refuses is counted, not fatal.
 */
export async function issueNotices(db: Db, ctx: Ctx, roundId: number, input: NoticeIssueInput, opts: { now?: Date } = {}) {
  const now = opts.now ?? new Date();
  await getRoundRow(db, roundId);
  if (input.deadlineOn < todayInChina(now)) {
    throw new AppError(400, 'validation_failed', 'validation_failed', {}, [{ path: 'deadlineOn', message: 'inspection_deadline_past' }]);
  }
  const found = await db
    .select({ caseId: inspectionChecks.caseId, townId: sites.townId, proposedUnitId: inspectionChecks.proposedUnitId })
    .from(inspectionChecks)
    .innerJoin(inspectionAssignments, eq(inspectionAssignments.id, inspectionChecks.assignmentId))
    .innerJoin(sites, eq(sites.id, inspectionAssignments.siteId))
    .where(and(eq(inspectionChecks.roundId, roundId), sql`${inspectionChecks.caseId} is not null`, sql`${sites.townId} is not null`))
    .orderBy(asc(inspectionChecks.caseId));
  const byTown = new Map<number, { caseId: number; proposedUnitId: number | null }[]>();
  for (const f of found) {
    if (input.unitIds && !input.unitIds.includes(f.townId!)) continue;
    const list = byTown.get(f.townId!) ?? [];
    if (!list.some((x) => x.caseId === f.caseId)) list.push({ caseId: f.caseId!, proposedUnitId: f.proposedUnitId });
    byTown.set(f.townId!, list);
  }
  const townRows = byTown.size
    ? await db
        .select({ id: units.id, path: units.path })
        .from(units)
        .where(inArray(units.id, [...byTown.keys()]))
    : [];
  for (const town of townRows) if (!canOnPath(ctx.actor, 'notice.issue', town.path)) throw forbidden();

  const issued = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${NOTICE_NUMBER_LOCK})`);
    const year = todayInChina(now).slice(0, 4);
    const prefix = `创文抄告〔${year}〕第`;
    const [{ n } = { n: 0 }] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(rectificationNotices)
      .where(like(rectificationNotices.number, `${prefix}%`));
    let next = n;
    const made: number[] = [];
    for (const town of townRows) {
      const [exists] = await tx
        .select({ id: rectificationNotices.id })
        .from(rectificationNotices)
        .where(and(eq(rectificationNotices.roundId, roundId), eq(rectificationNotices.unitId, town.id)));
      if (exists) continue;
      next += 1;
      const [row] = await tx
        .insert(rectificationNotices)
        .values({
          roundId,
          unitId: town.id,
          unitPath: town.path,
          number: `${prefix}${next}号`,
          deadlineOn: input.deadlineOn,
          caseIds: byTown.get(town.id)!.map((c) => c.caseId),
          issuedBy: ctx.actor.userId,
          issuedAt: now,
        })
        .returning();
      await tx
        .insert(noticeEvents)
        .values({ noticeId: row!.id, action: 'issue', fromState: null, toState: 'notHandled', actorId: ctx.actor.userId, actorName: ctx.actor.name, at: now });
      await recordAudit(tx, ctx, { action: 'notice.issue', entityType: 'rectificationNotice', entityId: row!.id, unitId: town.id, after: row });
      made.push(row!.id);
    }
    return made;
  });

  let dispatched = 0,
    refused = 0;
  if (input.dispatch) {
    const deadlineAt = endOfDayShanghai(input.deadlineOn).toISOString();
    for (const town of townRows) {
      for (const c of byTown.get(town.id) ?? []) {
        try {
          const [row] = await db.select({ state: cases.state }).from(cases).where(eq(cases.id, c.caseId));
          let state = row?.state;
          if (state && findTransition(state, 'accept')) {
            await applyCaseAction(db, ctx, c.caseId, 'accept', {}, { now });
            state = 'accepted';
          }
          // Dispatch whatever the workflow lets the office dispatch now (just accepted or accepted before).
          if (state && findTransition(state, 'dispatch')) {
            await applyCaseAction(db, ctx, c.caseId, 'dispatch', { responsibleUnitId: c.proposedUnitId ?? town.id, deadlineAt }, { now });
            dispatched++;
          }
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          refused++;
        }
      }
    }
  }
  const rows = issued.length ? await noticeQuery(db).where(inArray(rectificationNotices.id, issued)).orderBy(asc(rectificationNotices.id)) : [];
  return { items: rows.map(toNotice), dispatched, refused };
}

async function visibleNotice(db: Db, actor: Actor, id: number) {
  const [row] = await noticeQuery(db).where(and(eq(rectificationNotices.id, id), inScope(actor, 'notice.view', rectificationNotices.unitPath)));
  if (!row) throw notFound();
  return row;
}

export async function getNotice(db: Db, actor: Actor, id: number): Promise<NoticeDetail> {
  const row = await visibleNotice(db, actor, id);
  const n = row.n;
  const [caseRows, events] = await Promise.all([
    n.caseIds.length
      ? db
          .select({ c: cases, unitName: units.name })
          .from(cases)
          .leftJoin(units, eq(units.id, cases.responsibleUnitId))
          .where(inArray(cases.id, n.caseIds))
          .orderBy(asc(cases.id))
      : [],
    db.select().from(noticeEvents).where(eq(noticeEvents.noticeId, id)).orderBy(asc(noticeEvents.id)),
  ]);
  return {
    ...toNotice(row),
    cases: caseRows.map(({ c, unitName }) => ({
      id: c.id,
      number: c.number,
      description: c.description,
      address: c.address,
      state: c.state,
      responsibleUnit: c.responsibleUnitId ? { id: c.responsibleUnitId, name: unitName ?? '' } : null,
      deadlineAt: c.deadlineAt?.toISOString() ?? null,
      closedAt: c.closedAt?.toISOString() ?? null,
    })),
    events: events.map((e) => ({ id: e.id, action: e.action, from: e.fromState, to: e.toState, note: e.note, actorName: e.actorName, at: e.at.toISOString() })),
    allowedActions: allowedNoticeActions(n.state, (p) => canOnPath(actor, p, n.unitPath)),
  };
}

/** One funnel for notice state changes: visible → transition of the table → permission on the notice's unit → note → version → write + event + audit. */
export async function applyNoticeAction(
  db: Db,
  ctx: Ctx,
  id: number,
  action: NoticeAction,
  input: { note: string | null; version: number },
  opts: { now?: Date } = {},
) {
  const now = opts.now ?? new Date();
  await visibleNotice(db, ctx.actor, id);
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(rectificationNotices).where(eq(rectificationNotices.id, id)).for('update');
    if (!before) throw notFound();
    let transition;
    try {
      transition = noticeTransition(before.state, action);
    } catch (err) {
      if (!(err instanceof NoticeTransitionError)) throw err;
      throw new AppError(409, 'invalid_transition', 'notice_invalid_transition', {
        state: NOTICE_STATE_LABELS[ctx.locale][before.state],
        action: NOTICE_ACTION_LABELS[ctx.locale][action],
      });
    }
    if (!canOnPath(ctx.actor, transition.permission, before.unitPath)) throw forbidden();
    if (transition.requiresNote && !input.note)
      throw new AppError(400, 'validation_failed', 'validation_failed', {}, [{ path: 'note', message: 'v.required' }]);
    if (before.version !== input.version) throw conflict();
    const [after] = await tx
      .update(rectificationNotices)
      .set({
        state: transition.to,
        version: before.version + 1,
        updatedAt: now,
        ...(action === 'submit' ? { responseNote: input.note } : { decisionNote: input.note }),
      })
      .where(and(eq(rectificationNotices.id, id), eq(rectificationNotices.version, before.version)))
      .returning();
    if (!after) throw conflict();
    await tx.insert(noticeEvents).values({
      noticeId: id,
      action,
      fromState: before.state,
      toState: transition.to,
      note: input.note,
      actorId: ctx.actor.userId,
      actorName: ctx.actor.name,
      at: now,
    });
    await recordAudit(tx, ctx, {
      action: `notice.${action}`,
      entityType: 'rectificationNotice',
      entityId: id,
      unitId: before.unitId,
      before: { state: before.state, version: before.version },
      after: { state: after.state, version: after.version, note: input.note },
    });
  });
  return getNotice(db, ctx.actor, id);
}

export async function noticeDocument(db: Db, actor: Actor, id: number) {
  const detail = await getNotice(db, actor, id);
  const [office] = await db.select({ name: units.name }).from(units).where(eq(units.kind, 'office')).limit(1);
  return { detail, buffer: await noticeDocx(detail, office?.name ?? '创文办') };
}
