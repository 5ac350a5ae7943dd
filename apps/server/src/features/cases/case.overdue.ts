import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../platform/db/db';
import { runLocked } from '../../platform/jobs/interval';
import { systemContext } from '../../platform/audit/audit.service';
import { notify, type NotificationDraft } from '../notifications/notification.service';
import { CLOCK_STATES } from '@chuangwen/domain/cases/case.workflow';
import { loadReference } from './case.reference';
import { rootPathOf } from '../units/unit.tree';

// Overdue detection (超期): cases whose clock runs and whose deadline has passed get `is_overdue`,
// an `overdue` event on the timeline and an audit row, in one transaction under an advisory lock
// (one replica at a time); the unit and the office are notified after commit. `is_overdue` is a
// derived flag, not workflow state: setting it does not bump `version`, so it never makes a
// handler's action fail with 409.

export const OVERDUE_LOCK = 72_707_004;
const BATCH = 1000;

const states = sql.raw(CLOCK_STATES.map((s) => `'${s}'`).join(', '));

/** One pass; returns how many cases were marked (null if another replica holds the lock). */
export async function markOverdueCases(db: Db, now = new Date()): Promise<number | null> {
  const marked = await runLocked(db, OVERDUE_LOCK, async (tx) => {
    const result = await tx.execute(sql`with due as (
        select id from cases where state in (${states}) and not is_overdue and deadline_at < ${now.toISOString()}::timestamptz
        order by deadline_at limit ${BATCH} for update skip locked
      ), m as (
        update cases c set is_overdue = true from due where c.id = due.id
        returning c.id, c.number, c.state, c.deadline_at, c.responsible_unit_id, c.area_unit_path
      ), e as (
        insert into case_events (case_id, at, action, from_state, to_state, data)
        select m.id, ${now.toISOString()}::timestamptz, 'overdue', m.state, m.state, jsonb_build_object('deadlineAt', m.deadline_at) from m
      ), a as (
        insert into audit_log (actor_id, actor_name, ip, action, entity_type, entity_id, unit_id, before, after)
        select null, null, ${systemContext.ip}, 'case.overdue', 'case', m.id::text, m.responsible_unit_id,
          jsonb_build_object('isOverdue', false), jsonb_build_object('isOverdue', true, 'deadlineAt', m.deadline_at) from m
      )
      select id, number, responsible_unit_id, area_unit_path, deadline_at::text as deadline_at from m`);
    return rowsOf<{ id: number | string; number: string; responsible_unit_id: number | null; area_unit_path: string; deadline_at: string }>(result);
  });
  if (marked === null) return null;
  if (marked.length) {
    const ref = await loadReference(db);
    const drafts: NotificationDraft[] = [];
    for (const m of marked) {
      const data = { number: m.number, deadlineAt: m.deadline_at };
      const unit = m.responsible_unit_id ? ref.unitsById.get(Number(m.responsible_unit_id)) : null;
      const root = [...ref.unitsById.values()].find((u) => u.path === rootPathOf(m.area_unit_path));
      if (unit) drafts.push({ unitId: unit.id, unitPath: unit.path, kind: 'case.overdue', caseId: Number(m.id), data });
      if (root) drafts.push({ unitId: root.id, unitPath: root.path, kind: 'case.overdue', caseId: Number(m.id), data });
    }
    await notify(db, drafts);
  }
  return marked.length;
}
