import { and, asc, desc, eq, getTableColumns, gte, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias, type PgTable, type SelectedFields } from 'drizzle-orm/pg-core';
import type { CaseSnapshot } from '@chuangwen/domain/cases/case.workflow';
import type { CaseListFilter } from '@chuangwen/domain/cases/case.schemas';
import { rowsOf, type Executor } from '../../platform/db/db';
import { units } from '../../platform/identity/unit.tables';
import { files } from '../files/file.tables';
import { users } from '../../platform/identity/user.tables';
import { caseAssignments, caseCategories, caseEvents, casePhotos, cases } from './case.tables';

export type CaseRow = typeof cases.$inferSelect;

const responsibleUnits = alias(units, 'ru');
const areaUnits = alias(units, 'au');

/** A row that came back as JSON (`to_jsonb(c)`) → the same object drizzle's select gives. */
export function fromJsonRow<T extends PgTable>(table: T, json: Record<string, unknown>): T['$inferSelect'] {
  const out: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const raw = json[column.name];
    out[key] = raw == null ? null : column.mapFromDriverValue(raw);
  }
  return out as T['$inferSelect'];
}

export async function findCaseById(exec: Executor, id: number): Promise<CaseRow | null> {
  const [row] = await exec.select().from(cases).where(eq(cases.id, id));
  return row ?? null;
}

const date = (s: string | null | undefined) => (s == null ? null : new Date(s));

export function toSnapshot(row: CaseRow): CaseSnapshot {
  return {
    state: row.state,
    version: row.version,
    responsibleUnitId: row.responsibleUnitId,
    deadlineAt: row.deadlineAt,
    submittedAt: row.submittedAt,
    acceptedAt: row.acceptedAt,
    dispatchedAt: row.dispatchedAt,
    rectifiedAt: row.rectifiedAt,
    closedAt: row.closedAt,
    pendingExtension: row.pendingExtension
      ? {
          reason: row.pendingExtension.reason,
          requestedDeadlineAt: date(row.pendingExtension.requestedDeadlineAt)!,
          requestedAt: date(row.pendingExtension.requestedAt)!,
        }
      : null,
    parking: row.parking ? { plan: row.parking.plan, reviewAt: date(row.parking.reviewAt)!, parkedAt: date(row.parking.parkedAt)! } : null,
    reworkCount: row.reworkCount,
    returnCount: row.returnCount,
    extensionCount: row.extensionCount,
    urgeCount: row.urgeCount,
  };
}

/** The columns a snapshot owns, ready for UPDATE. */
export function snapshotValues(s: CaseSnapshot) {
  return {
    state: s.state,
    version: s.version,
    responsibleUnitId: s.responsibleUnitId,
    deadlineAt: s.deadlineAt,
    acceptedAt: s.acceptedAt,
    dispatchedAt: s.dispatchedAt,
    rectifiedAt: s.rectifiedAt,
    closedAt: s.closedAt,
    pendingExtension: s.pendingExtension
      ? {
          reason: s.pendingExtension.reason,
          requestedDeadlineAt: s.pendingExtension.requestedDeadlineAt.toISOString(),
          requestedAt: s.pendingExtension.requestedAt.toISOString(),
        }
      : null,
    parking: s.parking ? { plan: s.parking.plan, reviewAt: s.parking.reviewAt.toISOString(), parkedAt: s.parking.parkedAt.toISOString() } : null,
    reworkCount: s.reworkCount,
    returnCount: s.returnCount,
    extensionCount: s.extensionCount,
    urgeCount: s.urgeCount,
  };
}

// ── lists ────────────────────────────────────────────────────────────────────────────────────

const like = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** WHERE conditions of the list filters (shared by the list, the map and the ledger). */
export function filterConditions(filter: CaseListFilter, unitPath: string | null): SQL[] {
  const conds: SQL[] = [];
  if (filter.state?.length) conds.push(filter.state.length === 1 ? eq(cases.state, filter.state[0]!) : inArray(cases.state, filter.state));
  if (unitPath) conds.push(or(sql`${cases.responsibleUnitPath} like ${`${unitPath}%`}`, sql`${cases.areaUnitPath} like ${`${unitPath}%`}`)!);
  if (filter.nature) conds.push(eq(cases.nature, filter.nature));
  if (filter.categoryCode) conds.push(eq(cases.categoryCode, filter.categoryCode));
  if (filter.subcategoryCode) conds.push(eq(cases.subcategoryCode, filter.subcategoryCode));
  if (filter.source) conds.push(eq(cases.source, filter.source));
  if (filter.overdue !== undefined) conds.push(eq(cases.isOverdue, filter.overdue));
  if (filter.from) conds.push(gte(cases.submittedAt, new Date(filter.from)));
  if (filter.to) conds.push(lt(cases.submittedAt, new Date(filter.to)));
  if (filter.criterionCode) conds.push(eq(cases.criterionCode, filter.criterionCode));
  if (filter.siteId) conds.push(eq(cases.siteId, filter.siteId));
  if (filter.q) conds.push(or(ilike(cases.number, like(filter.q)), ilike(cases.address, like(filter.q)), ilike(cases.description, like(filter.q)))!);
  return conds;
}

export const summaryColumns = {
  ...getTableColumns(cases),
  responsibleUnitName: responsibleUnits.name,
  areaUnitName: areaUnits.name,
  categoryName: caseCategories.categoryName,
  subcategoryName: caseCategories.subcategoryName,
};

/** The summary's columns (plus `extra`) with the joins that name units and categories. */
function summaryQuery<E extends SelectedFields>(exec: Executor, extra: E = {} as E) {
  return exec
    .select({ ...summaryColumns, ...extra })
    .from(cases)
    .leftJoin(responsibleUnits, eq(responsibleUnits.id, cases.responsibleUnitId))
    .leftJoin(areaUnits, eq(areaUnits.id, cases.areaUnitId))
    .leftJoin(
      caseCategories,
      and(
        eq(caseCategories.nature, cases.nature),
        eq(caseCategories.categoryCode, cases.categoryCode),
        eq(caseCategories.subcategoryCode, cases.subcategoryCode),
      ),
    );
}
export type CaseSummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['execute']>>[number];

/** Newest first, keyset-paged on id (stable while cases are added). */
export async function listCases(exec: Executor, conds: SQL[], cursor: number | null, limit: number) {
  const where = cursor ? [...conds, lt(cases.id, cursor)] : conds;
  return summaryQuery(exec)
    .where(and(...where))
    .orderBy(desc(cases.id))
    .limit(limit);
}

// The ledger reads only what it writes: a third of the list's columns, so a million rows parse fast.
const ledgerColumns = {
  id: cases.id,
  number: cases.number,
  submittedAt: cases.submittedAt,
  source: cases.source,
  nature: cases.nature,
  categoryCode: cases.categoryCode,
  subcategoryCode: cases.subcategoryCode,
  address: cases.address,
  description: cases.description,
  severity: cases.severity,
  state: cases.state,
  deadlineAt: cases.deadlineAt,
  isOverdue: cases.isOverdue,
  closedAt: cases.closedAt,
  reworkCount: cases.reworkCount,
  responsibleUnitName: responsibleUnits.name,
  areaUnitName: areaUnits.name,
  categoryName: caseCategories.categoryName,
  subcategoryName: caseCategories.subcategoryName,
};

/** Newest first, keyset-paged on id, with the ledger's columns only. */
export async function listLedgerRows(exec: Executor, conds: SQL[], cursor: number | null, limit: number) {
  const where = cursor ? [...conds, lt(cases.id, cursor)] : conds;
  return exec
    .select(ledgerColumns)
    .from(cases)
    .leftJoin(responsibleUnits, eq(responsibleUnits.id, cases.responsibleUnitId))
    .leftJoin(areaUnits, eq(areaUnits.id, cases.areaUnitId))
    .leftJoin(
      caseCategories,
      and(
        eq(caseCategories.nature, cases.nature),
        eq(caseCategories.categoryCode, cases.categoryCode),
        eq(caseCategories.subcategoryCode, cases.subcategoryCode),
      ),
    )
    .where(and(...where))
    .orderBy(desc(cases.id))
    .limit(limit);
}
export type CaseLedgerRow = Awaited<ReturnType<typeof listLedgerRows>>[number];

export async function countCases(exec: Executor, conds: SQL[]): Promise<number> {
  const [row] = await exec
    .select({ n: sql<number>`count(*)::int` })
    .from(cases)
    .where(and(...conds));
  return row?.n ?? 0;
}

/** A unit's queue: overdue first, then the nearest deadline. */
export async function listInbox(exec: Executor, conds: SQL[], limit: number) {
  return summaryQuery(exec)
    .where(and(...conds))
    .orderBy(desc(cases.isOverdue), sql`${cases.deadlineAt} asc nulls last`, asc(cases.id))
    .limit(limit);
}

type DetailEvent = {
  id: number;
  at: string;
  actorUserId: number | null;
  actorName: string | null;
  action: string;
  fromState: CaseSnapshot['state'] | null;
  toState: CaseSnapshot['state'];
  note: string | null;
  data: Record<string, unknown>;
  attachmentIds: string[];
};
type DetailPhoto = { fileId: string; phase: 'before' | 'after' | 'attachment'; at: string; originalName: string; thumbKey: string | null };
const reporters = alias(users, 'reporter');

/**
 * A case with its timeline, photos and reporter in one statement: the detail page is the busiest
 * read after the lists, and four round trips cost more than the rows (bench/pageload.bench.ts).
 */
export async function findCaseDetail(exec: Executor, id: number) {
  const [row] = await summaryQuery(exec, {
    reporterName: reporters.name,
    events: sql<DetailEvent[]>`(select coalesce(json_agg(json_build_object(
        'id', e.id, 'at', e.at, 'actorUserId', e.actor_user_id, 'actorName', e.actor_name, 'action', e.action,
        'fromState', e.from_state, 'toState', e.to_state, 'note', e.note, 'data', e.data, 'attachmentIds', e.attachment_ids
      ) order by e.id), '[]'::json) from ${caseEvents} e where e.case_id = ${cases.id})`,
    photos: sql<DetailPhoto[]>`(select coalesce(json_agg(json_build_object(
        'fileId', p.file_id, 'phase', p.phase, 'at', p.created_at, 'originalName', f.original_name, 'thumbKey', f.thumb_key
      ) order by p.created_at, p.file_id), '[]'::json) from ${casePhotos} p join ${files} f on f.id = p.file_id where p.case_id = ${cases.id})`,
  })
    .leftJoin(reporters, eq(reporters.id, cases.reporterUserId))
    .where(eq(cases.id, id));
  return row ?? null;
}

export async function findCasePhoto(exec: Executor, caseId: number, fileId: string) {
  const [row] = await exec
    .select({ file: files })
    .from(casePhotos)
    .innerJoin(files, eq(files.id, casePhotos.fileId))
    .where(and(eq(casePhotos.caseId, caseId), eq(casePhotos.fileId, fileId)));
  return row?.file ?? null;
}

/** Photo files the actor uploaded (the only ones they may attach). */
// ── the map ──────────────────────────────────────────────────────────────────────────────────

export type Bbox = { west: number; south: number; east: number; north: number };

export async function countInBox(exec: Executor, conds: SQL[], box: Bbox) {
  const [row] = await exec
    .select({ n: sql<number>`count(*)::int` })
    .from(cases)
    .where(and(...conds, ...boxConds(box)));
  return row!.n;
}

const boxConds = (b: Bbox) => [gte(cases.lon, b.west), lt(cases.lon, b.east), gte(cases.lat, b.south), lt(cases.lat, b.north)];

export async function pointsInBox(exec: Executor, conds: SQL[], box: Bbox, limit: number) {
  return exec
    .select({ id: cases.id, lon: cases.lon, lat: cases.lat, state: cases.state, isOverdue: cases.isOverdue, number: cases.number })
    .from(cases)
    .where(and(...conds, ...boxConds(box)))
    .orderBy(desc(cases.id))
    .limit(limit);
}

/** Grid clustering in SQL: one row per occupied cell with its centroid and count. */
export async function clustersInBox(exec: Executor, conds: SQL[], box: Bbox, cells: number) {
  const cw = (box.east - box.west) / cells;
  const ch = (box.north - box.south) / cells;
  const where = and(...conds, ...boxConds(box));
  const result = await exec.execute(sql`select avg(lon)::float8 as lon, avg(lat)::float8 as lat, count(*)::int as count,
      sum(case when is_overdue then 1 else 0 end)::int as overdue
    from ${cases} where ${where}
    group by floor((lon - ${box.west}) / ${cw}), floor((lat - ${box.south}) / ${ch})`);
  return rowsOf<{ lon: number; lat: number; count: number; overdue: number }>(result).map((r) => ({ ...r, lon: Number(r.lon), lat: Number(r.lat) }));
}

// ── metrics input ────────────────────────────────────────────────────────────────────────────

export async function assignmentsInPeriod(exec: Executor, scope: SQL, from: Date, to: Date, unitId: number | null) {
  const conds = [gte(caseAssignments.dispatchedAt, from), lt(caseAssignments.dispatchedAt, to), scope];
  if (unitId) conds.push(eq(caseAssignments.unitId, unitId));
  return exec
    .select({
      unitId: caseAssignments.unitId,
      dispatchedAt: caseAssignments.dispatchedAt,
      deadlineAt: caseAssignments.deadlineAt,
      rectifiedAt: caseAssignments.rectifiedAt,
      closedAt: caseAssignments.closedAt,
      returnedAt: caseAssignments.returnedAt,
      isParked: caseAssignments.isParked,
      reworkCount: caseAssignments.reworkCount,
    })
    .from(caseAssignments)
    .where(and(...conds));
}
