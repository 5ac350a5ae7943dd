import { eq, inArray, sql } from 'drizzle-orm';
import { SITE_TYPE_LABELS, siteTypeFromLabel } from '@chuangwen/domain/framework/framework.labels';
import type { SiteType } from '@chuangwen/domain/framework/framework.schemas';
import type { Db } from '../../platform/db/db';
import type { Actor, RequestContext } from '../../platform/auth/actor';
import { canOnPath, inScope } from '../../platform/auth/policy';
import { buildWorkbook, openImport } from '../../platform/excel/excel';
import { recordAudit } from '../../platform/audit/audit.service';
import { loadUnitTree } from '../units/unit.tree';
import { units } from '../../platform/identity/unit.tables';
import { sites } from './site.tables';
import { actorRootPath, placeOf } from './site.service';

// One column list serves the export, the template and the import (点位台账).
const COLUMNS = {
  code: { names: ['编码', 'code'], width: 14 },
  type: { names: ['点位类型', 'type', 'site type'], required: true, width: 16 },
  name: { names: ['名称', 'name'], required: true, width: 26 },
  address: { names: ['地址', 'address'], required: true, width: 32 },
  lon: { names: ['经度', 'lon', 'longitude'], required: true, width: 12 },
  lat: { names: ['纬度', 'lat', 'latitude'], required: true, width: 12 },
  personInCharge: { names: ['负责人', 'person in charge'], width: 12 },
  phone: { names: ['联系电话', 'phone'], width: 14 },
  unit: { names: ['所属单位', 'unit'], width: 16 },
} as const;
type Field = keyof typeof COLUMNS;

export async function exportSites(db: Db, actor: Actor): Promise<Buffer> {
  const rows = await db
    .select({ site: sites, unitName: units.name })
    .from(sites)
    .leftJoin(units, eq(units.id, sites.unitId))
    .where(inScope(actor, 'inspection.view', sites.unitPath))
    .orderBy(sites.type, sites.id);
  const labels = SITE_TYPE_LABELS['zh-CN'];
  return buildWorkbook(
    '点位',
    Object.entries(COLUMNS).map(([key, c]) => ({ header: c.names[0], key, width: c.width })),
    rows.map(({ site: s, unitName }) => ({
      code: s.code ?? '',
      type: labels[s.type],
      name: s.name,
      address: s.address,
      lon: s.lon,
      lat: s.lat,
      personInCharge: s.personInCharge ?? '',
      phone: s.phone ?? '',
      unit: unitName ?? '',
    })),
  );
}

type Planned = {
  row: number;
  code: string | null;
  type: SiteType;
  name: string;
  address: string;
  lon: number;
  lat: number;
  personInCharge: string | null;
  phone: string | null;
};

/**
 * Validates every row (collecting every problem with row and column), then writes all rows in one
 * transaction: a row whose 编码 matches an existing site updates it, the others are created. The
 * territorial unit comes from the point (所属单位 is informative, ignored on import). Any problem → nothing written.
 */
export async function importSites(db: Db, ctx: RequestContext & { actor: Actor }, buffer: Buffer) {
  const { rows, problems, say, fail } = await openImport(buffer, COLUMNS, ctx.locale, 'name');
  const ref = await loadUnitTree(db);
  const rootPath = actorRootPath(ref, ctx.actor);
  const planned: (Planned & ReturnType<typeof placeOf>)[] = [];
  const seen = new Map<string, number>();
  for (const { row, values } of rows) {
    const v = (f: Field) => (values[f] ?? '').trim();
    const code = v('code') || null;
    if (code && !/^[A-Za-z0-9_-]{1,64}$/.test(code)) say(row, 'code', 'import.bad_code');
    else if (code && seen.has(code)) say(row, 'code', 'import.duplicate_code', { value: code, other: seen.get(code) });
    else if (code) seen.set(code, row);
    const type = v('type') ? siteTypeFromLabel(v('type')) : null;
    if (!v('type')) say(row, 'type', 'import.required');
    else if (!type) say(row, 'type', 'import.bad_value', { value: v('type') });
    for (const [f, max] of [
      ['name', 100],
      ['address', 300],
      ['personInCharge', 50],
      ['phone', 30],
    ] as const) {
      if ((f === 'name' || f === 'address') && !v(f)) say(row, f, 'import.required');
      else if (v(f).length > max) say(row, f, 'import.too_long', { max });
    }
    const lon = Number(v('lon')),
      lat = Number(v('lat'));
    const lonOk = v('lon') !== '' && Number.isFinite(lon) && lon >= -180 && lon <= 180;
    const latOk = v('lat') !== '' && Number.isFinite(lat) && lat >= -90 && lat <= 90;
    if (!lonOk) say(row, 'lon', v('lon') ? 'import.bad_coordinate' : 'import.required');
    if (!latOk) say(row, 'lat', v('lat') ? 'import.bad_coordinate' : 'import.required');
    if (!type || !lonOk || !latOk || !v('name') || !v('address')) continue;
    const place = placeOf(ref, rootPath, lon, lat);
    if (!canOnPath(ctx.actor, 'site.manage', place.unitPath)) say(row, 'lon', 'import.out_of_scope');
    planned.push({
      row,
      code,
      type,
      name: v('name'),
      address: v('address'),
      lon,
      lat,
      personInCharge: v('personInCharge') || null,
      phone: v('phone') || null,
      ...place,
    });
  }
  const codes = planned.flatMap((p) => (p.code ? [p.code] : []));
  const existing = new Map(
    (codes.length ? await db.select({ id: sites.id, code: sites.code, unitPath: sites.unitPath }).from(sites).where(inArray(sites.code, codes)) : []).map(
      (s) => [s.code!, s],
    ),
  );
  for (const p of planned) {
    const current = p.code ? existing.get(p.code) : undefined;
    if (current?.unitPath && !canOnPath(ctx.actor, 'site.manage', current.unitPath)) say(p.row, 'code', 'import.out_of_scope');
  }
  if (problems.length) {
    problems.sort((a, b) => a.row - b.row);
    throw fail();
  }
  return db.transaction(async (tx) => {
    let created = 0,
      updated = 0;
    for (const { row: _row, ...p } of planned) {
      const current = p.code ? existing.get(p.code) : undefined;
      if (current) {
        await tx
          .update(sites)
          .set({ ...p, version: sql`${sites.version} + 1`, updatedAt: sql`now()` })
          .where(eq(sites.id, current.id));
        updated++;
      } else {
        await tx.insert(sites).values(p);
        created++;
      }
    }
    await recordAudit(tx, ctx, { action: 'site.import', entityType: 'site', after: { created, updated } });
    return { created, updated };
  });
}
