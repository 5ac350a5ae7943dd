import { and, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import { OFFICE_STATES, OPEN_STATES, UNIT_STATES, allowedActions, type CaseAction } from '@chuangwen/domain/cases/case.workflow';
import type { CaseDetail, CaseListFilter, CaseSummary } from '@chuangwen/domain/cases/case.schemas';
import {
  compareByScore,
  countAssignment,
  emptyUnitMetricCounts,
  metricsFromCounts,
  redBlackLists,
  type UnitMetricCounts,
  type UnitMetrics,
} from '@chuangwen/domain/cases/case.metrics';
import type { UnitKind } from '@chuangwen/domain/units/unit.kinds';
import type { Db } from '../../platform/db/db';
import type { Actor } from '../../platform/auth/actor';
import { inScope } from '../../platform/auth/policy';
import { AppError, notFound } from '../../platform/http/errors';
import { loadCalendar, type OpenDeadlineYears } from '../calendar/calendar.service';
import { caseAssignments, cases } from './case.tables';
import * as repo from './case.repo';
import { canViewCase, capabilitiesFor, caseScope } from './case.policy';
import { categoryKey, loadReference, proposeRouting, type Reference } from './case.reference';
import { rootPathOf, type RefUnit } from '../units/unit.tree';
import { isUnitGrant, officeInboxGrants } from '../../platform/auth/scope';

// Reading cases: lists, the inbox, the map, one case with its timeline, routing proposals and the
// unit metrics. Writes go through case.create.ts (new cases) and case.funnel.ts (every action).

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toSummary(
  row: repo.CaseRow & { responsibleUnitName?: string | null; areaUnitName?: string | null; categoryName?: string | null; subcategoryName?: string | null },
): CaseSummary {
  return {
    id: row.id,
    number: row.number,
    source: row.source,
    nature: row.nature,
    categoryCode: row.categoryCode,
    subcategoryCode: row.subcategoryCode,
    categoryName: row.categoryName ?? null,
    subcategoryName: row.subcategoryName ?? null,
    state: row.state,
    severity: row.severity,
    address: row.address,
    description: row.description,
    lon: row.lon,
    lat: row.lat,
    responsibleUnit: row.responsibleUnitId ? { id: row.responsibleUnitId, name: row.responsibleUnitName ?? '' } : null,
    areaUnit: { id: row.areaUnitId, name: row.areaUnitName ?? '' },
    deadlineAt: iso(row.deadlineAt),
    isOverdue: row.isOverdue,
    submittedAt: row.submittedAt.toISOString(),
    closedAt: iso(row.closedAt),
    reworkCount: row.reworkCount,
    urgeCount: row.urgeCount,
    version: row.version,
  };
}

export function actionsFor(actor: Actor, row: repo.CaseRow): CaseAction[] {
  return allowedActions(repo.toSnapshot(row), capabilitiesFor(actor, row));
}

/** One case as the caller sees it: timeline, photos before/after, and the buttons they may press. */
export async function getCaseDetail(db: Db, actor: Actor, id: number, opts: { justActed?: boolean } = {}): Promise<CaseDetail> {
  const row = await repo.findCaseDetail(db, id);
  // `justActed`: the answer to an action the caller was allowed to take, even if it moved the case
  // out of their sight (a unit returning a case); their allowedActions are then empty.
  if (!row || (!opts.justActed && !canViewCase(actor, row))) throw notFound();
  const photo = (p: (typeof row.photos)[number]) => ({
    fileId: p.fileId,
    phase: p.phase,
    originalName: p.originalName,
    at: new Date(p.at).toISOString(),
    url: `/api/cases/${id}/photos/${p.fileId}`,
    thumbUrl: p.thumbKey ? `/api/cases/${id}/photos/${p.fileId}/thumb` : null,
  });
  return {
    ...toSummary(row),
    criterionCode: row.criterionCode,
    siteId: row.siteId,
    reporter: row.reporterUserId != null && row.reporterName != null ? { id: row.reporterUserId, name: row.reporterName } : null,
    acceptedAt: iso(row.acceptedAt),
    dispatchedAt: iso(row.dispatchedAt),
    rectifiedAt: iso(row.rectifiedAt),
    pendingExtension: row.pendingExtension,
    parking: row.parking,
    returnCount: row.returnCount,
    extensionCount: row.extensionCount,
    allowedActions: actionsFor(actor, row),
    photos: {
      before: row.photos.filter((p) => p.phase === 'before').map(photo),
      after: row.photos.filter((p) => p.phase === 'after').map(photo),
      attachments: row.photos.filter((p) => p.phase === 'attachment').map(photo),
    },
    events: row.events.map((e) => ({
      id: e.id,
      action: e.action,
      from: e.fromState,
      to: e.toState,
      at: new Date(e.at).toISOString(),
      actor: e.actorUserId ? { id: e.actorUserId, name: e.actorName ?? '' } : null,
      note: e.note,
      data: e.data,
      attachmentIds: e.attachmentIds,
    })),
  };
}

/** A case's photo, if the caller may see the case. */
export async function getCasePhoto(db: Db, actor: Actor, caseId: number, fileId: string) {
  const row = await repo.findCaseById(db, caseId);
  if (!row || !canViewCase(actor, row)) throw notFound();
  const file = await repo.findCasePhoto(db, caseId, fileId);
  if (!file) throw notFound();
  return file;
}

/** The filters plus the caller's row-level scope; a unit filter outside the scope simply finds nothing. */
async function listConditions(db: Db, actor: Actor, filter: CaseListFilter): Promise<SQL[]> {
  let unitPath: string | null = null;
  if (filter.unitId) {
    const unit = (await loadReference(db)).unitsById.get(filter.unitId);
    if (!unit) return [sql`false`];
    unitPath = unit.path;
  }
  return [caseScope(actor), ...repo.filterConditions(filter, unitPath)];
}

export async function listCases(db: Db, actor: Actor, filter: CaseListFilter & { cursor?: string; limit: number }) {
  const conds = await listConditions(db, actor, filter);
  const rows = await repo.listCases(db, conds, filter.cursor ? Number(filter.cursor) : null, filter.limit + 1);
  const page = rows.slice(0, filter.limit);
  return { items: page.map(toSummary), nextCursor: rows.length > filter.limit ? String(page[page.length - 1]!.id) : null };
}

/** How many cases the filtered list holds for this caller (the ledger export's total). */
export async function countCases(db: Db, actor: Actor, filter: CaseListFilter): Promise<number> {
  return repo.countCases(db, await listConditions(db, actor, filter));
}

/** Keyset batches of the filtered list with the ledger's columns, for the streaming Excel ledger. */
export async function* iterateCases(db: Db, actor: Actor, filter: CaseListFilter, batch = 2000, max = 200_000) {
  const conds = await listConditions(db, actor, filter);
  let cursor: number | null = null;
  let seen = 0;
  while (seen < max) {
    const rows: repo.CaseLedgerRow[] = await repo.listLedgerRows(db, conds, cursor, Math.min(batch, max - seen));
    if (rows.length === 0) return;
    yield rows;
    seen += rows.length;
    cursor = rows[rows.length - 1]!.id;
    if (rows.length < batch) return;
  }
}

/**
 * The caller's queue. Unit users: open cases of the units they hold case.rectify or case.delegate
 * on (below a jurisdiction unit). Office users (a grant on a jurisdiction unit with an office permission): cases
 * waiting on the office. Overdue first, then the nearest deadline.
 */
export async function listInbox(db: Db, actor: Actor, limit: number) {
  const parts: SQL[] = [];
  const unitGrants = actor.grants.filter((g) => isUnitGrant(g) && (g.permissions.includes('case.rectify') || g.permissions.includes('case.delegate')));
  if (unitGrants.length) {
    // A unit's inbox holds the cases whose next move is the unit's (the workflow table says whose).
    const unitStates = [...UNIT_STATES];
    parts.push(
      sql`(${inArray(cases.state, unitStates)} and (${sql.join(
        unitGrants.map((g) => sql`${cases.responsibleUnitPath} like ${`${g.unitPath}%`}`),
        sql` or `,
      )}))`,
    );
  }
  const officeRoots = officeInboxGrants(actor.grants);
  if (officeRoots.length) {
    const officeStates = [...OFFICE_STATES];
    parts.push(
      sql`((${inArray(cases.state, officeStates)} or ${cases.pendingExtension} is not null) and (${sql.join(
        officeRoots.map((g) => sql`${cases.areaUnitPath} like ${`${g.unitPath}%`}`),
        sql` or `,
      )}))`,
    );
  }
  if (parts.length === 0) return { items: [] };
  const rows = await repo.listInbox(db, [sql`(${sql.join(parts, sql` or `)})`], limit);
  return { items: rows.map((r) => ({ ...toSummary(r), allowedActions: actionsFor(actor, r) })) };
}

export async function casesOnMap(db: Db, actor: Actor, filter: CaseListFilter, box: repo.Bbox) {
  const conds = await listConditions(db, actor, filter);
  const total = await repo.countInBox(db, conds, box);
  if (total <= 1000) return { total, points: await repo.pointsInBox(db, conds, box, 1000), clusters: [] };
  return { total, points: [], clusters: await repo.clustersInBox(db, conds, box, 32) };
}

export async function routingProposal(
  db: Db,
  actor: Actor,
  q: { lon: number; lat: number; nature: 'facility' | 'incident'; categoryCode: string; subcategoryCode: string },
) {
  const ref = await loadReference(db);
  const category = ref.categories.get(categoryKey(q.nature, q.categoryCode, q.subcategoryCode)) ?? null;
  if (!category) throw new AppError(400, 'validation_failed', 'case_category_unknown', { code: `${q.categoryCode}${q.subcategoryCode}` });
  const home = ref.unitsById.get(actor.unitId);
  const p = proposeRouting(ref, rootPathOf(home?.path ?? actor.grants[0]?.unitPath ?? '/1/'), q.lon, q.lat, category);
  const unit = (u: RefUnit | null) => (u ? { id: u.id, name: u.name, kind: u.kind, code: u.code } : null);
  return {
    responsibleUnit: unit(p.responsibleUnit),
    supportingUnit: unit(p.supportingUnit),
    territorialUnit: unit(p.territorialUnit),
    departmentUnit: unit(p.departmentUnit),
    grid: unit(p.grid),
    containing: p.containing.map((u) => unit(u)!),
    deadlineRule: p.deadlineRule,
  };
}

export async function listCategories(db: Db) {
  const ref = await loadReference(db);
  return [...ref.categories.values()]
    .filter((c) => c.isActive)
    .map((c) => {
      const dept = c.defaultDepartmentCode ? ref.unitsByCode.get(c.defaultDepartmentCode) : null;
      return {
        nature: c.nature,
        categoryCode: c.categoryCode,
        categoryName: c.categoryName,
        subcategoryCode: c.subcategoryCode,
        subcategoryName: c.subcategoryName,
        deadlineRule: c.deadlineRule ?? null,
        defaultDepartment: dept ? { id: dept.id, name: dept.name } : null,
        acceptStandard: c.acceptStandard,
        closeStandard: c.closeStandard,
      };
    });
}

// ── metrics ──────────────────────────────────────────────────────────────────────────────────

export type UnitMetricsRow = UnitMetrics & { unitId: number; unitName: string; unitKind: UnitKind };

/**
 * Per-unit metrics of a period with the domain's definitions (case.metrics.ts), for the units in
 * the caller's case.view scope; red list = the best `top` by score, black list = the worst.
 */
export async function unitMetrics(db: Db, actor: Actor, q: { from: Date; to: Date; kind?: UnitKind; unitId?: number; top: number }, now = new Date()) {
  const ref = await loadReference(db);
  const calendar = await loadCalendar(db);
  const rows = await repo.assignmentsInPeriod(db, inScope(actor, 'case.view', caseAssignments.unitPath), q.from, q.to, q.unitId ?? null);
  const asOf = new Date(Math.min(q.to.getTime(), now.getTime()));
  const byUnit = new Map<number, UnitMetricCounts>();
  for (const r of rows) {
    let counts = byUnit.get(r.unitId);
    if (!counts) byUnit.set(r.unitId, (counts = emptyUnitMetricCounts()));
    countAssignment(counts, r, asOf.getTime(), calendar);
  }
  return unitMetricsResult(ref, byUnit, q, asOf);
}

/**
 * Rows, order and red / black lists from per-unit counts; shared by the live computation above and
 * the dashboard's rollup-backed one, so both answer the same.
 */
export function unitMetricsResult(
  ref: Reference,
  byUnit: Map<number, UnitMetricCounts>,
  q: { from: Date; to: Date; kind?: UnitKind; top: number },
  asOf: Date,
) {
  const items: UnitMetricsRow[] = [];
  for (const [unitId, counts] of byUnit) {
    const unit = ref.unitsById.get(unitId);
    if (!unit || (q.kind && unit.kind !== q.kind)) continue;
    items.push({ unitId, unitName: unit.name, unitKind: unit.kind, ...metricsFromCounts(counts) });
  }
  items.sort(compareByScore);
  // Ties share a rank and are never split between the lists; no deductions, never black; small samples on neither (case.metrics.ts).
  const { redList, blackList, rule } = redBlackLists(items, q.top);
  return {
    from: q.from.toISOString(),
    to: q.to.toISOString(),
    asOf: asOf.toISOString(),
    items,
    redList,
    blackList,
    listRule: rule,
  };
}

/** Open cases in the actor's scope by the (Shanghai) year their deadline falls in: the calendar status' years. */
export async function openDeadlineYears(db: Db, actor: Actor): Promise<OpenDeadlineYears> {
  const deadlineYear = sql<number>`extract(year from ${cases.deadlineAt} at time zone 'Asia/Shanghai')::int`;
  return db
    .select({ year: deadlineYear, openCases: sql<number>`count(*)::int` })
    .from(cases)
    .where(and(isNotNull(cases.deadlineAt), inArray(cases.state, OPEN_STATES), caseScope(actor)))
    .groupBy(deadlineYear);
}
