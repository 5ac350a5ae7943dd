import { eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { canHaveParent, type UnitKind } from '@chuangwen/domain/units/unit.kinds';
import { polygonGeometry, unitCode, type PolygonGeometry } from '@chuangwen/domain/units/unit.schemas';
import { UNIT_KIND_LABELS, unitKindFromLabel } from '@chuangwen/domain/i18n/labels';
import type { Db } from '../../platform/db/db';
import type { Actor, RequestContext } from '../../platform/auth/actor';
import { canOnPath, inScope } from '../../platform/auth/policy';
import { buildWorkbook, openImport } from '../../platform/excel/excel';
import { recordAudit } from '../../platform/audit/audit.service';
import { units } from '../../platform/identity/unit.tables';
import { announceReferenceChange, refreshReference } from './unit.tree';

const parentUnit = alias(units, 'parent_unit');
import * as repo from './unit.repo';
import { holdsWholeJurisdiction } from '../../platform/auth/scope';

// One column list serves the export, the template and the import, so they cannot drift.
const COLUMNS = {
  code: { names: ['编码', 'code'], required: true, width: 16 },
  name: { names: ['名称', 'name'], required: true, width: 28 },
  shortName: { names: ['简称', 'short name'], width: 14 },
  kind: { names: ['类型', 'kind'], required: true, width: 12 },
  parentCode: { names: ['上级编码', 'parent code'], width: 16 },
  sortOrder: { names: ['排序', 'sort order'], width: 8 },
  geometry: { names: ['边界GeoJSON', 'geometry geojson', 'geojson'], width: 40 },
} as const;
type Field = keyof typeof COLUMNS;

/** The unit ledger in the caller's scope: the export's (and the import template's) columns and rows; also the background export's. */
export async function unitLedger(db: Db, actor: Actor) {
  const rows = await db
    .select({ unit: units, parentCode: parentUnit.code })
    .from(units)
    .leftJoin(parentUnit, eq(parentUnit.id, units.parentId))
    .where(inScope(actor, 'unit.view', units.path))
    .orderBy(units.path);
  const labels = UNIT_KIND_LABELS['zh-CN'];
  return {
    sheetName: '单位',
    columns: Object.entries(COLUMNS).map(([key, c]) => ({ header: c.names[0] as string, key, width: c.width as number })),
    rows: rows.map(({ unit, parentCode }) => ({
      code: unit.code,
      name: unit.name,
      shortName: unit.shortName ?? '',
      kind: labels[unit.kind],
      parentCode: parentCode ?? '',
      sortOrder: unit.sortOrder,
      geometry: unit.geometry ? JSON.stringify(unit.geometry) : '',
    })),
  };
}

export async function exportUnits(db: Db, actor: Actor): Promise<Buffer> {
  const ledger = await unitLedger(db, actor);
  return buildWorkbook(ledger.sheetName, ledger.columns, ledger.rows);
}

type Planned = {
  row: number;
  code: string;
  name: string;
  shortName: string | null;
  kind: UnitKind;
  parentCode: string | null;
  sortOrder: number;
  geometry: PolygonGeometry | null;
};

/**
 * Validates every row first (collecting every problem with its row and column), then writes all
 * rows in one transaction, parents before children. Any problem → nothing is written.
 */
export async function importUnits(db: Db, ctx: RequestContext & { actor: Actor }, buffer: Buffer) {
  const { rows, problems, say, fail } = await openImport(buffer, COLUMNS, ctx.locale, 'code');

  const planned: Planned[] = [];
  const seen = new Map<string, number>();
  for (const { row, values } of rows) {
    const v = (f: Field) => values[f] ?? '';
    const code = v('code');
    if (!code) say(row, 'code', 'import.required');
    else if (!unitCode.safeParse(code).success) say(row, 'code', 'import.bad_code');
    else if (seen.has(code)) say(row, 'code', 'import.duplicate_code', { value: code, other: seen.get(code) });
    else seen.set(code, row);
    if (!v('name')) say(row, 'name', 'import.required');
    else if (v('name').length > 100) say(row, 'name', 'import.too_long', { max: 100 });
    const kind = v('kind') ? unitKindFromLabel(v('kind')) : null;
    if (!v('kind')) say(row, 'kind', 'import.required');
    else if (!kind) say(row, 'kind', 'import.bad_kind', { value: v('kind') });
    const sortText = v('sortOrder');
    const sortOrder = sortText === '' ? 0 : Number(sortText);
    if (!Number.isInteger(sortOrder) || sortOrder < 0) say(row, 'sortOrder', 'import.bad_number');
    let geometry: PolygonGeometry | null = null;
    if (v('geometry')) {
      try {
        const parsed = polygonGeometry.safeParse(JSON.parse(v('geometry')));
        if (parsed.success) geometry = parsed.data;
        else say(row, 'geometry', 'import.bad_geojson');
      } catch {
        say(row, 'geometry', 'import.bad_geojson');
      }
    }
    if (code && kind) {
      planned.push({ row, code, name: v('name'), shortName: v('shortName') || null, kind, parentCode: v('parentCode') || null, sortOrder, geometry });
    }
  }

  // Resolve parents against the file and the database; detect cycles; check kinds and scope.
  const inFile = new Map(planned.map((p) => [p.code, p]));
  const codes = [...new Set(planned.flatMap((p) => [p.code, p.parentCode ?? '']).filter(Boolean))];
  const existing = new Map((codes.length ? await db.select().from(units).where(inArray(units.code, codes)) : []).map((u) => [u.code, u]));
  const labels = UNIT_KIND_LABELS[ctx.locale];
  for (const p of planned) {
    const current = existing.get(p.code);
    if (current && !canOnPath(ctx.actor, 'unit.manage', current.path)) say(p.row, 'code', 'import.out_of_scope');
    if (!p.parentCode) {
      if (!canHaveParent(p.kind, null)) say(p.row, 'parentCode', 'import.required');
      continue;
    }
    const parentKind = inFile.get(p.parentCode)?.kind ?? existing.get(p.parentCode)?.kind;
    if (!parentKind) {
      say(p.row, 'parentCode', 'import.unknown_parent', { value: p.parentCode });
      continue;
    }
    if (!canHaveParent(p.kind, parentKind)) say(p.row, 'kind', 'import.parent_kind', { kind: labels[p.kind], parentKind: labels[parentKind] });
    const dbParent = existing.get(p.parentCode);
    if (!inFile.has(p.parentCode) && dbParent && !canOnPath(ctx.actor, 'unit.manage', dbParent.path)) {
      say(p.row, 'parentCode', 'import.out_of_scope');
    }
  }
  const order: Planned[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (p: Planned): boolean => {
    if (state.get(p.code) === 'done') return true;
    if (state.get(p.code) === 'visiting') return false;
    state.set(p.code, 'visiting');
    const parent = p.parentCode ? inFile.get(p.parentCode) : undefined;
    if (parent && !visit(parent)) {
      say(p.row, 'parentCode', 'import.cycle');
      state.set(p.code, 'done');
      return false;
    }
    state.set(p.code, 'done');
    order.push(p);
    return true;
  };
  for (const p of planned) visit(p);
  if (problems.length) throw fail();

  let token = '';
  const counts = await db.transaction(async (tx) => {
    let created = 0;
    let updated = 0;
    for (const p of order) {
      const parent = p.parentCode ? await repo.findUnitByCode(tx, p.parentCode) : null;
      const current = await repo.findUnitByCode(tx, p.code);
      if (!current) {
        if (!parent && !holdsWholeJurisdiction(ctx.actor, 'unit.manage')) {
          say(p.row, 'parentCode', 'import.out_of_scope');
          throw fail();
        }
        const unit = await repo.insertUnit(tx, {
          parent,
          kind: p.kind,
          name: p.name,
          shortName: p.shortName,
          code: p.code,
          sortOrder: p.sortOrder,
          geometry: p.geometry,
        });
        await recordAudit(tx, ctx, { action: 'unit.create', entityType: 'unit', entityId: unit.id, unitId: unit.id, after: { ...p, via: 'import' } });
        created++;
        continue;
      }
      if (parent && parent.path.startsWith(current.path)) {
        say(p.row, 'parentCode', 'import.cycle');
        throw fail();
      }
      if ((parent?.id ?? null) !== current.parentId) await repo.moveSubtree(tx, current, parent);
      await tx
        .update(units)
        .set({
          name: p.name,
          shortName: p.shortName,
          kind: p.kind,
          sortOrder: p.sortOrder,
          parentId: parent?.id ?? null,
          geometry: p.geometry ?? current.geometry,
          version: sql`${units.version} + 1`,
          updatedAt: sql`now()`,
        })
        .where(eq(units.id, current.id));
      await recordAudit(tx, ctx, {
        action: 'unit.update',
        entityType: 'unit',
        entityId: current.id,
        unitId: current.id,
        before: { code: current.code, name: current.name, kind: current.kind, parentId: current.parentId },
        after: { ...p, via: 'import' },
      });
      updated++;
    }
    token = await announceReferenceChange(tx);
    return { created, updated };
  });
  await refreshReference(db, token); // the imported units place sites and cases at once, on every replica
  return counts;
}
