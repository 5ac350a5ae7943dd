import { and, asc, eq, ne, sql } from 'drizzle-orm';
import sharp, { type OverlayOptions } from 'sharp';
import { OPEN_STATES } from '@chuangwen/domain/cases/case.workflow';
import { serviceCode, type redactionInput } from '@chuangwen/domain/citizens/citizen.schemas';
import type { z } from 'zod';
import type { Db } from '../../platform/db/db';
import type { Actor, RequestContext } from '../../platform/auth/actor';
import type { BlobStore } from '../../platform/storage/storage';
import { recordAudit } from '../../platform/audit/audit.service';
import { AppError, notFound } from '../../platform/http/errors';
import { t } from '../../platform/http/messages';
import { applyCaseAction } from '../cases/case.funnel';
import { casePhotos, cases } from '../cases/case.tables';
import { canViewCase, caseScope } from '../cases/case.policy';
import { actionsFor } from '../cases/case.service';
import { findCaseById, findCasePhoto } from '../cases/case.repo';
import { loadReference } from '../cases/case.reference';
import { files } from '../files/file.tables';
import { storeUpload } from '../files/file.service';
import { citizenReports, photoRedactions } from './citizen.tables';
import { namesOf } from './citizen.service';

// The office's side of citizen reports: the queue of submitted reports with duplicate suggestions,
// accept / reject / merge through the case funnel (never writing cases.state here), and the
// redaction of photos into public copies.

type Ctx = RequestContext & { actor: Actor };

/** Open cases of the same subcategory within this distance are proposed as the original. */
export const DUPLICATE_RADIUS_M = 200;

const staffPhoto = (caseId: number, fileId: string) => ({
  url: `/api/cases/${caseId}/photos/${fileId}`,
  thumbUrl: `/api/cases/${caseId}/photos/${fileId}/thumb`,
});

/** Open cases like this one nearby (any source), nearest first, within the actor's scope. */
export async function suggestDuplicates(
  db: Db,
  actor: Actor,
  c: { id: number; nature: string; categoryCode: string; subcategoryCode: string; lon: number; lat: number },
) {
  const dLat = DUPLICATE_RADIUS_M / 111_320;
  const dLon = dLat / Math.max(0.01, Math.cos((c.lat * Math.PI) / 180));
  const distance = sql<number>`(111320::float8 * sqrt(power(${cases.lat} - ${c.lat}::float8, 2) + power((${cases.lon} - ${c.lon}::float8) * cos(radians(${c.lat}::float8)), 2)))`;
  const rows = await db
    .select({
      id: cases.id,
      number: cases.number,
      state: cases.state,
      source: cases.source,
      description: cases.description,
      address: cases.address,
      submittedAt: cases.submittedAt,
      distanceM: distance,
    })
    .from(cases)
    .where(
      and(
        ne(cases.id, c.id),
        eq(cases.nature, c.nature as 'incident'),
        eq(cases.categoryCode, c.categoryCode),
        eq(cases.subcategoryCode, c.subcategoryCode),
        sql`${cases.state} in (${sql.join(
          OPEN_STATES.filter((s) => s !== 'submitted').map((s) => sql`${s}`),
          sql`, `,
        )})`,
        sql`${cases.lat} between ${c.lat - dLat}::float8 and ${c.lat + dLat}::float8`,
        sql`${cases.lon} between ${c.lon - dLon}::float8 and ${c.lon + dLon}::float8`,
        sql`${distance} <= ${DUPLICATE_RADIUS_M}::float8`,
        caseScope(actor),
      ),
    )
    .orderBy(asc(distance))
    .limit(5);
  return rows.map((r) => ({ ...r, distanceM: Math.round(Number(r.distanceM)), submittedAt: r.submittedAt.toISOString() }));
}

/** Submitted citizen reports waiting for the office, oldest first, with contact data and suggestions. */
export async function listQueue(db: Db, actor: Actor, q: { page: number; pageSize: number }) {
  const where = and(eq(cases.state, 'submitted'), caseScope(actor));
  const [rows, [count]] = await Promise.all([
    db
      .select({ c: cases, r: citizenReports })
      .from(cases)
      .innerJoin(citizenReports, eq(citizenReports.caseId, cases.id))
      .where(where)
      .orderBy(asc(cases.submittedAt), asc(cases.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(cases)
      .innerJoin(citizenReports, eq(citizenReports.caseId, cases.id))
      .where(where),
  ]);
  const ref = await loadReference(db);
  const items = await Promise.all(
    rows.map(async ({ c, r }) => {
      const photos = await db
        .select({ fileId: casePhotos.fileId })
        .from(casePhotos)
        .where(and(eq(casePhotos.caseId, c.id), eq(casePhotos.phase, 'before')))
        .orderBy(asc(casePhotos.createdAt));
      return {
        caseId: c.id,
        number: c.number,
        version: c.version,
        trackingCode: r.trackingCode,
        channel: r.channel,
        serviceCode: serviceCode(c.nature, c.categoryCode, c.subcategoryCode),
        ...namesOf(ref, c),
        description: c.description,
        address: c.address,
        lon: c.lon,
        lat: c.lat,
        submittedAt: c.submittedAt.toISOString(),
        areaUnitName: ref.unitsById.get(c.areaUnitId)?.name ?? null,
        reporter: { name: r.reporterName, phone: r.reporterPhone, email: r.reporterEmail },
        photos: photos.map((p) => ({ fileId: p.fileId, ...staffPhoto(c.id, p.fileId) })),
        allowedActions: actionsFor(actor, c),
        suggestions: await suggestDuplicates(db, actor, c),
      };
    }),
  );
  return { items, total: count?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

async function citizenCase(db: Db, actor: Actor, caseId: number) {
  const [row] = await db
    .select({ c: cases, r: citizenReports })
    .from(cases)
    .innerJoin(citizenReports, eq(citizenReports.caseId, cases.id))
    .where(eq(cases.id, caseId));
  if (!row || !canViewCase(actor, row.c)) throw notFound();
  return row;
}

export async function acceptReport(db: Db, ctx: Ctx, caseId: number, body: { version: number; note?: string }) {
  await citizenCase(db, ctx.actor, caseId);
  return applyCaseAction(db, ctx, caseId, 'accept', body);
}

/** `reason` is shown to the public on the report's timeline. */
export async function rejectReport(db: Db, ctx: Ctx, caseId: number, body: { version: number; reason: string }) {
  await citizenCase(db, ctx.actor, caseId);
  return applyCaseAction(db, ctx, caseId, 'reject', body);
}

/**
 * Merge as a duplicate: the report is rejected through the funnel with a public reason naming the
 * original, linked to it (the public lookup then follows the original's progress), and the original
 * gets a comment on its timeline.
 */
export async function mergeReport(db: Db, ctx: Ctx, caseId: number, body: { version: number; duplicateOfCaseId: number }) {
  await citizenCase(db, ctx.actor, caseId);
  const target = await findCaseById(db, body.duplicateOfCaseId);
  if (!target || target.id === caseId || !canViewCase(ctx.actor, target) || target.state === 'rejected') {
    throw new AppError(400, 'validation_failed', 'citizen_merge_target', {}, [{ path: 'duplicateOfCaseId', message: 'citizen_merge_target' }]);
  }
  const reason = t('zh-CN', 'citizen_merged_reason', { number: target.number });
  const row = await applyCaseAction(db, ctx, caseId, 'reject', { version: body.version, reason });
  await db.update(citizenReports).set({ duplicateOfCaseId: target.id }).where(eq(citizenReports.caseId, caseId));
  await applyCaseAction(db, ctx, target.id, 'comment', { note: t('zh-CN', 'citizen_merged_note', { number: row.number }) }).catch(() => undefined);
  return row;
}

// ── redaction ────────────────────────────────────────────────────────────────────────────────

type RedactionInput = z.output<typeof redactionInput>;

/**
 * Makes the public copy of a case photo: each rectangle (fractions of the image) is blurred beyond
 * recognition or filled black, and the result goes through the one upload path (re-encoded, no
 * EXIF). Redoing it replaces the copy; an empty list of regions records "checked, nothing to hide".
 */
export async function redactPhoto(deps: { db: Db; store: BlobStore }, ctx: Ctx, caseId: number, fileId: string, input: RedactionInput) {
  const { db } = deps;
  const c = await findCaseById(db, caseId);
  if (!c || !canViewCase(ctx.actor, c)) throw notFound();
  const file = await findCasePhoto(db, caseId, fileId);
  if (!file || file.kind !== 'photo') throw notFound();
  const original = await deps.store.get(file.storageKey);
  if (!original) throw notFound();
  const image = sharp(original);
  const { width = 0, height = 0 } = await image.metadata();
  const overlays: OverlayOptions[] = [];
  for (const r of input.regions) {
    const left = Math.max(0, Math.min(width - 1, Math.floor(r.x * width)));
    const top = Math.max(0, Math.min(height - 1, Math.floor(r.y * height)));
    const w = Math.max(1, Math.min(width - left, Math.ceil(r.w * width)));
    const h = Math.max(1, Math.min(height - top, Math.ceil(r.h * height)));
    if (input.mode === 'fill') {
      overlays.push({ input: { create: { width: w, height: h, channels: 3, background: '#000' } }, left, top });
    } else {
      // Pixelate hard, then blur: nothing of a face or a plate survives.
      const tiny = await sharp(original)
        .extract({ left, top, width: w, height: h })
        .resize(Math.max(1, Math.round(w / 24)), Math.max(1, Math.round(h / 24)), { fit: 'fill' })
        .toBuffer();
      const block = await sharp(tiny)
        .resize(w, h, { fit: 'fill', kernel: 'nearest' })
        .blur(Math.max(3, Math.min(w, h) / 8))
        .toBuffer();
      overlays.push({ input: block, left, top });
    }
  }
  const redacted = await image.composite(overlays).jpeg({ quality: 85 }).toBuffer();
  const stored = await storeUpload({ db, store: deps.store }, ctx, { buffer: redacted, filename: `redacted-${file.originalName}`, accept: ['photo'] });
  await db.transaction(async (tx) => {
    await tx
      .insert(photoRedactions)
      .values({ caseId, fileId, redactedFileId: stored.id, mode: input.mode, regions: input.regions, createdBy: ctx.actor.userId })
      .onConflictDoUpdate({
        target: [photoRedactions.caseId, photoRedactions.fileId],
        set: { redactedFileId: stored.id, mode: input.mode, regions: input.regions, createdBy: ctx.actor.userId, createdAt: new Date() },
      });
    await recordAudit(tx, ctx, {
      action: 'photo.redact',
      entityType: 'case',
      entityId: caseId,
      unitId: c.responsibleUnitId ?? c.areaUnitId,
      after: { fileId, redactedFileId: stored.id, mode: input.mode, regions: input.regions },
    });
  });
  return { fileId, redactedFileId: stored.id, ...redactedUrls(caseId, fileId) };
}

const redactedUrls = (caseId: number, fileId: string) => ({
  url: `/api/citizens/cases/${caseId}/redactions/${fileId}`,
  thumbUrl: `/api/citizens/cases/${caseId}/redactions/${fileId}/thumb`,
});

/** A case's photos for the redaction tool and exposure publishing: each with its public copy, if made. */
export async function listCasePhotos(db: Db, actor: Actor, caseId: number) {
  const c = await findCaseById(db, caseId);
  if (!c || !canViewCase(actor, c)) throw notFound();
  const rows = await db
    .select({ fileId: casePhotos.fileId, phase: casePhotos.phase, width: files.width, height: files.height, redaction: photoRedactions })
    .from(casePhotos)
    .innerJoin(files, eq(files.id, casePhotos.fileId))
    .leftJoin(photoRedactions, and(eq(photoRedactions.caseId, casePhotos.caseId), eq(photoRedactions.fileId, casePhotos.fileId)))
    .where(and(eq(casePhotos.caseId, caseId), eq(files.kind, 'photo')))
    .orderBy(asc(casePhotos.createdAt));
  return {
    items: rows.map((r) => ({
      fileId: r.fileId,
      phase: r.phase,
      width: r.width,
      height: r.height,
      ...staffPhoto(caseId, r.fileId),
      redaction: r.redaction
        ? { mode: r.redaction.mode, regions: r.redaction.regions, at: r.redaction.createdAt.toISOString(), ...redactedUrls(caseId, r.fileId) }
        : null,
    })),
  };
}

export async function redactedFile(db: Db, actor: Actor, caseId: number, fileId: string) {
  const c = await findCaseById(db, caseId);
  if (!c || !canViewCase(actor, c)) throw notFound();
  const [row] = await db
    .select({ file: files })
    .from(photoRedactions)
    .innerJoin(files, eq(files.id, photoRedactions.redactedFileId))
    .where(and(eq(photoRedactions.caseId, caseId), eq(photoRedactions.fileId, fileId)));
  if (!row) throw notFound();
  return row.file;
}
