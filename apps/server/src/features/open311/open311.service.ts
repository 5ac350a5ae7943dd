import { and, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { stateKind, type CaseState } from '@chuangwen/domain/cases/case.workflow';
import {
  PUBLIC_STAGE_LABELS, approximate, normaliseTrackingCode, parseServiceCode, publicStageOf, serviceCode,
} from '@chuangwen/domain/citizens/citizen.schemas';
import type { Locale } from '@chuangwen/domain/i18n/labels';
import type { Db } from '../../platform/db/db';
import { cases } from '../cases/case.tables';
import { loadReference, type Reference } from '../cases/case.reference';
import { citizenReports } from '../citizens/citizen.tables';
import { citizenCaseQuery, publicAfterPhotos, type CitizenCaseRow } from '../citizens/citizen.repo';
import { HIDDEN_STATES, namesOf } from '../citizens/citizen.service';
import { w3c } from './open311.format';

// GeoReport v2 resources over our data: services = active case subcategories, requests = citizen
// reports (any channel). Unmoderated and rejected reports are listed without their text or address;
// points are approximate everywhere (citizen.schemas `approximate`).

export const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
/** Bump when the endpoints or the shape of the services change (clients refresh their caches). */
export const DISCOVERY_CHANGESET = '2026-11-27T00:00:00Z';

export function discovery(baseUrl: string, production: boolean) {
  return {
    changeset: DISCOVERY_CHANGESET,
    contact: '创文办（文明办）市民举报受理 — civilization office, citizen reports desk',
    key_service: 'API keys for POST requests are issued by the civilization office (创文办) in the office app: 市民举报 → Open311 接口密钥.',
    endpoints: [{
      specification: SPECIFICATION, url: `${baseUrl}/open311/v2`, changeset: DISCOVERY_CHANGESET,
      type: production ? 'production' : 'test', formats: ['text/xml', 'application/json'],
    }],
  };
}

export async function listServices(db: Db) {
  const ref = await loadReference(db);
  return [...ref.categories.values()].filter((c) => c.isActive).map((c) => ({
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
  const c = parsed ? [...ref.categories.values()].find((x) => x.isActive && x.nature === parsed.nature && x.categoryCode === parsed.categoryCode && x.subcategoryCode === parsed.subcategoryCode) : null;
  if (!c) return null;
  const attributes = [
    ...(c.acceptStandard ? [{ code: 'accept_standard', label: '立案标准 (acceptance standard)', text: c.acceptStandard }] : []),
    ...(c.closeStandard ? [{ code: 'close_standard', label: '结案标准 (closure standard)', text: c.closeStandard }] : []),
  ].map((a, i) => ({
    variable: false, code: a.code, datatype: 'text', required: false, datatype_description: a.label, order: i + 1, description: a.text,
  }));
  return { service_code: code, attributes };
}

const EXTENDED_STATUS: Record<CaseState, string> = {
  submitted: 'open', accepted: 'investigating', returned: 'investigating', dispatched: 'action_scheduled', rectifying: 'in_progress',
  parked: 'planned', awaitingVerification: 'in_progress', closed: 'fixed', rejected: 'no_further_action',
};

type RequestRow = CitizenCaseRow & { rejectReason: string | null; agency: string | null };

function toRequest(ref: Reference, row: RequestRow, media: string | null, locale: Locale, extended: boolean) {
  const hidden = (HIDDEN_STATES as readonly string[]).includes(row.state);
  const isDuplicate = row.duplicateOfNumber != null;
  const stage = publicStageOf(row.state, isDuplicate);
  const notes = [`${PUBLIC_STAGE_LABELS[locale][stage]} (${row.state})`];
  if (row.state === 'rejected' && row.rejectReason) notes.push(row.rejectReason);
  const terminal = stateKind(row.state) === 'terminal';
  return {
    service_request_id: row.number,
    status: extended ? (isDuplicate ? 'duplicate' : EXTENDED_STATUS[row.state]) : terminal ? 'closed' : 'open',
    status_notes: notes.join(locale === 'en' ? '. ' : '；'),
    service_name: namesOf(ref, row).subcategoryName,
    service_code: serviceCode(row.nature, row.categoryCode, row.subcategoryCode),
    description: hidden ? null : row.description,
    agency_responsible: row.agency,
    service_notice: null,
    requested_datetime: w3c(row.submittedAt),
    updated_datetime: w3c(row.closedAt ?? row.updatedAt),
    expected_datetime: terminal ? null : w3c(row.deadlineAt),
    address: hidden ? null : row.address,
    address_id: null,
    zipcode: null,
    lat: approximate(row.lat),
    long: approximate(row.lon),
    media_url: media,
  };
}

export type RequestQuery = {
  ids?: string[]; serviceCodes?: string[]; start: Date; end: Date; statuses?: ('open' | 'closed')[]; page: number; pageSize: number;
};

const OPEN_SQL = sql.raw(`('submitted', 'accepted', 'dispatched', 'returned', 'rectifying', 'awaitingVerification', 'parked')`);

/** GET requests: by ids (all other filters ignored), else by services, period and status; newest first. */
export async function listRequests(db: Db, q: RequestQuery, opts: { baseUrl: string; locale: Locale; extended: boolean }) {
  const conds: SQL[] = [];
  if (q.ids) {
    conds.push(inArray(cases.number, q.ids));
  } else {
    conds.push(gte(cases.submittedAt, q.start), lt(cases.submittedAt, q.end));
    if (q.serviceCodes) {
      const parsed = q.serviceCodes.map(parseServiceCode).filter((p) => p !== null);
      if (parsed.length === 0) return [];
      conds.push(or(...parsed.map((p) => and(eq(cases.nature, p.nature), eq(cases.categoryCode, p.categoryCode), eq(cases.subcategoryCode, p.subcategoryCode))))!);
    }
    if (q.statuses && q.statuses.length === 1) {
      conds.push(q.statuses[0] === 'open' ? sql`${cases.state} in ${OPEN_SQL}` : sql`${cases.state} not in ${OPEN_SQL}`);
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
  const rejectReason = sql<string | null>`(select e.data->>'reason' from case_events e where e.case_id = "cases"."id" and e.action = 'reject' order by e.id desc limit 1)`;
  const rows = await citizenCaseQuery(db).where(where).orderBy(desc(cases.submittedAt), desc(cases.id)).limit(limit).offset(offset);
  if (rows.length === 0) return [];
  const rejected = rows.filter((r) => r.state === 'rejected').map((r) => r.id);
  const reasons = rejected.length
    ? await db.select({ id: cases.id, reason: rejectReason }).from(cases).where(inArray(cases.id, rejected))
    : [];
  const ref = await loadReference(db);
  return rows.map((r) => ({
    ...r, rejectReason: reasons.find((x) => x.id === r.id)?.reason ?? null,
    agency: r.responsibleUnitId ? ref.unitsById.get(r.responsibleUnitId)?.name ?? null : null,
  }));
}

async function present(db: Db, rows: RequestRow[], opts: { baseUrl: string; locale: Locale; extended: boolean }) {
  const ref = await loadReference(db);
  const visible = rows.filter((r) => !(HIDDEN_STATES as readonly string[]).includes(r.state)).map((r) => r.id);
  const photos = await publicAfterPhotos(db, visible);
  return rows.map((r) => {
    const photo = photos.find((p) => p.caseId === r.id);
    const media = photo ? `${opts.baseUrl}/api/public/cases/${encodeURIComponent(r.number)}/photos/${photo.fileId}` : null;
    return toRequest(ref, r, media, opts.locale, opts.extended);
  });
}

/** Token = a report's tracking code (any channel): resolves to its service_request_id. */
export async function resolveToken(db: Db, token: string) {
  const code = normaliseTrackingCode(token);
  if (!code) return null;
  const [row] = await db.select({ number: cases.number, code: citizenReports.trackingCode }).from(citizenReports)
    .innerJoin(cases, eq(cases.id, citizenReports.caseId)).where(eq(citizenReports.trackingCode, code));
  return row ? { service_request_id: row.number, token: row.code } : null;
}
