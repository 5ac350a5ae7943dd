import { and, eq, gte, lt, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/db';
import type { Actor } from '../../platform/auth/actor';
import { inScope } from '../../platform/auth/policy';
import { cases } from '../cases/case.tables';
import { loadReference } from '../cases/case.reference';
import { citizenReports } from './citizen.tables';
import { namesOf } from './citizen.service';

// Citizen-report statistics of a period (reports submitted in [from, to)), in the caller's scope:
// volume by category and by town/subdistrict, the share accepted of those moderated, and the
// median hours to the first response (accept or reject) and to closure.

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const hours = (ms: number) => Math.round((ms / 3_600_000) * 10) / 10;

export async function citizenStats(db: Db, actor: Actor, from: Date, to: Date) {
  const firstResponse = sql<string | null>`(select min(e.at) from case_events e where e.case_id = "cases"."id" and e.action in ('accept', 'reject'))`;
  const rows = await db
    .select({
      nature: cases.nature,
      categoryCode: cases.categoryCode,
      subcategoryCode: cases.subcategoryCode,
      state: cases.state,
      areaUnitPath: cases.areaUnitPath,
      submittedAt: cases.submittedAt,
      acceptedAt: cases.acceptedAt,
      closedAt: cases.closedAt,
      channel: citizenReports.channel,
      isDuplicate: sql<boolean>`${citizenReports.duplicateOfCaseId} is not null`,
      firstResponseAt: firstResponse,
    })
    .from(cases)
    .innerJoin(citizenReports, eq(citizenReports.caseId, cases.id))
    .where(and(gte(cases.submittedAt, from), lt(cases.submittedAt, to), inScope(actor, 'citizen.view', cases.areaUnitPath)));
  const ref = await loadReference(db);
  const byCategory = new Map<
    string,
    { nature: string; categoryCode: string; subcategoryCode: string; categoryName: string | null; subcategoryName: string | null; count: number }
  >();
  const byArea = new Map<number, { unitId: number; unitName: string; count: number }>();
  const byChannel: Record<string, number> = { web: 0, open311: 0 };
  let accepted = 0,
    rejected = 0,
    merged = 0,
    pending = 0,
    closed = 0;
  const response: number[] = [];
  const closure: number[] = [];
  for (const r of rows) {
    const key = `${r.nature}:${r.categoryCode}${r.subcategoryCode}`;
    const cat = byCategory.get(key) ?? { nature: r.nature, categoryCode: r.categoryCode, subcategoryCode: r.subcategoryCode, ...namesOf(ref, r), count: 0 };
    cat.count++;
    byCategory.set(key, cat);
    // Area = the town or subdistrict (second level of the tree); the county itself when outside every town.
    const ids = r.areaUnitPath.split('/').filter(Boolean).map(Number);
    const areaId = ids[1] ?? ids[0]!;
    const area = byArea.get(areaId) ?? { unitId: areaId, unitName: ref.unitsById.get(areaId)?.name ?? String(areaId), count: 0 };
    area.count++;
    byArea.set(areaId, area);
    byChannel[r.channel] = (byChannel[r.channel] ?? 0) + 1;
    if (r.state === 'submitted') pending++;
    else if (r.state === 'rejected' && r.isDuplicate) merged++;
    else if (r.state === 'rejected') rejected++;
    else accepted++;
    if (r.firstResponseAt) response.push(new Date(r.firstResponseAt).getTime() - r.submittedAt.getTime());
    if (r.state === 'closed' && r.closedAt) {
      closed++;
      closure.push(r.closedAt.getTime() - r.submittedAt.getTime());
    }
  }
  const moderated = accepted + rejected + merged;
  const mr = median(response);
  const mc = median(closure);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    total: rows.length,
    pending,
    accepted,
    rejected,
    merged,
    closed,
    byChannel,
    acceptedShare: moderated ? Math.round((accepted / moderated) * 1000) / 1000 : null,
    medianFirstResponseHours: mr === null ? null : hours(mr),
    medianClosureHours: mc === null ? null : hours(mc),
    byCategory: [...byCategory.values()].sort((a, b) => b.count - a.count),
    byArea: [...byArea.values()].sort((a, b) => b.count - a.count),
  };
}
