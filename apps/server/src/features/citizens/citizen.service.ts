import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, gte, notInArray, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import {
  PUBLIC_EVENT_STAGES,
  approximate,
  normaliseTrackingCode,
  parseServiceCode,
  publicStageOf,
  serviceCode,
  trackingCodeFrom,
  type CitizenChannel,
  type PublicReport,
} from '@chuangwen/domain/citizens/citizen.schemas';
import { HIDDEN_STATES } from '@chuangwen/domain/cases/case.workflow';
import type { Db } from '../../platform/db/db';
import type { RequestContext } from '../../platform/auth/actor';
import type { BlobStore } from '../../platform/storage/storage';
import { AppError, notFound } from '../../platform/http/errors';
import { createCase } from '../cases/case.create';
import { cases } from '../cases/case.tables';
import { categoryKey, loadReference, type Reference } from '../cases/case.reference';
import { storeUpload } from '../files/file.service';
import { citizenReports } from './citizen.tables';
import { citizenActor } from './citizen.reporter';
import * as repo from './citizen.repo';

// The public side of citizen reports: submit (idempotent), look up by tracking code, recent reports
// nearby. A report is a case (source `citizen`) made by case.create.ts; moderation and everything
// after it go through the case funnel (citizen.moderation.ts).

export type Submission = {
  serviceCode: string;
  lon: number;
  lat: number;
  description: string;
  address?: string | null;
  name?: string | null;
  phone?: string | null;
  email?: string | null;
  trackingCode?: string | null;
};
export type SubmitOptions = {
  channel: CitizenChannel;
  apiKeyId?: number | null;
  idempotencyKey?: string | null;
  photos?: { buffer: Buffer; filename: string }[];
  now?: Date;
};
export type SubmitResult = { caseId: number; number: string; trackingCode: string; created: boolean; submittedAt: Date };

export function newTrackingCode(): string {
  return trackingCodeFrom(randomBytes(10));
}

/** The category of a service code, or null when unknown or disabled. */
export function categoryOf(ref: Reference, code: string) {
  const parsed = parseServiceCode(code);
  if (!parsed) return null;
  const category = ref.categories.get(categoryKey(parsed.nature, parsed.categoryCode, parsed.subcategoryCode));
  return category && category.isActive ? category : null;
}

const hashOf = (s: Submission, photoCount: number) =>
  createHash('sha256')
    .update(JSON.stringify([s.serviceCode, s.lon, s.lat, s.description, photoCount]))
    .digest('base64url');

/**
 * Creates the case and its citizen record. With an Idempotency-Key a retry returns the first
 * attempt's result (the same tracking code) without storing its photos again; the same key with
 * different content is a 409, so a key alone never reveals someone else's tracking code.
 */
export async function submitReport(deps: { db: Db; store: BlobStore }, ctx: RequestContext, input: Submission, opts: SubmitOptions): Promise<SubmitResult> {
  const { db } = deps;
  const ref = await loadReference(db);
  const category = categoryOf(ref, input.serviceCode);
  if (!category)
    throw new AppError(400, 'validation_failed', 'case_category_unknown', { code: input.serviceCode }, [
      { path: 'serviceCode', message: 'case_category_unknown' },
    ]);
  const actor = await citizenActor(db);
  const photos = opts.photos ?? [];
  const requestHash = hashOf(input, photos.length);
  const caseKey = opts.idempotencyKey ? `${opts.channel}:${opts.apiKeyId ?? ''}:${opts.idempotencyKey}` : null;

  const replay = async (): Promise<SubmitResult | null> => {
    if (!caseKey) return null;
    const [found] = await db
      .select({
        caseId: cases.id,
        number: cases.number,
        submittedAt: cases.submittedAt,
        trackingCode: citizenReports.trackingCode,
        requestHash: citizenReports.requestHash,
      })
      .from(cases)
      .innerJoin(citizenReports, eq(citizenReports.caseId, cases.id))
      .where(and(eq(cases.reporterUserId, actor.userId), eq(cases.idempotencyKey, caseKey)));
    if (!found) return null;
    if (found.requestHash !== requestHash) throw new AppError(409, 'idempotency_mismatch', 'citizen_idempotency_mismatch');
    return { caseId: found.caseId, number: found.number, trackingCode: found.trackingCode, created: false, submittedAt: found.submittedAt };
  };
  const earlier = await replay();
  if (earlier) return earlier;

  const citizenCtx = { ...ctx, actor };
  const photoIds: string[] = [];
  for (const p of photos) {
    const stored = await storeUpload({ db, store: deps.store }, citizenCtx, { buffer: p.buffer, filename: p.filename, accept: ['photo'] });
    photoIds.push(stored.id);
  }
  const { row, created } = await createCase(
    db,
    citizenCtx,
    {
      source: 'citizen',
      nature: category.nature,
      categoryCode: category.categoryCode,
      subcategoryCode: category.subcategoryCode,
      criterionCode: null,
      siteId: null,
      lon: input.lon,
      lat: input.lat,
      address: input.address?.trim() || `${input.lat.toFixed(5)}, ${input.lon.toFixed(5)}`,
      description: input.description,
      severity: 'normal',
      beforePhotoIds: photoIds,
    },
    { idempotencyKey: caseKey, now: opts.now, citizenReport: { requestHash } },
  );

  const proposed = input.trackingCode ? normaliseTrackingCode(input.trackingCode) : null;
  const record = {
    caseId: row.id,
    channel: opts.channel,
    apiKeyId: opts.apiKeyId ?? null,
    requestHash,
    reporterName: input.name?.trim() || null,
    reporterPhone: input.phone?.trim() || null,
    reporterEmail: input.email?.trim() || null,
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    const trackingCode = attempt === 0 && proposed ? proposed : newTrackingCode();
    try {
      const inserted = await insertReportRow(db, { ...record, trackingCode });
      if (inserted) return { caseId: row.id, number: row.number, trackingCode: inserted.trackingCode, created, submittedAt: row.submittedAt };
      // A concurrent retry of the same key recorded it first.
      const again = await replay();
      if (again) return again;
    } catch (err) {
      // A proposed code someone already has: the server makes a fresh one (the page shows the server's).
      if ((err as { code?: string; cause?: { code?: string } }).code !== '23505' && (err as { cause?: { code?: string } }).cause?.code !== '23505') throw err;
    }
  }
  throw new Error('could not record the citizen report');
}

const dialect = new PgDialect();

/**
 * The tracking-code row. On PostgreSQL a named prepared statement (parsed once per pooled
 * connection), like case.create.ts: this insert is half of every submission's round trips.
 */
async function insertReportRow(db: Db, values: typeof citizenReports.$inferInsert): Promise<{ trackingCode: string } | undefined> {
  const statement = db
    .insert(citizenReports)
    .values(values)
    .onConflictDoNothing({ target: citizenReports.caseId })
    .returning({ trackingCode: citizenReports.trackingCode });
  const client = (db as unknown as { $client?: unknown }).$client;
  if (client instanceof pg.Pool) {
    const { sql: text, params } = dialect.sqlToQuery(statement.getSQL());
    const res = await client.query<{ tracking_code: string }>({ name: 'citizen_report_insert_v1', text, values: params });
    return res.rows[0] ? { trackingCode: res.rows[0].tracking_code } : undefined;
  }
  const [row] = await statement;
  return row;
}

// ── reading, public ──────────────────────────────────────────────────────────────────────────

const photoUrls = (base: string, fileId: string) => ({ url: `${base}/photos/${fileId}`, thumbUrl: `${base}/photos/${fileId}/thumb` });

export function namesOf(ref: Reference, row: { nature: string; categoryCode: string; subcategoryCode: string }) {
  const c = ref.categories.get(categoryKey(row.nature, row.categoryCode, row.subcategoryCode));
  return { categoryName: c?.categoryName ?? null, subcategoryName: c?.subcategoryName ?? null };
}

/** The report as its tracking code's holder sees it. */
export async function getPublicReport(db: Db, rawCode: string): Promise<PublicReport> {
  const code = normaliseTrackingCode(rawCode);
  const row = code ? await repo.findByTrackingCode(db, code) : null;
  if (!row) throw notFound();
  const ref = await loadReference(db);
  const [events, after] = await Promise.all([repo.listCaseEvents(db, row.id), repo.publicAfterPhotos(db, [row.id])]);
  const base = `/api/public/reports/${row.trackingCode}`;
  const isDuplicate = row.duplicateOfNumber != null;
  const timeline = events.flatMap((e) => {
    const stage = PUBLIC_EVENT_STAGES[e.action];
    if (!stage) return [];
    const data = e.data as { reason?: string; responsibleUnitId?: number };
    let text: string | null = null;
    if (e.action === 'reject') text = data.reason ?? null;
    if ((e.action === 'dispatch' || e.action === 'reassign') && data.responsibleUnitId) text = ref.unitsById.get(data.responsibleUnitId)?.name ?? null;
    return [
      {
        stage: e.action === 'reject' && isDuplicate ? ('merged' as const) : stage,
        at: e.at.toISOString(),
        text,
        photos: e.action === 'submitRectification' ? after.filter((p) => p.eventId === e.id).map((p) => photoUrls(base, p.fileId)) : [],
      },
    ];
  });
  return {
    trackingCode: row.trackingCode,
    number: row.number,
    serviceCode: serviceCode(row.nature, row.categoryCode, row.subcategoryCode),
    ...namesOf(ref, row),
    stage: publicStageOf(row.state, isDuplicate),
    description: row.description,
    lon: approximate(row.lon),
    lat: approximate(row.lat),
    submittedAt: row.submittedAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    timeline,
    afterPhotos: after.map((p) => photoUrls(base, p.fileId)),
    duplicateOf: row.duplicateOfNumber && row.duplicateOfState ? { number: row.duplicateOfNumber, stage: publicStageOf(row.duplicateOfState) } : null,
  };
}

/** A file the holder of the code may see: a public copy of one of the case's after-photos. */
export async function publicReportPhoto(db: Db, rawCode: string, fileId: string) {
  const code = normaliseTrackingCode(rawCode);
  const row = code ? await repo.findByTrackingCode(db, code) : null;
  if (!row) throw notFound();
  const after = await repo.publicAfterPhotos(db, [row.id]);
  if (!after.some((p) => p.fileId === fileId)) throw notFound();
  const file = await repo.findFileRow(db, fileId);
  if (!file) throw notFound();
  return file;
}

const METRES_PER_DEGREE = 111_320;

/** Moderated citizen reports of the last 90 days within `radiusM` of a point, newest first. */
export async function listNearby(db: Db, q: { lon: number; lat: number; radiusM: number; page: number; pageSize: number }, now = new Date()) {
  const dLat = q.radiusM / METRES_PER_DEGREE;
  const dLon = q.radiusM / (METRES_PER_DEGREE * Math.max(0.01, Math.cos((q.lat * Math.PI) / 180)));
  const distance = sql<number>`(${METRES_PER_DEGREE}::float8 * sqrt(power(${cases.lat} - ${q.lat}::float8, 2) + power((${cases.lon} - ${q.lon}::float8) * cos(radians(${q.lat}::float8)), 2)))`;
  const where = and(
    eq(cases.source, 'citizen'),
    notInArray(cases.state, [...HIDDEN_STATES]),
    gte(cases.submittedAt, new Date(now.getTime() - 90 * 86_400_000)),
    sql`${cases.lat} between ${q.lat - dLat}::float8 and ${q.lat + dLat}::float8`,
    sql`${cases.lon} between ${q.lon - dLon}::float8 and ${q.lon + dLon}::float8`,
    sql`${distance} <= ${q.radiusM}::float8`,
  );
  const [rows, [count]] = await Promise.all([
    repo
      .citizenCaseQuery(db)
      .where(where)
      .orderBy(desc(cases.submittedAt), desc(cases.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(cases)
      .where(where),
  ]);
  const ref = await loadReference(db);
  const after = await repo.publicAfterPhotos(
    db,
    rows.map((r) => r.id),
  );
  return {
    page: q.page,
    pageSize: q.pageSize,
    total: count?.n ?? 0,
    items: rows.map((r) => {
      const photo = after.find((p) => p.caseId === r.id);
      const dy = (r.lat - q.lat) * METRES_PER_DEGREE;
      const dx = (r.lon - q.lon) * METRES_PER_DEGREE * Math.cos((q.lat * Math.PI) / 180);
      return {
        number: r.number,
        serviceCode: serviceCode(r.nature, r.categoryCode, r.subcategoryCode),
        ...namesOf(ref, r),
        stage: publicStageOf(r.state),
        description: r.description,
        lon: approximate(r.lon),
        lat: approximate(r.lat),
        // Rounded to 50 m: the list must not triangulate the exact point.
        distanceM: Math.round(Math.hypot(dx, dy) / 50) * 50,
        submittedAt: r.submittedAt.toISOString(),
        afterPhoto: photo ? photoUrls(`/api/public/cases/${r.number}`, photo.fileId) : null,
      };
    }),
  };
}

/** An after-photo's public copy, by case number (for the nearby list and Open311 media_url). */
export async function publicCasePhoto(db: Db, number: string, fileId: string) {
  const row = await repo.findCitizenCase(db, eq(cases.number, number));
  if (!row || HIDDEN_STATES.includes(row.state)) throw notFound();
  const after = await repo.publicAfterPhotos(db, [row.id]);
  if (!after.some((p) => p.fileId === fileId)) throw notFound();
  const file = await repo.findFileRow(db, fileId);
  if (!file) throw notFound();
  return file;
}

/** The categories a citizen can pick from (every active subcategory), grouped in the page. */
export async function listPublicCategories(db: Db) {
  const ref = await loadReference(db);
  return [...ref.categories.values()]
    .filter((c) => c.isActive)
    .map((c) => ({
      serviceCode: serviceCode(c.nature, c.categoryCode, c.subcategoryCode),
      nature: c.nature,
      categoryCode: c.categoryCode,
      categoryName: c.categoryName,
      subcategoryCode: c.subcategoryCode,
      subcategoryName: c.subcategoryName,
    }));
}
