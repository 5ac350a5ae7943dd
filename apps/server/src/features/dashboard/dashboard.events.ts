import type { Db } from '../../platform/db/db';
import { onEvent } from '../../platform/features/feature';
import { publishLive, subscribeLive } from '../../platform/events/live-feed';
import type { CaseRow } from '../cases/case.repo';

// The dashboard's live case feed: the cases' domain events, heard after commit, go out on the
// platform's live feed (in-process, and NOTIFY/LISTEN across replicas) to every open dashboard.

const TOPIC = 'dashboard.case';

export type CaseFeedEvent = {
  type: 'case.created' | 'case.changed';
  caseId: number;
  number: string;
  action: string | null;
  state: string;
  categoryCode: string;
  nature: string;
  lon: number;
  lat: number;
  address: string;
  areaUnitPath: string;
  responsibleUnitPath: string | null;
  reporterUserId: number | null;
  isOverdue: boolean;
  at: string;
};

export function feedEventOf(row: CaseRow, type: CaseFeedEvent['type'], action: string | null): CaseFeedEvent {
  return {
    type,
    caseId: row.id,
    number: row.number,
    action,
    state: row.state,
    categoryCode: row.categoryCode,
    nature: row.nature,
    lon: row.lon,
    lat: row.lat,
    address: row.address,
    areaUnitPath: row.areaUnitPath,
    responsibleUnitPath: row.responsibleUnitPath,
    reporterUserId: row.reporterUserId,
    isOverdue: row.isOverdue,
    at: new Date().toISOString(),
  };
}

/** Tell open dashboards (on every replica). Never throws. */
export function publishCaseEvent(db: Db, event: CaseFeedEvent): void {
  publishLive(db, TOPIC, event);
}

export function subscribeCaseEvents(db: Db, listener: (event: CaseFeedEvent) => void): () => void {
  return subscribeLive(db, TOPIC, listener);
}

/** A created case and every workflow action (not the overdue job's marks, as before). */
export const caseFeedHandler = onEvent('case.*', (event, { database }) => {
  if (event.name === 'case.overdue') return;
  if (event.name === 'case.create') publishCaseEvent(database.db, feedEventOf(event.case, 'case.created', null));
  else publishCaseEvent(database.db, feedEventOf(event.case, 'case.changed', event.action));
});
