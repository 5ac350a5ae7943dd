import { createHash } from 'node:crypto';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { CASE_SOURCE_LABELS, type CaseCreateInput, type CaseSource } from '@chuangwen/domain/cases/case.schemas';
import { allowedCaseSources, defaultCaseSource } from '@chuangwen/domain/auth/permissions';
import { LOCALES } from '@chuangwen/domain/i18n/labels';
import { openCase } from '@chuangwen/domain/cases/case.workflow';
import { rowsOf, type Db } from '../../platform/db/db';
import type { Actor, RequestContext } from '../../platform/auth/actor';
import { AppError } from '../../platform/http/errors';
import { t } from '../../platform/http/messages';
import { cases } from './case.tables';
import { fromJsonRow, type CaseRow } from './case.repo';
import { categoryKey, loadReference, type Reference } from './case.reference';
import { areaUnitFor, rootPathOf, type RefUnit } from '../units/unit.tree';
import { assertOwnFiles } from '../files/file.service';
import { withEvents } from '../../platform/events/domain-events';
import './case.events'; // the events emitted here, in the event map

export const CASE_NUMBER_PREFIX = 'SF';

/** The local (UTC+8) year of an instant: numbering follows the calendar year in China. */
export const shanghaiYear = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).getUTCFullYear();

export type CaseInsertValues = {
  year: number;
  input: CaseCreateInput & { source: CaseSource };
  areaUnitId: number;
  areaUnitPath: string;
  reporterUserId: number;
  reporterName: string;
  auditActorName: string;
  ip: string;
  userAgent: string | null;
  submittedAt: Date;
  idempotencyKey: string | null;
  /** What the request said, hashed: a retry with the same key must say the same (else 409). */
  requestHash?: string | null;
};

/**
 * Creating a case is ONE statement (one round trip, atomic without an explicit transaction): the
 * case with its number from the year's sequence, its `create` event, its before-photos and the audit
 * row, as data-modifying CTEs. A retried Idempotency-Key hits the unique key and inserts nothing.
 * bench/cases.bench.ts runs this very statement through pgbench as the baseline.
 */
export function caseInsertSql(v: CaseInsertValues): SQL {
  const i = v.input;
  const photos = `{${i.beforePhotoIds.join(',')}}`;
  const year = String(v.year);
  return sql`with c as (
  insert into cases (number, source, nature, category_code, subcategory_code, criterion_code, site_id, lon, lat, address, description,
    severity, state, area_unit_id, area_unit_path, reporter_user_id, submitted_at, idempotency_key, request_hash)
  values (${`${CASE_NUMBER_PREFIX}-${year}-`} || lpad(nextval(${`case_number_${year}`}::regclass)::text, 6, '0'), ${i.source}, ${i.nature},
    ${i.categoryCode}, ${i.subcategoryCode}, ${i.criterionCode ?? null}, ${i.siteId ?? null}::int, ${i.lon}::float8, ${i.lat}::float8, ${i.address},
    ${i.description}, ${i.severity}, 'submitted', ${v.areaUnitId}::int, ${v.areaUnitPath}, ${v.reporterUserId}::int,
    ${v.submittedAt.toISOString()}::timestamptz, ${v.idempotencyKey}, ${v.requestHash ?? null})
  on conflict (reporter_user_id, idempotency_key) do nothing
  returning *
), e as (
  insert into case_events (case_id, at, actor_user_id, actor_name, action, to_state, attachment_ids)
  select c.id, c.submitted_at, c.reporter_user_id, ${v.reporterName}, 'create', c.state, ${photos}::uuid[] from c
), p as (
  insert into case_photos (case_id, file_id, phase) select c.id, f, 'before' from c cross join unnest(${photos}::uuid[]) as f
), a as (
  insert into audit_log (actor_id, actor_name, ip, user_agent, action, entity_type, entity_id, unit_id, after)
  select c.reporter_user_id, ${v.auditActorName}, ${v.ip}, ${v.userAgent}, 'case.create', 'case', c.id::text, c.area_unit_id,
    jsonb_build_object('number', c.number, 'source', c.source, 'nature', c.nature, 'categoryCode', c.category_code,
      'subcategoryCode', c.subcategory_code, 'address', c.address, 'description', c.description, 'severity', c.severity,
      'lon', c.lon, 'lat', c.lat, 'beforePhotoIds', to_jsonb(${photos}::uuid[]))
  from c
)
select to_jsonb(c) as row from c`;
}

const dialect = new PgDialect();

/**
 * On PostgreSQL the statement runs as a named prepared statement: each pooled connection parses
 * and plans the five-part CTE once instead of on every case (what pgbench -M prepared does too).
 */
async function runInsert(db: Db, values: CaseInsertValues): Promise<unknown> {
  const statement = caseInsertSql(values);
  const client = (db as unknown as { $client?: unknown }).$client;
  if (client instanceof pg.Pool) {
    const { sql: text, params } = dialect.sqlToQuery(statement);
    return client.query({ name: 'case_insert_v2', text, values: params });
  }
  return db.execute(statement);
}

const ensuredYears = new WeakMap<object, Set<number>>();

/** Creates the sequence of a year's case numbers (idempotent). */
export async function ensureCaseNumberSequence(db: Db, year: number) {
  if (!Number.isInteger(year) || year < 2000 || year > 2200) throw new RangeError(`bad year ${year}`);
  await db.execute(sql.raw(`create sequence if not exists case_number_${year}`));
  const set = ensuredYears.get(db) ?? new Set<number>();
  set.add(year);
  ensuredYears.set(db, set);
}

/** The hash of what a create request says (its parsed body), in a fixed field order. */
export function createRequestHash(input: CaseCreateInput & { source: CaseSource }): string {
  const i = input;
  const fields = [
    i.source,
    i.nature,
    i.categoryCode,
    i.subcategoryCode,
    i.criterionCode ?? null,
    i.siteId ?? null,
    i.lon,
    i.lat,
    i.address,
    i.description,
    i.severity,
    i.beforePhotoIds,
  ];
  return createHash('sha256').update(JSON.stringify(fields)).digest('base64url');
}

/** Per-language names of sources, for messages. */
const sourceNames = (sources: readonly CaseSource[]) =>
  Object.fromEntries(LOCALES.map((l) => [l, sources.map((s) => CASE_SOURCE_LABELS[l][s]).join(t(l, 'list_separator'))]));

/**
 * The source follows the reporter's role (auth/permissions.ts): none named → the role's default;
 * one the role may not record → 422.
 */
function sourceFor(actor: Actor, named: CaseSource | undefined): CaseSource {
  const allowed = allowedCaseSources(actor.permissions);
  const source = named ?? defaultCaseSource(actor.permissions);
  if (source && allowed.includes(source)) return source;
  throw new AppError(422, 'case_source_forbidden', 'case_source_forbidden', { source: sourceNames(source ? [source] : []), allowed: sourceNames(allowed) }, [
    { path: 'source', message: 'case_source_forbidden' },
  ]);
}

/**
 * A reporter reports within the units of their grants that carry case.create (a grid worker its
 * community), unless a permission lets them report anywhere in the county (office, inspectors).
 */
function assertInReporterScope(actor: Actor, area: RefUnit, ref: Reference) {
  if (actor.permissions.has('case.createAnywhere')) return;
  const scope = actor.grants.filter((g) => g.permissions.includes('case.create'));
  if (scope.some((g) => area.path.startsWith(g.unitPath))) return;
  const names = scope.map((g) => ref.unitsById.get(g.unitId)?.name ?? g.unitName);
  const units = Object.fromEntries(LOCALES.map((l) => [l, names.join(t(l, 'list_separator'))]));
  throw new AppError(422, 'case_outside_scope', 'case_outside_scope', { units }, [
    { path: 'lon', message: 'case_outside_scope' },
    { path: 'lat', message: 'case_outside_scope' },
  ]);
}

export async function createCase(
  db: Db,
  ctx: RequestContext & { actor: Actor },
  input: CaseCreateInput,
  opts: {
    idempotencyKey?: string | null;
    now?: Date;
    /** The citizens' channel: source `citizen`, anywhere in the county, its own replay check (citizen.service.ts). */
    citizenReport?: { requestHash: string };
    /** The key names the case itself (a field check's failure): an edited re-send is the same case, not a 409. */
    keyNamesCase?: boolean;
  } = {},
): Promise<{ row: CaseRow; created: boolean }> {
  const actor = ctx.actor;
  const now = opts.now ?? new Date();
  const ref = await loadReference(db);
  const category = ref.categories.get(categoryKey(input.nature, input.categoryCode, input.subcategoryCode));
  if (!category || !category.isActive) {
    const code = `${input.categoryCode}${input.subcategoryCode}`;
    throw new AppError(400, 'validation_failed', 'case_category_unknown', { code }, [{ path: 'subcategoryCode', message: code }]);
  }
  const source = opts.citizenReport ? 'citizen' : sourceFor(actor, input.source);
  await assertOwnFiles(db, actor.userId, [{ path: 'beforePhotoIds', ids: input.beforePhotoIds, accept: ['photo'] }]);
  const reporterUnit = ref.unitsById.get(actor.unitId);
  const rootPath = rootPathOf(reporterUnit?.path ?? actor.grants[0]?.unitPath ?? '/1/');
  const area = areaUnitFor(ref, rootPath, input.lon, input.lat);
  if (!area)
    throw new AppError(400, 'validation_failed', 'case_outside_area', {}, [
      { path: 'lon', message: 'case_outside_area' },
      { path: 'lat', message: 'case_outside_area' },
    ]);
  if (!opts.citizenReport) assertInReporterScope(actor, area, ref);
  // The opening snapshot comes from the workflow (state, version); the statement writes it.
  const opening = openCase(now).snapshot;
  if (opening.state !== 'submitted' || opening.version !== 1) throw new Error('case.workflow openCase changed: update caseInsertSql');
  const year = shanghaiYear(now);
  const resolved = { ...input, source };
  const requestHash = opts.citizenReport?.requestHash ?? createRequestHash(resolved);
  const values: CaseInsertValues = {
    year,
    input: resolved,
    areaUnitId: area.id,
    areaUnitPath: area.path,
    reporterUserId: actor.userId,
    reporterName: actor.name,
    auditActorName: `${actor.name} (${actor.username})`,
    ip: ctx.ip,
    userAgent: ctx.userAgent?.slice(0, 300) ?? null,
    submittedAt: now,
    idempotencyKey: opts.idempotencyKey ?? null,
    requestHash: opts.idempotencyKey && !opts.keyNamesCase ? requestHash : null,
  };
  // One atomic statement is the unit of work: `case.create` is heard once it returned (committed).
  const row = await withEvents(db, async (emit) => {
    let result;
    try {
      result = await runInsert(db, values);
    } catch (err) {
      if ((err as { code?: string }).code !== '42P01') throw err;
      await ensureCaseNumberSequence(db, year); // a new year: its sequence did not exist yet
      result = await runInsert(db, values);
    }
    const [inserted] = rowsOf<{ row: Record<string, unknown> | string }>(result);
    if (!inserted) return null;
    const json = typeof inserted.row === 'string' ? (JSON.parse(inserted.row) as Record<string, unknown>) : inserted.row;
    const created = fromJsonRow(cases, json);
    emit({ name: 'case.create', case: created });
    return created;
  });
  if (row) return { row, created: true };
  // The same Idempotency-Key from the same reporter: the case made by the first attempt, if the
  // request says the same (a key reused for another report is the caller's error, as for citizens).
  const [existing] = await db
    .select()
    .from(cases)
    .where(and(eq(cases.reporterUserId, actor.userId), eq(cases.idempotencyKey, opts.idempotencyKey!)));
  if (existing!.requestHash !== null && existing!.requestHash !== requestHash) throw new AppError(409, 'idempotency_mismatch', 'idempotency_mismatch');
  return { row: existing!, created: false };
}
