import type { CriterionNode, SiteType } from '../framework/framework.schemas';
import { SITE_TYPE_LABELS } from '../framework/framework.labels';
import type { CaseNature } from '../cases/case.schemas';

// Checklists derived from the framework: every criterion tagged with a site type becomes a
// checklist item for that type. Requirement texts often say per site type what is checked —
// "实地考察（窗口单位）：…。实地考察（中小学校）：…。" — so the item's wording is the segment whose
// heading best matches the site type's name, else the whole requirement. The office edits it after.

export type DerivedItem = {
  siteType: SiteType;
  criterionCode: string;
  wording: string;
  sortOrder: number;
  caseNature: CaseNature;
  caseCategoryCode: string;
  caseSubcategoryCode: string;
};

function longestCommonRun(a: string, b: string): number {
  let best = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) {
      let k = 0;
      while (i + k < a.length && j + k < b.length && a[i + k] === b[j + k]) k++;
      if (k > best) best = k;
    }
  }
  return best;
}

/** The part of a requirement that concerns one site type (or the whole requirement). */
export function wordingFor(criterion: Pick<CriterionNode, 'name' | 'requirement'>, siteType: SiteType): string {
  const label = SITE_TYPE_LABELS['zh-CN'][siteType];
  const segments = [...criterion.requirement.matchAll(/[（(]([^）)]{1,60})[）)][：:]\s*([^。]+)/g)].map((m) => ({ heading: m[1]!, text: m[2]!.trim() }));
  let best: { score: number; text: string } | null = null;
  for (const s of segments) {
    const score = longestCommonRun(label, s.heading);
    if (score >= 2 && (!best || score > best.score)) best = { score, text: s.text };
  }
  const body = best?.text ?? criterion.requirement.trim();
  return `${criterion.name}：${body}`.slice(0, 1000);
}

/** The case class a failure is filed under, guessed from the words (incident 01-99 "other" otherwise). */
const CLASS_RULES: { pattern: RegExp; nature: CaseNature; category: string; subcategory: string }[] = [
  { pattern: /路灯|亮灯|照明/, nature: 'facility', category: '01', subcategory: '18' },
  { pattern: /井盖/, nature: 'facility', category: '01', subcategory: '14' },
  { pattern: /厕所|公厕/, nature: 'facility', category: '03', subcategory: '01' },
  { pattern: /垃圾桶|垃圾箱|果皮箱/, nature: 'facility', category: '03', subcategory: '05' },
  { pattern: /公交站|站亭/, nature: 'facility', category: '02', subcategory: '03' },
  { pattern: /占道|摊|店外经营/, nature: 'incident', category: '05', subcategory: '04' },
  { pattern: /乱停|停放|停车/, nature: 'incident', category: '05', subcategory: '05' },
  { pattern: /小广告|牛皮癣/, nature: 'incident', category: '02', subcategory: '01' },
  { pattern: /垃圾|卫生|脏乱|保洁/, nature: 'incident', category: '01', subcategory: '02' },
  { pattern: /工地|围挡|施工/, nature: 'incident', category: '03', subcategory: '99' },
];

export function caseClassFor(wording: string): { caseNature: CaseNature; caseCategoryCode: string; caseSubcategoryCode: string } {
  const rule = CLASS_RULES.find((r) => r.pattern.test(wording));
  return rule
    ? { caseNature: rule.nature, caseCategoryCode: rule.category, caseSubcategoryCode: rule.subcategory }
    : { caseNature: 'incident', caseCategoryCode: '01', caseSubcategoryCode: '99' };
}

/** Items for every (criterion, site type) pair, criteria in the given (tree) order; sortOrder steps of 10. */
export function deriveChecklist(
  criteria: readonly (Pick<CriterionNode, 'code' | 'name' | 'requirement'> & { siteTypes: readonly SiteType[] })[],
): DerivedItem[] {
  const next = new Map<SiteType, number>();
  const out: DerivedItem[] = [];
  for (const c of criteria) {
    for (const siteType of c.siteTypes) {
      const sortOrder = (next.get(siteType) ?? 0) + 10;
      next.set(siteType, sortOrder);
      const wording = wordingFor(c, siteType);
      out.push({ siteType, criterionCode: c.code, wording, sortOrder, ...caseClassFor(wording) });
    }
  }
  return out;
}
