import { asc, sql } from 'drizzle-orm';
import type { DeadlineRule } from '@chuangwen/domain/calendar/working-calendar';
import type { CaseNature } from '@chuangwen/domain/cases/case.schemas';
import { isTerritorial, type UnitKind } from '@chuangwen/domain/units/unit.kinds';
import type { PolygonGeometry } from '@chuangwen/domain/units/unit.schemas';
import { geometryBounds, unitsContaining } from '@chuangwen/domain/units/unit.geo';
import type { Db, Executor } from '../../platform/db/db';
import { units } from '../units/unit.tables';
import { caseCategories } from './case.tables';
import categoriesData from './data/case-categories.json';

// Reference data every case request needs (units with polygons, categories), cached per process
// for CACHE_MS so that creating a case costs no lookup round trip. A unit edit shows up here within
// the cache time; `invalidateReference` clears it at once (tests, the category seed).

const CACHE_MS = 30_000;

export type RefUnit = {
  id: number; parentId: number | null; name: string; code: string; kind: UnitKind; path: string; depth: number; isActive: boolean;
  geometry: PolygonGeometry | null; bounds: [number, number, number, number] | null;
};
export type RefCategory = typeof caseCategories.$inferSelect;

export type Reference = {
  unitsById: Map<number, RefUnit>;
  unitsByCode: Map<string, RefUnit>;
  categories: Map<string, RefCategory>;
  at: number;
};

const cache = new WeakMap<object, Promise<Reference>>();
const stamp = new WeakMap<object, number>();

export const categoryKey = (nature: string, categoryCode: string, subcategoryCode: string) => `${nature}:${categoryCode}${subcategoryCode}`;

async function load(db: Db): Promise<Reference> {
  const [unitRows, categoryRows] = await Promise.all([
    db.select({
      id: units.id, parentId: units.parentId, name: units.name, code: units.code, kind: units.kind, path: units.path,
      depth: units.depth, isActive: units.isActive, geometry: units.geometry,
    }).from(units),
    db.select().from(caseCategories).orderBy(asc(caseCategories.sortOrder)),
  ]);
  const list: RefUnit[] = unitRows.map((u) => ({ ...u, geometry: u.geometry ?? null, bounds: u.geometry ? geometryBounds(u.geometry) : null }));
  return {
    unitsById: new Map(list.map((u) => [u.id, u])),
    unitsByCode: new Map(list.map((u) => [u.code, u])),
    categories: new Map(categoryRows.map((c) => [categoryKey(c.nature, c.categoryCode, c.subcategoryCode), c])),
    at: Date.now(),
  };
}

export function loadReference(db: Db): Promise<Reference> {
  const at = stamp.get(db);
  if (at === undefined || Date.now() - at > CACHE_MS) {
    stamp.set(db, Date.now());
    const pending = load(db);
    pending.catch(() => stamp.delete(db));
    cache.set(db, pending);
  }
  return cache.get(db)!;
}

export function invalidateReference(db: Db) {
  stamp.delete(db);
}

export const rootPathOf = (path: string) => `/${path.split('/')[1]}/`;

/** Territorial units containing the point, smallest first (grid, community/village, town, county). */
export function territorialUnitsAt(ref: Reference, lon: number, lat: number): RefUnit[] {
  const candidates = [...ref.unitsById.values()].filter((u) => u.isActive && u.bounds && isTerritorial(u.kind)
    && lon >= u.bounds[0] && lon <= u.bounds[2] && lat >= u.bounds[1] && lat <= u.bounds[3]);
  return unitsContaining(candidates, [lon, lat]);
}

/**
 * Where a case lies, for scope before dispatch: the smallest territorial unit containing the
 * point within the reporter's county; null when the point lies outside a county that has polygons.
 */
export function areaUnitFor(ref: Reference, rootPath: string, lon: number, lat: number): RefUnit | null {
  const inside = territorialUnitsAt(ref, lon, lat).filter((u) => u.path.startsWith(rootPath));
  if (inside[0]) return inside[0];
  // A county that has drawn its territory refuses points outside it; one without polygons takes all.
  const hasTerritory = [...ref.unitsById.values()].some((u) => u.geometry && u.path.startsWith(rootPath));
  return hasTerritory ? null : [...ref.unitsById.values()].find((u) => u.path === rootPath)!;
}

/**
 * 以块为主、条条保证: the territorial unit answers (块), the subcategory's department supports (条).
 * The proposed responsible unit is the smallest containing unit that is an organisation: a grid is
 * a patrol cell, so a point in a grid goes to its community or village.
 */
export function proposeRouting(ref: Reference, rootPath: string, lon: number, lat: number, category: RefCategory | null) {
  const containing = territorialUnitsAt(ref, lon, lat).filter((u) => u.path.startsWith(rootPath));
  const grid = containing.find((u) => u.kind === 'grid') ?? null;
  const territorial = containing.find((u) => u.kind !== 'grid' && u.kind !== 'district') ?? null;
  const department = category?.defaultDepartmentCode ? ref.unitsByCode.get(category.defaultDepartmentCode) ?? null : null;
  const departmentInCounty = department && department.isActive && department.path.startsWith(rootPath) ? department : null;
  return {
    responsibleUnit: territorial ?? departmentInCounty,
    supportingUnit: territorial ? departmentInCounty : null,
    territorialUnit: territorial,
    departmentUnit: departmentInCounty,
    grid,
    containing,
    deadlineRule: (category?.deadlineRule ?? null) as DeadlineRule | null,
  };
}

type CategoriesFile = {
  natures: {
    nature: CaseNature;
    categories: { code: string; name: string; subcategories: { code: string; name: string; deadline: DeadlineRule | null; accept: string | null; close: string | null }[] }[];
  }[];
};

/** Loads the shipped classification into an empty table (an office edits it afterwards). */
export async function seedCaseCategories(exec: Executor) {
  const [{ n } = { n: 0 }] = await exec.select({ n: sql<number>`count(*)::int` }).from(caseCategories);
  if (n > 0) return 0;
  const rows: (typeof caseCategories.$inferInsert)[] = [];
  for (const nature of (categoriesData as CategoriesFile).natures) {
    for (const c of nature.categories) {
      for (const s of c.subcategories) {
        rows.push({
          nature: nature.nature, categoryCode: c.code, categoryName: c.name, subcategoryCode: s.code, subcategoryName: s.name,
          deadlineRule: s.deadline, acceptStandard: s.accept, closeStandard: s.close, sortOrder: rows.length,
        });
      }
    }
  }
  await exec.insert(caseCategories).values(rows);
  return rows.length;
}
