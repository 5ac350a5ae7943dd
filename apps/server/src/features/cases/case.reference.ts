import { asc, sql } from 'drizzle-orm';
import type { DeadlineRule } from '@chuangwen/domain/calendar/working-calendar';
import type { CaseNature } from '@chuangwen/domain/cases/case.schemas';
import type { Db, Executor } from '../../platform/db/db';
import { loadUnitTree, onUnitTreeDropped, territorialUnitsAt, type UnitTree } from '../units/unit.tree';
import { caseCategories } from './case.tables';
import categoriesData from './data/case-categories.json';

// What every case request needs: the unit tree (units/unit.tree.ts) and the case categories, both
// cached per process. The categories are dropped with the tree (a seed or a reconnect) and
// otherwise live CACHE_MS.

const CACHE_MS = 30_000;

export type RefCategory = typeof caseCategories.$inferSelect;

export type Reference = UnitTree & { categories: Map<string, RefCategory> };

const categoryCache = new WeakMap<object, { at: number; categories: Promise<Map<string, RefCategory>> }>();
onUnitTreeDropped((db) => categoryCache.delete(db));

export const categoryKey = (nature: string, categoryCode: string, subcategoryCode: string) => `${nature}:${categoryCode}${subcategoryCode}`;

function loadCategories(db: Db): Promise<Map<string, RefCategory>> {
  const hit = categoryCache.get(db);
  if (hit && Date.now() - hit.at <= CACHE_MS) return hit.categories;
  const categories = db
    .select()
    .from(caseCategories)
    .orderBy(asc(caseCategories.sortOrder))
    .then((rows) => new Map(rows.map((c) => [categoryKey(c.nature, c.categoryCode, c.subcategoryCode), c])));
  categories.catch(() => categoryCache.delete(db));
  categoryCache.set(db, { at: Date.now(), categories });
  return categories;
}

export async function loadReference(db: Db): Promise<Reference> {
  const [tree, categories] = await Promise.all([loadUnitTree(db), loadCategories(db)]);
  return { ...tree, categories };
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
  const department = category?.defaultDepartmentCode ? (ref.unitsByCode.get(category.defaultDepartmentCode) ?? null) : null;
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
    categories: {
      code: string;
      name: string;
      subcategories: { code: string; name: string; deadline: DeadlineRule | null; accept: string | null; close: string | null }[];
    }[];
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
          nature: nature.nature,
          categoryCode: c.code,
          categoryName: c.name,
          subcategoryCode: s.code,
          subcategoryName: s.name,
          deadlineRule: s.deadline,
          acceptStandard: s.accept,
          closeStandard: s.close,
          sortOrder: rows.length,
        });
      }
    }
  }
  await exec.insert(caseCategories).values(rows);
  return rows.length;
}
