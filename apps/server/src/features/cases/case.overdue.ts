import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../platform/db/db';
import { runLocked } from '../../platform/jobs/interval';
import { systemContext } from '../../platform/audit/audit.service';
import { withEvents } from '../../platform/events/domain-events';
import './case.events'; // the events emitted here, in the event map
import { CLOCK_STATES } from '@chuangwen/domain/cases/case.workflow';

// Overdue detection (超期): cases whose clock runs and whose deadline has passed get `is_overdue`,
// an `overdue` event on the timeline and an audit row, in one transaction under an advisory lock
// (one replica at a time), emitting one `case.overdue` per case (heard after commit: the unit and
// the office are notified). `is_overdue` is a
// derived flag, not workflow state: setting it does not bump `version`, so it never makes a
// handler's action fail with 409.

export const OVERDUE_LOCK = 72_707_004;
const BATCH = 1000;

const states = sql.raw(CLOCK_STATES.map((s) => `'${s}'`).join(', '));

/** One pass; returns how many cases were marked (null if another replica holds the lock). */
export async function markOverdueCases(db: Db, now = new Date()): Promise<number | null> {
  const marked = await withEvents(db, async (emit) => {
    const rows = await runLocked(db, OVERDUE_LOCK, async (tx) => {
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
    for (const m of rows ?? []) {
      emit({
        name: 'case.overdue',
        caseId: Number(m.id),
        number: m.number,
        responsibleUnitId: m.responsible_unit_id === null ? null : Number(m.responsible_unit_id),
        areaUnitPath: m.area_unit_path,
        deadlineAt: m.deadline_at,
      });
    }
    return rows;
  });
  return marked === null ? null : marked.length;
}
