import { onEvent } from '../../platform/features/feature';
import type { EventOf } from '../../platform/events/domain-events';
import { loadUnitTree, rootPathOf, type UnitTree } from '../units/unit.tree';
import { notify, type NotificationDraft } from './notification.service';

// What a case's change tells which unit, heard after the change commits (the cases feature only
// emits its events; it does not know about notifications). Case actions: the workflow table's
// `notifies` (the responsible unit, or the office's queue at the county root); overdue: both.

type CaseEvent = EventOf<'case.*'>;

const rootOf = (tree: UnitTree, areaUnitPath: string) => [...tree.unitsById.values()].find((u) => u.path === rootPathOf(areaUnitPath));

export function caseNotifications(tree: UnitTree, event: CaseEvent): NotificationDraft[] {
  if (event.name === 'case.create') return [];
  if (event.name === 'case.overdue') {
    const data = { number: event.number, deadlineAt: event.deadlineAt };
    const unit = event.responsibleUnitId ? tree.unitsById.get(event.responsibleUnitId) : null;
    const root = rootOf(tree, event.areaUnitPath);
    return [unit, root].flatMap((u) => (u ? [{ unitId: u.id, unitPath: u.path, kind: 'case.overdue', caseId: event.caseId, data }] : []));
  }
  const { case: row, action, notifies } = event;
  const data = { number: row.number, action, state: row.state, deadlineAt: row.deadlineAt?.toISOString() ?? null };
  const unit =
    notifies === 'responsibleUnit'
      ? row.responsibleUnitId
        ? tree.unitsById.get(row.responsibleUnitId)
        : undefined
      : notifies === 'office'
        ? rootOf(tree, row.areaUnitPath)
        : undefined;
  return unit ? [{ unitId: unit.id, unitPath: unit.path, kind: `case.${action}`, caseId: row.id, data }] : [];
}

export const caseNotificationHandler = onEvent('case.*', async (event, { database }) => {
  const drafts = caseNotifications(await loadUnitTree(database.db), event);
  await notify(database.db, drafts);
});
