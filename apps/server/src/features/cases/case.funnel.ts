import { and, eq, isNull, sql } from 'drizzle-orm';
import {
  ActionForbiddenError,
  CaseWorkflowError,
  InvalidActionInputError,
  InvalidTransitionError,
  applyAction,
  assertActionAllowed,
  isOverdue,
  parseActionInput,
  type CaseAction,
  type CaseEvent,
  type CaseSnapshot,
  type CaseTransition,
} from '@chuangwen/domain/cases/case.workflow';
import { CASE_ACTION_LABELS, CASE_STATE_LABELS } from '@chuangwen/domain/cases/case.labels';
import { addDeadline, addWorkingDays, type DeadlineRule } from '@chuangwen/domain/calendar/working-calendar';
import type { Db, Tx } from '../../platform/db/db';
import type { Actor, RequestContext } from '../../platform/auth/actor';
import { canOnPath } from '../../platform/auth/policy';
import { recordAudit } from '../../platform/audit/audit.service';
import { AppError, conflict, notFound, type FieldError } from '../../platform/http/errors';
import { t } from '../../platform/http/messages';
import { loadCalendar } from '../calendar/calendar.service';
import { caseAssignments, caseEvents, casePhotos, cases } from './case.tables';
import { findCaseById, snapshotValues, toSnapshot, type CaseRow } from './case.repo';
import { assertOwnFiles } from '../files/file.service';
import { canViewCase, capabilitiesFor } from './case.policy';
import { categoryKey, loadReference, type Reference } from './case.reference';
import { rootPathOf } from '../units/unit.tree';
import { withEvents } from '../../platform/events/domain-events';
import './case.events'; // the events emitted here, in the event map

// THE funnel: every workflow action on a case goes through applyCaseAction, and nothing else writes
// cases.state. Order: load → may the actor see it (else 404) → capabilities on THIS case's unit →
// the workflow's own checks (assertActionAllowed, parseActionInput, applyAction) → one transaction
// (versioned UPDATE, event, photos, assignment, audit) emitting `case.<action>`, heard after commit
// (notifications, the dashboard's live feed).

type Ctx = RequestContext & { actor: Actor };

/** When a subcategory has no sourced limit: five working days (an office should set its own). */
export const FALLBACK_DEADLINE: DeadlineRule = { amount: 5, unit: 'workingDay' };

/** Request body = the action's input + the `version` the client read (+ `extendByWorkingDays`). */
export type ActionBody = Record<string, unknown> & { version?: number };

export async function applyCaseAction(db: Db, ctx: Ctx, caseId: number, action: CaseAction, body: ActionBody, opts: { now?: Date } = {}): Promise<CaseRow> {
  const now = opts.now ?? new Date();
  const actor = ctx.actor;
  const row = await findCaseById(db, caseId);
  if (!row || !canViewCase(actor, row)) throw notFound();
  const { version, extendByWorkingDays, ...rawInput } = body;
  if (version !== undefined && version !== row.version) throw conflict();

  const snapshot = toSnapshot(row);
  const ref = await loadReference(db);
  let next: CaseSnapshot;
  let event: CaseEvent;
  let targetPath: string | null = null;
  let transition: CaseTransition;
  try {
    transition = assertActionAllowed(snapshot, action, capabilitiesFor(actor, row));
    const input = await completeInput(db, ref, row, snapshot, transition, rawInput, extendByWorkingDays, now);
    const parsed = parseActionInput(action, input) as { responsibleUnitId?: number; attachmentIds?: string[]; afterPhotoIds?: string[] };
    if (parsed.responsibleUnitId !== undefined) targetPath = checkTargetUnit(ref, actor, row, action, parsed.responsibleUnitId);
    // After-photos must be photos by their bytes; other attachments may be documents.
    await assertOwnFiles(db, actor.userId, [
      { path: 'afterPhotoIds', ids: parsed.afterPhotoIds ?? [], accept: ['photo'] },
      { path: 'attachmentIds', ids: (parsed.attachmentIds ?? []).filter((id) => !parsed.afterPhotoIds?.includes(id)) },
    ]);
    ({ snapshot: next, event } = applyAction(snapshot, action, input, now));
  } catch (err) {
    throw toAppError(err, ctx);
  }

  const values = snapshotValues(next);
  const updated = await withEvents(db, (emit) =>
    db.transaction(async (tx) => {
      const [saved] = await tx
        .update(cases)
        .set({
          ...values,
          responsibleUnitPath: next.responsibleUnitId === null ? null : next.responsibleUnitId === row.responsibleUnitId ? row.responsibleUnitPath : targetPath,
          isOverdue: isOverdue(next, now),
          updatedAt: now,
        })
        .where(and(eq(cases.id, row.id), eq(cases.version, row.version)))
        .returning();
      if (!saved) throw conflict(); // someone else applied an action first: exactly one wins
      const [ev] = await tx
        .insert(caseEvents)
        .values({
          caseId: row.id,
          at: now,
          actorUserId: actor.userId,
          actorName: actor.name,
          action,
          fromState: event.from,
          toState: event.to,
          note: event.note,
          data: jsonSafe(event.data),
          attachmentIds: event.attachmentIds,
        })
        .returning({ id: caseEvents.id });
      if (event.attachmentIds.length) {
        const after = new Set((event.data.afterPhotoIds as string[] | undefined) ?? []);
        await tx
          .insert(casePhotos)
          .values(
            event.attachmentIds.map((fileId) => ({
              caseId: row.id,
              fileId,
              phase: after.has(fileId) ? ('after' as const) : ('attachment' as const),
              eventId: ev!.id,
            })),
          )
          .onConflictDoNothing();
      }
      await syncAssignment(tx, saved, next, transition, now);
      await recordAudit(tx, ctx, {
        action: `case.${action}`,
        entityType: 'case',
        entityId: row.id,
        unitId: saved.responsibleUnitId ?? saved.areaUnitId,
        before: { state: row.state, version: row.version, responsibleUnitId: row.responsibleUnitId, deadlineAt: row.deadlineAt },
        after: {
          state: saved.state,
          version: saved.version,
          responsibleUnitId: saved.responsibleUnitId,
          deadlineAt: saved.deadlineAt,
          event: { note: event.note, data: event.data, attachmentIds: event.attachmentIds },
        },
      });
      emit({ name: `case.${action}`, case: saved, action, notifies: transition.notifies });
      return saved;
    }),
  );
  return updated;
}

/** Dates in event data as ISO strings (jsonb), the rest as is. */
function jsonSafe(data: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
}

/** Deadlines the client left out are computed with the working calendar from the subcategory's rule. */
async function completeInput(
  db: Db,
  ref: Reference,
  row: CaseRow,
  snapshot: CaseSnapshot,
  transition: CaseTransition,
  raw: Record<string, unknown>,
  extendByWorkingDays: unknown,
  now: Date,
): Promise<Record<string, unknown>> {
  const { action } = transition;
  const input = { ...raw };
  const rule = () => ref.categories.get(categoryKey(row.nature, row.categoryCode, row.subcategoryCode))?.deadlineRule ?? FALLBACK_DEADLINE;
  // The table says which actions need a deadline (dispatch, reassign, unpark, reopen) or a requested one.
  if (transition.requires.includes('deadlineAt') && input.deadlineAt === undefined) {
    input.deadlineAt = addDeadline(await loadCalendar(db), now, rule());
  }
  if (transition.requires.includes('requestedDeadlineAt') && input.requestedDeadlineAt === undefined && extendByWorkingDays !== undefined) {
    const days = Number(extendByWorkingDays);
    if (!Number.isInteger(days) || days < 1 || days > 365) {
      throw new InvalidActionInputError(action, [{ path: 'extendByWorkingDays', message: 'invalid' }]);
    }
    input.requestedDeadlineAt = addWorkingDays(await loadCalendar(db), snapshot.deadlineAt ?? now, days);
  } else if (extendByWorkingDays !== undefined) {
    throw new InvalidActionInputError(action, [{ path: 'extendByWorkingDays', message: 'Unrecognized key' }]);
  }
  return input;
}

/** The unit a case is dispatched, reassigned or delegated to: active, in the county; delegation only downwards. */
function checkTargetUnit(ref: Reference, actor: Actor, row: CaseRow, action: CaseAction, unitId: number): string {
  const unit = ref.unitsById.get(unitId);
  const root = rootPathOf(row.areaUnitPath);
  if (!unit || !unit.isActive || !unit.path.startsWith(root) || unit.path === root || unit.kind === 'office') {
    throw new AppError(400, 'validation_failed', 'case_unit_invalid', {}, [{ path: 'responsibleUnitId', message: String(unitId) }]);
  }
  if (action === 'delegate') {
    const current = row.responsibleUnitPath ?? '';
    if (!unit.path.startsWith(current) || unit.path === current || !canOnPath(actor, 'case.delegate', unit.path)) {
      throw new AppError(400, 'validation_failed', 'case_delegate_scope', {}, [{ path: 'responsibleUnitId', message: String(unitId) }]);
    }
  }
  return unit.path;
}

/** Keeps the metrics' assignment row in step with the snapshot (see case.tables.ts). */
async function syncAssignment(tx: Tx, saved: CaseRow, next: CaseSnapshot, transition: CaseTransition, now: Date) {
  if (transition.assignment === 'start') {
    await tx.insert(caseAssignments).values({
      caseId: saved.id,
      unitId: saved.responsibleUnitId!,
      unitPath: saved.responsibleUnitPath!,
      dispatchedAt: now,
      deadlineAt: next.deadlineAt,
    });
    return;
  }
  if (transition.assignment === 'untouched') return;
  const open = and(eq(caseAssignments.caseId, saved.id), isNull(caseAssignments.returnedAt));
  if (transition.assignment === 'end') {
    await tx.update(caseAssignments).set({ returnedAt: now }).where(open);
    return;
  }
  await tx
    .update(caseAssignments)
    .set({
      deadlineAt: next.deadlineAt,
      rectifiedAt: next.rectifiedAt,
      closedAt: next.closedAt,
      isParked: next.state === 'parked',
      ...(transition.counts === 'rework' ? { reworkCount: sql`${caseAssignments.reworkCount} + 1` } : {}),
    })
    .where(open);
}

/** Workflow errors → HTTP: invalid transition 409, invalid input 400, forbidden 403 (localised). */
export function toAppError(err: unknown, ctx: RequestContext): unknown {
  if (!(err instanceof CaseWorkflowError)) return err;
  const action = CASE_ACTION_LABELS[ctx.locale][err.action];
  if (err instanceof InvalidTransitionError) {
    const key =
      err.reason === 'pendingExtension' ? 'case_no_extension' : err.reason === 'noPendingExtension' ? 'case_extension_pending' : 'case_invalid_transition';
    return new AppError(409, 'invalid_transition', key, { action, state: CASE_STATE_LABELS[ctx.locale][err.state] });
  }
  if (err instanceof ActionForbiddenError) {
    return new AppError(403, 'forbidden', err.missing === 'escalation' ? 'case_extension_escalated' : 'case_action_forbidden', { action });
  }
  if (err instanceof InvalidActionInputError) {
    const details: FieldError[] = err.issues.map((i) => ({ path: i.path, message: localiseInputIssue(ctx, i.message) }));
    return new AppError(400, 'validation_failed', 'validation_failed', {}, details);
  }
  return err;
}

function localiseInputIssue(ctx: RequestContext, message: string): string {
  if (/received undefined/.test(message)) return t(ctx.locale, 'v.required');
  if (/Unrecognized key/i.test(message)) return t(ctx.locale, 'v.unknown_keys', { keys: '' }).replace(/[:：]\s*$/, '');
  const after = /must be after (.*)$/.exec(message);
  if (after) return t(ctx.locale, 'case_must_be_after', { what: t(ctx.locale, after[1] === 'now' ? 'case_now' : 'case_current_deadline') });
  if (/Too small|too_small|>=/.test(message)) return t(ctx.locale, 'v.invalid');
  return t(ctx.locale, 'v.invalid');
}
