import { and, asc, desc, eq, gt, gte, inArray, lt, lte, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { CASE_STATE_DEFINITIONS, HIDDEN_STATES, OPEN_STATES, stateKind } from '@chuangwen/domain/cases/case.workflow';
import {
  PUBLIC_EVENT_STAGES,
  PUBLIC_STAGE_LABELS,
  approximate,
  normaliseTrackingCode,
  parseServiceCode,
  publicStageOf,
  serviceCode,
} from '@chuangwen/domain/citizens/citizen.schemas';
import type { Locale } from '@chuangwen/domain/i18n/labels';
import type { Db } from '../../platform/db/db';
import { caseEvents, cases } from '../cases/case.tables';
import { loadReference, type Reference } from '../cases/case.reference';
import { citizenReports } from '../citizens/citizen.tables';
import { citizenCaseQuery, publicAfterPhotos, type CitizenCaseRow } from '../citizens/citizen.repo';
import { namesOf } from '../citizens/citizen.service';
import { w3c } from './open311.format';

// GeoReport v2 resources over our data: services = active case subcategories, requests = citizen
// reports (any channel). Unmoderated and rejected reports are listed without their text, and with
// the community and town instead of their address; points are approximate everywhere (citizen.schemas
// `approximate`), and so is the point the lat/long/radius filter measures from. Public URLs are built
// from PUBLIC_URL, never from the request's Host header.

export const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
/** Bump when the endpoints or the shape of the services change (clients refresh their caches). */
export const DISCOVERY_CHANGESET = '2026-11-27T00:00:00Z';

export function discovery(baseUrl: string, production: boolean) {
  return {
    changeset: DISCOVERY_CHANGESET,
    contact: '创文办（文明办）市民举报受理 — civilization office, citizen reports desk',
    key_service: 'API keys for POST requests are issued by the civilization office (创文办) in the office app: menu Open311 接口密钥 (/citizens/open311-keys).',
    endpoints: [
      {
        specification: SPECIFICATION,
        url: `${baseUrl}/open311/v2`,
        changeset: DISCOVERY_CHANGESET,
        type: production ? 'production' : 'test',
        formats: ['text/xml', 'application/json'],
      },
    ],
  };
}

export async function listServices(db: Db) {
  const ref = await loadReference(db);
  return [...ref.categories.values()]
    .filter((c) => c.isActive)
    .map((c) => ({
      service_code: serviceCode(c.nature, c.categoryCode, c.subcategoryCode),
      service_name: c.subcategoryName,
      description: `${c.categoryName} / ${c.subcategoryName}`,
      metadata: Boolean(c.acceptStandard || c.closeStandard),
      type: 'realtime',
      keywords: [c.categoryName, c.subcategoryName].join(','),
      group: c.categoryName,
    }));
}

/** The service's standards as informational attributes (variable=false); no input is asked for. */
export async function serviceDefinition(db: Db, code: string) {
  const ref = await loadReference(db);
  const parsed = parseServiceCode(code);
  const c = parsed
    ? [...ref.categories.values()].find(
        (x) => x.isActive && x.nature === parsed.nature && x.categoryCode === parsed.categoryCode && x.subcategoryCode === parsed.subcategoryCode,
      )
    : null;
  if (!c) return null;
  const attributes = [
    ...(c.acceptStandard ? [{ code: 'accept_standard', label: '立案标准 (acceptance standard)', text: c.acceptStandard }] : []),
    ...(c.closeStandard ? [{ code: 'close_standard', label: '结案标准 (closure standard)', text: c.closeStandard }] : []),
  ].map((a, i) => ({
    variable: false,
    code: a.code,
    datatype: 'text',
    required: false,
    datatype_description: a.label,
    order: i + 1,
    description: a.text,
  }));
  return { service_code: code, attributes };
}

type RequestRow = CitizenCaseRow & { rejectReason: string | null; agency: string | null; place: string | null };

/** 'XX镇 YY村' (town, then community or village) of a territorial unit: where a report is, roughly. */
export function approximatePlace(ref: Reference, unitId: number | null | undefined): string | null {
  const names: string[] = [];
  for (let u = unitId != null ? ref.unitsById.get(unitId) : undefined; u; u = u.parentId != null ? ref.unitsById.get(u.parentId) : undefined) {
    if (u.kind === 'community' || u.kind === 'village' || u.kind === 'town' || u.kind === 'subdistrict') names.unshift(u.name);
  }
  return names.length ? names.join(' ') : null;
}

function toRequest(ref: Reference, row: RequestRow, media: string | null, locale: Locale, extended: boolean) {
  const hidden = HIDDEN_STATES.includes(row.state);
  const isDuplicate = row.duplicateOfNumber != null;
  const stage = publicStageOf(row.state, isDuplicate);
  const notes = [`${PUBLIC_STAGE_LABELS[locale][stage]} (${row.state})`];
  if (row.state === 'rejected' && row.rejectReason) notes.push(row.rejectReason);
  const terminal = stateKind(row.state) === 'terminal';
  return {
    service_request_id: row.number,
    status: extended ? (isDuplicate ? 'duplicate' : CASE_STATE_DEFINITIONS[row.state].open311Status) : terminal ? 'closed' : 'open',
    status_notes: notes.join(locale === 'en' ? '. ' : '；'),
    service_name: namesOf(ref, row).subcategoryName,
    service_code: serviceCode(row.nature, row.categoryCode, row.subcategoryCode),
    description: hidden ? null : row.description,
    agency_responsible: row.agency,
    service_notice: null,
    requested_datetime: w3c(row.submittedAt),
    updated_datetime: w3c(row.closedAt ?? row.updatedAt),
    expected_datetime: terminal ? null : w3c(row.deadlineAt),
    address: hidden ? (row.place ? `${row.place}${locale === 'en' ? ' (approximate)' : '（大致位置）'}` : null) : row.address,
    address_id: null,
    zipcode: null,
    lat: approximate(row.lat),
    long: approximate(row.lon),
    media_url: media,
  };
}

export type RequestQuery = {
  ids?: string[];
  serviceCodes?: string[];
  statuses?: ('open' | 'closed')[];
  page: number;
  pageSize: number;
  /** Period of requested_datetime; absent when only updated_after/updated_before bound the list. */
  start?: Date;
  end?: Date;
  updatedAfter?: Date;
  updatedBefore?: Date;
  near?: { lat: number; long: number; radiusM: number };
};

const METRES_PER_DEGREE = 111_320;
/** What updated_datetime shows (toRequest), so the filter and the answer agree. */
const UPDATED_SQL = sql`coalesce(${cases.closedAt}, ${cases.updatedAt})`;

/** Within radiusM of a point, measured from the published (approximate) point of each request. */
function nearSql(n: { lat: number; long: number; radiusM: number }): SQL {
  const lat = sql`round(${cases.lat}::numeric, 3)::float8`;
  const lon = sql`round(${cases.lon}::numeric, 3)::float8`;
  const dLat = n.radiusM / METRES_PER_DEGREE + 0.001;
  const dLon = n.radiusM / (METRES_PER_DEGREE * Math.max(0.01, Math.cos((n.lat * Math.PI) / 180))) + 0.001;
  return and(
    sql`${cases.lat} between ${n.lat - dLat}::float8 and ${n.lat + dLat}::float8`,
    sql`${cases.lon} between ${n.long - dLon}::float8 and ${n.long + dLon}::float8`,
    sql`(${METRES_PER_DEGREE}::float8 * sqrt(power(${lat} - ${n.lat}::float8, 2) + power((${lon} - ${n.long}::float8) * cos(radians(${n.lat}::float8)), 2))) <= ${n.radiusM}::float8`,
  )!;
}

/** GET requests: by ids (all other filters ignored), else by services, period and status; newest first. */
export async function listRequests(db: Db, q: RequestQuery, opts: { baseUrl: string; locale: Locale; extended: boolean }) {
  const conds: SQL[] = [];
  if (q.ids) {
    conds.push(inArray(cases.number, q.ids));
  } else {
    if (q.start) conds.push(gte(cases.submittedAt, q.start));
    if (q.end) conds.push(lt(cases.submittedAt, q.end));
    if (q.updatedAfter) conds.push(sql`${UPDATED_SQL} > ${q.updatedAfter.toISOString()}::timestamptz`);
    if (q.updatedBefore) conds.push(sql`${UPDATED_SQL} <= ${q.updatedBefore.toISOString()}::timestamptz`);
    if (q.near) conds.push(nearSql(q.near));
    if (q.serviceCodes) {
      const parsed = q.serviceCodes.map(parseServiceCode).filter((p) => p !== null);
      if (parsed.length === 0) return [];
      conds.push(
        or(...parsed.map((p) => and(eq(cases.nature, p.nature), eq(cases.categoryCode, p.categoryCode), eq(cases.subcategoryCode, p.subcategoryCode))))!,
      );
    }
    if (q.statuses && q.statuses.length === 1) {
      conds.push(q.statuses[0] === 'open' ? inArray(cases.state, [...OPEN_STATES]) : notInArray(cases.state, [...OPEN_STATES]));
    }
  }
  const rows = await queryRequests(db, and(...conds)!, q.pageSize, (q.page - 1) * q.pageSize);
  return present(db, rows, opts);
}

export async function findRequest(db: Db, id: string, opts: { baseUrl: string; locale: Locale; extended: boolean }) {
  const rows = await queryRequests(db, eq(cases.number, id), 1, 0);
  return rows.length ? (await present(db, rows, opts))[0]! : null;
}

async function queryRequests(db: Db, where: SQL, limit: number, offset: number): Promise<RequestRow[]> {
  const rejectReason = sql<
    string | null
  >`(select e.data->>'reason' from case_events e where e.case_id = "cases"."id" and e.action = 'reject' order by e.id desc limit 1)`;
  const rows = await citizenCaseQuery(db).where(where).orderBy(desc(cases.submittedAt), desc(cases.id)).limit(limit).offset(offset);
  if (rows.length === 0) return [];
  const rejected = rows.filter((r) => r.state === 'rejected').map((r) => r.id);
  const reasons = rejected.length ? await db.select({ id: cases.id, reason: rejectReason }).from(cases).where(inArray(cases.id, rejected)) : [];
  const hidden = rows.filter((r) => HIDDEN_STATES.includes(r.state)).map((r) => r.id);
  const areas = hidden.length ? await db.select({ id: cases.id, areaUnitId: cases.areaUnitId }).from(cases).where(inArray(cases.id, hidden)) : [];
  const ref = await loadReference(db);
  return rows.map((r) => ({
    ...r,
    rejectReason: reasons.find((x) => x.id === r.id)?.reason ?? null,
    agency: r.responsibleUnitId ? (ref.unitsById.get(r.responsibleUnitId)?.name ?? null) : null,
    place: approximatePlace(ref, areas.find((x) => x.id === r.id)?.areaUnitId),
  }));
}

const photoUrl = (baseUrl: string, number: string, fileId: string) => `${baseUrl}/api/public/cases/${encodeURIComponent(number)}/photos/${fileId}`;

async function present(db: Db, rows: RequestRow[], opts: { baseUrl: string; locale: Locale; extended: boolean }) {
  const ref = await loadReference(db);
  const visible = rows.filter((r) => !HIDDEN_STATES.includes(r.state)).map((r) => r.id);
  const photos = await publicAfterPhotos(db, visible);
  return rows.map((r) => {
    const photo = photos.find((p) => p.caseId === r.id);
    const media = photo ? photoUrl(opts.baseUrl, r.number, photo.fileId) : null;
    return toRequest(ref, r, media, opts.locale, opts.extended);
  });
}

/** Token = a report's tracking code (any channel): resolves to its service_request_id. */
export async function resolveToken(db: Db, token: string) {
  const code = normaliseTrackingCode(token);
  if (!code) return null;
  const [row] = await db
    .select({ number: cases.number, code: citizenReports.trackingCode })
    .from(citizenReports)
    .innerJoin(cases, eq(cases.id, citizenReports.caseId))
    .where(eq(citizenReports.trackingCode, code));
  return row ? { service_request_id: row.number, token: row.code } : null;
}

// ── mySociety's GET servicerequestupdates ───────────────────────────────────────────────────────

export type UpdateQuery = { start: Date; end: Date; afterId?: number; beforeId?: number; limit: number };

/**
 * The public steps of citizen reports' timelines (the events the tracking-code page shows, not the
 * creation) in a period, oldest first: update_id is the event's id, so `after` continues a feed.
 * Text is what the public timeline says: the stage, a rejection's reason, the unit dispatched to.
 */
export async function listRequestUpdates(db: Db, q: UpdateQuery, opts: { baseUrl: string; locale: Locale; extended: boolean }) {
  const actions = Object.keys(PUBLIC_EVENT_STAGES).filter((a) => a !== 'create');
  const conds: SQL[] = [
    inArray(caseEvents.action, actions),
    gte(caseEvents.at, q.start),
    lte(caseEvents.at, q.end),
    // Every event bumps its case's updated_at: this bound lets the cases_updated index narrow the scan.
    gte(cases.updatedAt, q.start),
  ];
  if (q.afterId !== undefined) conds.push(gt(caseEvents.id, q.afterId));
  if (q.beforeId !== undefined) conds.push(lt(caseEvents.id, q.beforeId));
  const rows = await db
    .select({
      id: caseEvents.id,
      caseId: caseEvents.caseId,
      at: caseEvents.at,
      action: caseEvents.action,
      toState: caseEvents.toState,
      data: caseEvents.data,
      number: cases.number,
      duplicateOf: citizenReports.duplicateOfCaseId,
    })
    .from(caseEvents)
    .innerJoin(cases, eq(cases.id, caseEvents.caseId))
    .innerJoin(citizenReports, eq(citizenReports.caseId, caseEvents.caseId))
    .where(and(...conds))
    .orderBy(asc(caseEvents.at), asc(caseEvents.id))
    .limit(q.limit);
  if (rows.length === 0) return [];
  const ref = await loadReference(db);
  const photos = await publicAfterPhotos(db, [...new Set(rows.filter((r) => r.action === 'submitRectification').map((r) => r.caseId))]);
  const labels = PUBLIC_STAGE_LABELS[opts.locale];
  return rows.map((r) => {
    const duplicate = r.action === 'reject' && r.duplicateOf != null;
    const stage = duplicate ? 'merged' : PUBLIC_EVENT_STAGES[r.action]!;
    const data = r.data as { reason?: string; responsibleUnitId?: number };
    const text =
      r.action === 'reject'
        ? (data.reason ?? null)
        : (r.action === 'dispatch' || r.action === 'reassign') && data.responsibleUnitId
          ? (ref.unitsById.get(data.responsibleUnitId)?.name ?? null)
          : null;
    const photo = r.action === 'submitRectification' ? photos.find((p) => p.eventId === r.id) : undefined;
    const terminal = stateKind(r.toState) === 'terminal';
    return {
      update_id: String(r.id),
      service_request_id: r.number,
      status: opts.extended ? (duplicate ? 'DUPLICATE' : CASE_STATE_DEFINITIONS[r.toState].open311UpdateStatus) : terminal ? 'CLOSED' : 'OPEN',
      updated_datetime: w3c(r.at),
      description: [labels[stage], text].filter(Boolean).join(opts.locale === 'en' ? ': ' : '：'),
      media_url: photo ? photoUrl(opts.baseUrl, r.number, photo.fileId) : null,
    };
  });
}
