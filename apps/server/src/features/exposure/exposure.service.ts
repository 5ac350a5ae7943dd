import { and, desc, eq, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import { approximate, publicStageOf, serviceCode, type PublicExposure } from '@chuangwen/domain/citizens/citizen.schemas';
import type { CaseNature } from '@chuangwen/domain/cases/case.schemas';
import { HIDDEN_STATES } from '@chuangwen/domain/cases/case.workflow';
import type { Db } from '../../platform/db/db';
import type { Actor, RequestContext } from '../../platform/auth/actor';
import { recordAudit } from '../../platform/audit/audit.service';
import { AppError, notFound } from '../../platform/http/errors';
import { cases } from '../cases/case.tables';
import { canViewCase, caseScope } from '../cases/case.policy';
import { findCaseById } from '../cases/case.repo';
import { loadReference } from '../cases/case.reference';
import { files } from '../files/file.tables';
import { photoRedactions } from '../citizens/citizen.tables';
import { namesOf } from '../citizens/citizen.service';
import { exposures } from './exposure.tables';

// The exposure board (曝光台): the office publishes a case with staff-redacted photo copies, a
// public title and summary; withdraws it; every publication and withdrawal is audited in the same
// transaction. The public feed reads live posts only.

type Ctx = RequestContext & { actor: Actor };

export type PublishInput = { caseId: number; title: string; summary: string; address?: string | null; photoFileIds: string[] };

export async function publishExposure(db: Db, ctx: Ctx, input: PublishInput, now = new Date()) {
  const c = await findCaseById(db, input.caseId);
  if (!c || !canViewCase(ctx.actor, c)) throw notFound();
  if (HIDDEN_STATES.includes(c.state)) throw new AppError(409, 'invalid_transition', 'exposure_case_state');
  // The public sees only staff-made copies: every chosen photo must have been through the redaction tool.
  const copies = input.photoFileIds.length
    ? await db
        .select({ fileId: photoRedactions.fileId, redactedFileId: photoRedactions.redactedFileId })
        .from(photoRedactions)
        .where(and(eq(photoRedactions.caseId, c.id), inArray(photoRedactions.fileId, input.photoFileIds)))
    : [];
  const missing = input.photoFileIds.findIndex((id) => !copies.some((r) => r.fileId === id));
  if (missing >= 0)
    throw new AppError(400, 'validation_failed', 'exposure_photo_not_redacted', {}, [
      { path: `photoFileIds.${missing}`, message: 'exposure_photo_not_redacted' },
    ]);
  const photoFileIds = input.photoFileIds.map((id) => copies.find((r) => r.fileId === id)!.redactedFileId);
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(exposures)
        .values({
          caseId: c.id,
          title: input.title,
          summary: input.summary,
          address: input.address ?? null,
          lon: approximate(c.lon),
          lat: approximate(c.lat),
          photoFileIds,
          publishedBy: ctx.actor.userId,
          publishedAt: now,
        })
        .returning();
      await recordAudit(tx, ctx, {
        action: 'exposure.publish',
        entityType: 'exposure',
        entityId: row!.id,
        unitId: c.responsibleUnitId ?? c.areaUnitId,
        after: { caseId: c.id, number: c.number, title: input.title, summary: input.summary, address: input.address ?? null, photoFileIds },
      });
      return row!;
    });
  } catch (err) {
    const code = (err as { code?: string }).code ?? (err as { cause?: { code?: string } }).cause?.code;
    if (code === '23505') throw new AppError(409, 'conflict', 'exposure_already_live');
    throw err;
  }
}

export async function withdrawExposure(db: Db, ctx: Ctx, id: number, reason: string, now = new Date()) {
  const [current] = await db.select({ e: exposures, c: cases }).from(exposures).innerJoin(cases, eq(cases.id, exposures.caseId)).where(eq(exposures.id, id));
  if (!current || !canViewCase(ctx.actor, current.c)) throw notFound();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(exposures)
      .set({ withdrawnAt: now, withdrawnBy: ctx.actor.userId, withdrawReason: reason })
      .where(and(eq(exposures.id, id), isNull(exposures.withdrawnAt)))
      .returning();
    if (!row) throw new AppError(409, 'conflict', 'conflict');
    await recordAudit(tx, ctx, {
      action: 'exposure.withdraw',
      entityType: 'exposure',
      entityId: id,
      unitId: current.c.responsibleUnitId ?? current.c.areaUnitId,
      before: { withdrawnAt: null },
      after: { withdrawnAt: now, reason },
    });
    return row;
  });
}

/** The office's list: live or withdrawn posts of cases in the caller's scope. */
export async function listExposuresForOffice(db: Db, actor: Actor, q: { status: 'live' | 'withdrawn' | 'all'; page: number; pageSize: number }) {
  const conds: SQL[] = [caseScope(actor)];
  if (q.status === 'live') conds.push(isNull(exposures.withdrawnAt));
  if (q.status === 'withdrawn') conds.push(isNotNull(exposures.withdrawnAt));
  const where = and(...conds);
  const [rows, [count]] = await Promise.all([
    db
      .select({ e: exposures, number: cases.number, state: cases.state })
      .from(exposures)
      .innerJoin(cases, eq(cases.id, exposures.caseId))
      .where(where)
      .orderBy(desc(exposures.publishedAt), desc(exposures.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(exposures)
      .innerJoin(cases, eq(cases.id, exposures.caseId))
      .where(where),
  ]);
  return {
    page: q.page,
    pageSize: q.pageSize,
    total: count?.n ?? 0,
    items: rows.map(({ e, number, state }) => ({
      id: e.id,
      caseId: e.caseId,
      number,
      state,
      title: e.title,
      summary: e.summary,
      address: e.address,
      photoCount: e.photoFileIds.length,
      publishedAt: e.publishedAt.toISOString(),
      withdrawnAt: e.withdrawnAt?.toISOString() ?? null,
      withdrawReason: e.withdrawReason,
    })),
  };
}

// ── public ───────────────────────────────────────────────────────────────────────────────────

const publicColumns = {
  id: exposures.id,
  title: exposures.title,
  summary: exposures.summary,
  address: exposures.address,
  lon: exposures.lon,
  lat: exposures.lat,
  photoFileIds: exposures.photoFileIds,
  publishedAt: exposures.publishedAt,
  nature: cases.nature,
  categoryCode: cases.categoryCode,
  subcategoryCode: cases.subcategoryCode,
  state: cases.state,
};

type PublicRow = Awaited<ReturnType<typeof publicRows>>[number];
/** Only its type is used; the queries below add ordering and paging. */
const publicRows = (db: Db, where: SQL | undefined) => db.select(publicColumns).from(exposures).innerJoin(cases, eq(cases.id, exposures.caseId)).where(where);
void publicRows;

async function toPublic(db: Db, rows: PublicRow[]): Promise<PublicExposure[]> {
  const ref = await loadReference(db);
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    summary: r.summary,
    address: r.address,
    serviceCode: serviceCode(r.nature, r.categoryCode, r.subcategoryCode),
    ...namesOf(ref, r),
    stage: publicStageOf(r.state),
    lon: r.lon,
    lat: r.lat,
    publishedAt: r.publishedAt.toISOString(),
    photos: r.photoFileIds.map((f) => ({ url: `/api/public/exposures/${r.id}/photos/${f}`, thumbUrl: `/api/public/exposures/${r.id}/photos/${f}/thumb` })),
  }));
}

/** The public feed, newest first, optionally one category; with the counts per category for the tabs. */
export async function publicFeed(db: Db, q: { nature?: CaseNature; categoryCode?: string; page: number; pageSize: number }) {
  const live = isNull(exposures.withdrawnAt);
  const conds: SQL[] = [live];
  if (q.nature) conds.push(eq(cases.nature, q.nature));
  if (q.categoryCode) conds.push(eq(cases.categoryCode, q.categoryCode));
  const where = and(...conds);
  const [rows, [count], groups] = await Promise.all([
    db
      .select(publicColumns)
      .from(exposures)
      .innerJoin(cases, eq(cases.id, exposures.caseId))
      .where(where)
      .orderBy(desc(exposures.publishedAt), desc(exposures.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(exposures)
      .innerJoin(cases, eq(cases.id, exposures.caseId))
      .where(where),
    db
      .select({ nature: cases.nature, categoryCode: cases.categoryCode, n: sql<number>`count(*)::int` })
      .from(exposures)
      .innerJoin(cases, eq(cases.id, exposures.caseId))
      .where(live)
      .groupBy(cases.nature, cases.categoryCode),
  ]);
  const ref = await loadReference(db);
  const categoryName = (nature: string, code: string) =>
    [...ref.categories.values()].find((c) => c.nature === nature && c.categoryCode === code)?.categoryName ?? code;
  return {
    page: q.page,
    pageSize: q.pageSize,
    total: count?.n ?? 0,
    items: await toPublic(db, rows),
    categories: groups
      .map((g) => ({ nature: g.nature, categoryCode: g.categoryCode, categoryName: categoryName(g.nature, g.categoryCode), count: g.n }))
      .sort((a, b) => b.count - a.count),
  };
}

export async function publicExposure(db: Db, id: number) {
  const rows = await db
    .select(publicColumns)
    .from(exposures)
    .innerJoin(cases, eq(cases.id, exposures.caseId))
    .where(and(eq(exposures.id, id), isNull(exposures.withdrawnAt)));
  if (!rows[0]) throw notFound();
  return (await toPublic(db, rows))[0]!;
}

/** A photo of a live post: only the redacted copies listed on it. */
export async function publicExposurePhoto(db: Db, id: number, fileId: string) {
  const [row] = await db
    .select({ ids: exposures.photoFileIds })
    .from(exposures)
    .where(and(eq(exposures.id, id), isNull(exposures.withdrawnAt)));
  if (!row || !row.ids.includes(fileId)) throw notFound();
  const [file] = await db.select().from(files).where(eq(files.id, fileId));
  if (!file) throw notFound();
  return file;
}
