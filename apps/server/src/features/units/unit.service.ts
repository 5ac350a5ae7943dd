import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { canHaveParent, type UnitKind } from '@chuangwen/domain/units/unit.kinds';
import type { UnitCreateInput, UnitUpdateInput } from '@chuangwen/domain/units/unit.schemas';
import { UNIT_KIND_LABELS } from '@chuangwen/domain/i18n/labels';
import type { Db, Executor } from '../../platform/db/db';
import type { Actor, RequestContext } from '../../platform/auth/actor';
import { assertOnPath, canOnPath, inScope } from '../../platform/auth/policy';
import { AppError, conflict, duplicate, notFound } from '../../platform/http/errors';
import { recordAudit } from '../../platform/audit/audit.service';
import { units } from '../../platform/identity/unit.tables';
import * as repo from './unit.repo';
import { announceReferenceChange, refreshReference } from './unit.tree';
import { holdsWholeJurisdiction } from '../../platform/auth/scope';

type Ctx = RequestContext & { actor: Actor };

const auditView = (u: repo.UnitRow) => ({
  id: u.id,
  parentId: u.parentId,
  kind: u.kind,
  name: u.name,
  shortName: u.shortName,
  code: u.code,
  sortOrder: u.sortOrder,
  isActive: u.isActive,
  hasGeometry: u.geometry != null,
});

export const toUnit = (u: repo.UnitRow) => ({ ...auditView(u), path: u.path, depth: u.depth, version: u.version });

export function listUnits(db: Db, actor: Actor, filter: { q?: string; kind?: UnitKind }) {
  return repo.listUnits(db, inScope(actor, 'unit.view', units.path), filter);
}

export async function getUnit(db: Db, actor: Actor, id: number) {
  const unit = await repo.findUnitById(db, id);
  if (!unit || !canOnPath(actor, 'unit.view', unit.path)) throw notFound();
  return unit;
}

function assertParentKind(locale: RequestContext['locale'], kind: UnitKind, parentKind: UnitKind | null) {
  if (!canHaveParent(kind, parentKind)) {
    const labels = UNIT_KIND_LABELS[locale];
    throw new AppError(400, 'validation_failed', 'unit_parent_kind', { kind: labels[kind], parentKind: parentKind ? labels[parentKind] : '—' }, [
      { path: 'parentId', message: 'unit_parent_kind' },
    ]);
  }
}

/** Roots (counties) may be created only by someone who manages a root already. */
function assertCanManageUnder(actor: Actor, parent: repo.UnitRow | null) {
  if (parent) return assertOnPath(actor, 'unit.manage', parent.path);
  if (!holdsWholeJurisdiction(actor, 'unit.manage')) {
    throw new AppError(403, 'forbidden', 'unit_out_of_scope');
  }
}

// Every change of the tree announces itself in its transaction and refreshes the reference cache
// (polygons, paths) before answering: a site or case made right after lands in the new unit.
export async function createUnit(db: Db, ctx: Ctx, input: UnitCreateInput) {
  let token = '';
  const created = await db.transaction(async (tx) => {
    const parent = input.parentId ? await repo.findUnitById(tx, input.parentId) : null;
    if (input.parentId && !parent) throw notFound();
    assertCanManageUnder(ctx.actor, parent);
    assertParentKind(ctx.locale, input.kind, parent?.kind ?? null);
    if (await repo.findUnitByCode(tx, input.code)) throw duplicate('code', input.code);
    const unit = await repo.insertUnit(tx, {
      parent,
      kind: input.kind,
      name: input.name,
      shortName: input.shortName ?? null,
      code: input.code,
      sortOrder: input.sortOrder,
      geometry: input.geometry ?? null,
    });
    await recordAudit(tx, ctx, { action: 'unit.create', entityType: 'unit', entityId: unit.id, unitId: unit.id, after: auditView(unit) });
    token = await announceReferenceChange(tx);
    return unit;
  });
  await refreshReference(db, token);
  return created;
}

export async function updateUnit(db: Db, ctx: Ctx, id: number, input: UnitUpdateInput) {
  let token = '';
  const result = await db.transaction(async (tx) => {
    const unit = await repo.findUnitById(tx, id);
    if (!unit || !canOnPath(ctx.actor, 'unit.view', unit.path)) throw notFound();
    assertOnPath(ctx.actor, 'unit.manage', unit.path);
    if (unit.version !== input.version) throw conflict();

    const parentChanges = input.parentId !== undefined && input.parentId !== unit.parentId;
    const kind = input.kind ?? unit.kind;
    let parent = unit.parentId ? await repo.findUnitById(tx, unit.parentId) : null;
    if (parentChanges) {
      parent = input.parentId ? await repo.findUnitById(tx, input.parentId) : null;
      if (input.parentId && !parent) throw notFound();
      if (parent && parent.path.startsWith(unit.path)) {
        throw new AppError(400, 'validation_failed', 'unit_parent_cycle', {}, [{ path: 'parentId', message: 'unit_parent_cycle' }]);
      }
      assertCanManageUnder(ctx.actor, parent);
    }
    if (parentChanges || kind !== unit.kind) {
      assertParentKind(ctx.locale, kind, parent?.kind ?? null);
      for (const child of await repo.childKinds(tx, unit.id)) assertParentKind(ctx.locale, child, kind);
    }
    if (input.code && input.code !== unit.code && (await repo.findUnitByCode(tx, input.code))) throw duplicate('code', input.code);

    const { version: _v, parentId: _p, ...fields } = input;
    const patch = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    if (parentChanges) {
      await repo.moveSubtree(tx, unit, parent);
      Object.assign(patch, { parentId: parent?.id ?? null });
    }
    const [updated] = await tx
      .update(units)
      .set({ ...patch, version: sql`${units.version} + 1`, updatedAt: sql`now()` })
      .where(eq(units.id, id))
      .returning();
    await recordAudit(tx, ctx, { action: 'unit.update', entityType: 'unit', entityId: id, unitId: id, before: auditView(unit), after: auditView(updated!) });
    token = await announceReferenceChange(tx);
    return updated!;
  });
  await refreshReference(db, token);
  return result;
}

export async function deleteUnit(db: Db, ctx: Ctx, id: number) {
  const token = await db.transaction(async (tx) => {
    const unit = await repo.findUnitById(tx, id);
    if (!unit || !canOnPath(ctx.actor, 'unit.view', unit.path)) throw notFound();
    assertOnPath(ctx.actor, 'unit.manage', unit.path);
    const deps = await repo.countDependants(tx, id);
    if (deps.children > 0 || deps.users > 0 || deps.grants > 0) {
      throw new AppError(409, 'conflict', 'unit_not_empty', { children: deps.children, users: deps.users + deps.grants });
    }
    await tx.delete(units).where(eq(units.id, id));
    await recordAudit(tx, ctx, { action: 'unit.delete', entityType: 'unit', entityId: id, unitId: unit.parentId, before: auditView(unit) });
    return announceReferenceChange(tx);
  });
  await refreshReference(db, token);
}

/** Polygons of the units in scope, light enough to draw the county as the map's base layer. */
export async function unitsAsGeoJson(db: Db, actor: Actor, kind?: UnitKind) {
  const rows = await db
    .select({ id: units.id, parentId: units.parentId, kind: units.kind, name: units.name, code: units.code, geometry: units.geometry })
    .from(units)
    .where(and(inScope(actor, 'unit.view', units.path), isNotNull(units.geometry), kind ? eq(units.kind, kind) : undefined))
    .orderBy(units.depth, units.sortOrder);
  return {
    type: 'FeatureCollection' as const,
    features: rows.map(({ geometry, ...properties }) => ({ type: 'Feature' as const, id: properties.id, properties, geometry })),
  };
}

export type { Executor };
