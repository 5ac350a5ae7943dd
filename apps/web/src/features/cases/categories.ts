import type { TFunction } from 'i18next';
import { CASE_NATURES, type CaseNature } from '@chuangwen/domain/cases/case.schemas';
import type { CaseCategory } from './api';

export type CategoryOption = { value: string; label: string; children?: CategoryOption[] };

/** Cascader options nature → category → subcategory, in the order of the classification table. */
export function categoryOptions(items: readonly CaseCategory[], t: TFunction): CategoryOption[] {
  return CASE_NATURES.map((nature) => {
    const categories = new Map<string, CategoryOption>();
    for (const item of items) {
      if (item.nature !== nature) continue;
      let category = categories.get(item.categoryCode);
      if (!category) {
        category = { value: item.categoryCode, label: `${item.categoryCode} ${item.categoryName}`, children: [] };
        categories.set(item.categoryCode, category);
      }
      category.children!.push({ value: item.subcategoryCode, label: `${item.subcategoryCode} ${item.subcategoryName}` });
    }
    return { value: nature, label: t(`case.nature.${nature}`), children: [...categories.values()] };
  }).filter((n) => n.children.length > 0);
}

export type CategoryPath = { nature?: CaseNature; categoryCode?: string; subcategoryCode?: string };

/** A cascader value (possibly partial) → the filter's three fields. */
export function categoryPath(value: readonly string[] | undefined | null): CategoryPath {
  const [nature, categoryCode, subcategoryCode] = value ?? [];
  return {
    nature: (CASE_NATURES as readonly string[]).includes(nature ?? '') ? (nature as CaseNature) : undefined,
    categoryCode: categoryCode || undefined,
    subcategoryCode: subcategoryCode || undefined,
  };
}
