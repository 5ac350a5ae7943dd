import { and, asc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { SiteInput, siteUpdateInput, Site } from '@chuangwen/domain/inspections/inspection.schemas';
import type { SiteType } from '@chuangwen/domain/framework/framework.schemas';
import type { z } from 'zod';
import type { Db, Executor } from '../../platform/db/db';
import type { Actor, RequestContext } from '../../platform/auth/actor';
import { assertOnPath, inScope } from '../../platform/auth/policy';
import { AppError, conflict, notFound } from '../../platform/http/errors';
import { recordAudit } from '../../platform/audit/audit.service';
import { units } from '../../platform/identity/unit.tables';
import { loadUnitTree, rootPathOf, territorialUnitsAt, type UnitTree } from '../units/unit.tree';
import { sites } from './site.tables';

type Ctx = RequestContext & { actor: Actor };
export type SiteRow = typeof sites.$inferSelect;

const unitT = alias(units, 'site_unit');
const townT = alias(units, 'site_town');

/**
 * Where a point lies: the smallest territorial organisation (community/village, not a grid) and
 * its town/subdistrict, within the county of `rootPath`; outside every polygon, the county itself.
 */
export function placeOf(ref: UnitTree, rootPath: string, lon: number, lat: number) {
  const containing = territorialUnitsAt(ref, lon, lat).filter((u) => u.path.startsWith(rootPath));
  const root = [...ref.unitsById.values()].find((u) => u.path === rootPath) ?? null;
  const unit = containing.find((u) => u.kind !== 'grid' && u.kind !== 'district') ?? root;
  const town = containing.find((u) => u.kind === 'town' || u.kind === 'subdistrict') ?? null;
  return { unitId: unit?.id ?? null, unitPath: unit?.path ?? rootPath, townId: town?.id ?? null };
}

export function actorRootPath(ref: UnitTree, actor: Actor): string {
  return rootPathOf(ref.unitsById.get(actor.unitId)?.path ?? actor.grants[0]?.unitPath ?? '/1/');
}

const columns = {
  site: sites,
  unitName: unitT.name,
  townName: townT.name,
};

export function toSite(row: { site: SiteRow; unitName: string | null; townName: string | null }): Site {
  const s = row.site;
  return {
    id: s.id,
    code: s.code,
    type: s.type,
    name: s.name,
    address: s.address,
    lon: s.lon,
    lat: s.lat,
    unit: s.unitId != null ? { id: s.unitId, name: row.unitName ?? '' } : null,
    town: s.townId != null ? { id: s.townId, name: row.townName ?? '' } : null,
    personInCharge: s.personInCharge,
    phone: s.phone,
    isActive: s.isActive,
    version: s.version,
  };
}

export function siteQuery(exec: Executor) {
  return exec.select(columns).from(sites).leftJoin(unitT, eq(unitT.id, sites.unitId)).leftJoin(townT, eq(townT.id, sites.townId));
}

export async function listSites(db: Db, actor: Actor, q: { type?: SiteType; unitId?: number; q?: string; page: number; pageSize: number }) {
  const conds: SQL[] = [inScope(actor, 'inspection.view', sites.unitPath)];
  if (q.type) conds.push(eq(sites.type, q.type));
  if (q.unitId) {
    const [u] = await db.select({ path: units.path }).from(units).where(eq(units.id, q.unitId));
    conds.push(u ? sql`${sites.unitPath} like ${`${u.path}%`}` : sql`false`);
  }
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(or(ilike(sites.name, like), ilike(sites.address, like), ilike(sites.code, like))!);
  }
  const where = and(...conds);
  const [rows, [{ total } = { total: 0 }]] = await Promise.all([
    siteQuery(db)
      .where(where)
      .orderBy(asc(sites.type), asc(sites.name), asc(sites.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db
      .select({ total: sql<number>`count(*)::int` })
      .from(sites)
      .where(where),
  ]);
  return { items: rows.map(toSite), total, page: q.page, pageSize: q.pageSize };
}

/** Every active site in scope as a light point list (the map draws them client-side, clustered). */
export async function siteMap(db: Db, actor: Actor, type?: SiteType) {
  const rows = await db
    .select({ id: sites.id, type: sites.type, name: sites.name, lon: sites.lon, lat: sites.lat, townId: sites.townId })
    .from(sites)
    .where(and(inScope(actor, 'inspection.view', sites.unitPath), eq(sites.isActive, true), type ? eq(sites.type, type) : undefined))
    .orderBy(asc(sites.id));
  return { items: rows };
}

export async function getSite(db: Db, actor: Actor, id: number): Promise<Site> {
  const [row] = await siteQuery(db).where(and(eq(sites.id, id), inScope(actor, 'inspection.view', sites.unitPath)));
  if (!row) throw notFound();
  return toSite(row);
}

export async function createSite(db: Db, ctx: Ctx, input: SiteInput): Promise<Site> {
  const ref = await loadUnitTree(db);
  const place = placeOf(ref, actorRootPath(ref, ctx.actor), input.lon, input.lat);
  assertOnPath(ctx.actor, 'site.manage', place.unitPath);
  const id = await db.transaction(async (tx) => {
    if (input.code) {
      const [dup] = await tx.select({ id: sites.id }).from(sites).where(eq(sites.code, input.code));
      if (dup) throw new AppError(409, 'conflict', 'duplicate', { field: 'code', value: input.code }, [{ path: 'code', message: input.code }]);
    }
    const [row] = await tx
      .insert(sites)
      .values({ ...input, ...place })
      .returning();
    await recordAudit(tx, ctx, { action: 'site.create', entityType: 'site', entityId: row!.id, unitId: place.unitId, after: row });
    return row!.id;
  });
  return getSite(db, ctx.actor, id);
}

export async function updateSite(db: Db, ctx: Ctx, id: number, input: z.infer<typeof siteUpdateInput>): Promise<Site> {
  const ref = await loadUnitTree(db);
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(sites).where(eq(sites.id, id)).for('update');
    if (!before || !before.unitPath) throw notFound();
    assertOnPath(ctx.actor, 'site.manage', before.unitPath);
    if (before.version !== input.version) throw conflict();
    const { version: _v, ...changes } = input;
    const lon = changes.lon ?? before.lon,
      lat = changes.lat ?? before.lat;
    const place = placeOf(ref, actorRootPath(ref, ctx.actor), lon, lat);
    assertOnPath(ctx.actor, 'site.manage', place.unitPath);
    const [after] = await tx
      .update(sites)
      .set({ ...changes, ...place, version: before.version + 1, updatedAt: sql`now()` })
      .where(eq(sites.id, id))
      .returning();
    await recordAudit(tx, ctx, { action: 'site.update', entityType: 'site', entityId: id, unitId: place.unitId, before, after });
  });
  return getSite(db, ctx.actor, id);
}

export async function sitesByIds(exec: Executor, ids: number[]) {
  if (!ids.length) return [];
  return siteQuery(exec).where(inArray(sites.id, ids));
}
