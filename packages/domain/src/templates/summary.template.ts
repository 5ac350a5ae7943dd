import { z } from 'zod';
import type { Locale } from '../i18n/labels';

// Document templates (工作总结 today) are data an office edits: a title and sections whose text
// carries {placeholders} filled with the period's real figures. This module knows which
// placeholders exist and what they mean, and checks a template before it is saved or previewed;
// the server re-checks every save, the editor checks as the office types.

/** Figures a section may need; when one is missing the section's fallback is used (or it is left out). */
export const SUMMARY_REQUIREMENTS = ['inspections', 'framework', 'gaps', 'ranking'] as const;
export type SummaryRequirement = (typeof SUMMARY_REQUIREMENTS)[number];

type Text = Record<Locale, string>;
export type PlaceholderInfo = { name: string; label: Text; example: string; needs?: SummaryRequirement };

/** Every placeholder the work summary knows, in the order the editor lists them. */
export const SUMMARY_PLACEHOLDERS = [
  { name: 'periodLabel', label: { 'zh-CN': '统计期', en: 'Period' }, example: '2026年1月1日至2026年6月30日' },
  { name: 'inspections', label: { 'zh-CN': '督查次数（已开展的督查轮次）', en: 'Inspections held (rounds)' }, example: '6', needs: 'inspections' },
  { name: 'inspectionChecks', label: { 'zh-CN': '督查检查点次', en: 'Site checks recorded' }, example: '120', needs: 'inspections' },
  { name: 'casesFound', label: { 'zh-CN': '发现问题数', en: 'Problems found' }, example: '178' },
  { name: 'casesClosed', label: { 'zh-CN': '已整改问题数', en: 'Problems closed' }, example: '175' },
  { name: 'closureRate', label: { 'zh-CN': '整改率', en: 'Closure rate' }, example: '98.3%' },
  { name: 'onTimeRate', label: { 'zh-CN': '按期整改率', en: 'On-time closure rate' }, example: '98.3%' },
  { name: 'reworkRate', label: { 'zh-CN': '返工率（全县）', en: 'Rework rate (county)' }, example: '4.2%' },
  { name: 'openCases', label: { 'zh-CN': '仍在整改的问题数', en: 'Problems still open' }, example: '3' },
  { name: 'overdueCases', label: { 'zh-CN': '超期问题数', en: 'Overdue problems' }, example: '3' },
  { name: 'frameworkName', label: { 'zh-CN': '测评体系名称', en: 'Evaluation framework' }, example: '全国文明城市测评体系', needs: 'framework' },
  { name: 'criteriaCount', label: { 'zh-CN': '测评标准数', en: 'Number of criteria' }, example: '128', needs: 'framework' },
  { name: 'projectedScore', label: { 'zh-CN': '预计得分', en: 'Projected score' }, example: '86.5', needs: 'framework' },
  { name: 'totalPoints', label: { 'zh-CN': '满分', en: 'Full points' }, example: '100', needs: 'framework' },
  { name: 'scoreRate', label: { 'zh-CN': '得分率', en: 'Score rate' }, example: '86.5%', needs: 'framework' },
  { name: 'lostPoints', label: { 'zh-CN': '失分', en: 'Points lost' }, example: '13.5', needs: 'framework' },
  {
    name: 'topGaps',
    label: { 'zh-CN': '失分较多的测评标准（含牵头单位）', en: 'Criteria losing most points (with lead unit)' },
    example: '1.2.3 公共场所秩序（失1.5分，牵头单位县公安局）',
    needs: 'gaps',
  },
  { name: 'redList', label: { 'zh-CN': '红榜单位（综合得分靠前）', en: 'Red list (top units)' }, example: '青山镇', needs: 'ranking' },
  { name: 'blackList', label: { 'zh-CN': '黑榜单位（综合得分靠后）', en: 'Black list (bottom units)' }, example: '白水镇', needs: 'ranking' },
] as const satisfies readonly PlaceholderInfo[];

export type SummaryPlaceholder = (typeof SUMMARY_PLACEHOLDERS)[number]['name'];
export const SUMMARY_PLACEHOLDER_NAMES: readonly string[] = SUMMARY_PLACEHOLDERS.map((p) => p.name);

export type SummarySectionTemplate = {
  key: string;
  heading: string;
  text: string;
  requires?: readonly SummaryRequirement[];
  fallback?: string;
};
export type SummaryTemplate = { title: string; sections: readonly SummarySectionTemplate[] };

// ── Parsing ────────────────────────────────────────────────────────────────────────────────

export type PlaceholderToken = { name: string; start: number; end: number };
export type PlaceholderProblem =
  | { code: 'unknown_placeholder'; name: string; index: number }
  | { code: 'empty_placeholder'; index: number }
  | { code: 'unclosed_brace'; index: number }
  | { code: 'unopened_brace'; index: number };

/**
 * Reads `{name}` placeholders out of a text. Braces are reserved for placeholders: a `{` must be
 * closed by a `}` before the next `{`, and a `}` must close one. Indices are UTF-16 offsets.
 */
export function parsePlaceholders(
  text: string,
  known: readonly string[] = SUMMARY_PLACEHOLDER_NAMES,
): { tokens: PlaceholderToken[]; problems: PlaceholderProblem[] } {
  const tokens: PlaceholderToken[] = [];
  const problems: PlaceholderProblem[] = [];
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{') {
      if (open >= 0) problems.push({ code: 'unclosed_brace', index: open });
      open = i;
    } else if (c === '}') {
      if (open < 0) {
        problems.push({ code: 'unopened_brace', index: i });
        continue;
      }
      const name = text.slice(open + 1, i).trim();
      if (!name) problems.push({ code: 'empty_placeholder', index: open });
      else if (!known.includes(name)) problems.push({ code: 'unknown_placeholder', name, index: open });
      else tokens.push({ name, start: open, end: i + 1 });
      open = -1;
    }
  }
  if (open >= 0) problems.push({ code: 'unclosed_brace', index: open });
  return { tokens, problems };
}

/** Replaces each known `{name}` with its value; anything else is left as written. */
export function fillPlaceholders(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\{\s*(\w+)\s*\}/g, (whole, name: string) => values[name] ?? whole);
}

export type SummaryAvailability = Record<SummaryRequirement, boolean>;
export type RenderedSection = { key: string; heading: string; text: string };

/**
 * The template filled with a period's values: a section whose `requires` are not all available
 * uses its fallback, or is left out when it has none. One definition for the server's draft and
 * the editor's live preview.
 */
export function renderSummaryTemplate(
  template: SummaryTemplate,
  values: Readonly<Record<string, string>>,
  available: SummaryAvailability,
): { title: string; sections: RenderedSection[] } {
  const sections = template.sections.flatMap((s) => {
    const ok = (s.requires ?? []).every((r) => available[r]);
    const text = ok ? s.text : s.fallback;
    return text === undefined || text === '' ? [] : [{ key: s.key, heading: fillPlaceholders(s.heading, values), text: fillPlaceholders(text, values) }];
  });
  return { title: fillPlaceholders(template.title, values), sections };
}

// ── Validation ─────────────────────────────────────────────────────────────────────────────

export const TEMPLATE_LIMITS = { title: 200, heading: 200, text: 5_000, sections: 50 } as const;
const SECTION_KEY = /^[a-z][a-zA-Z0-9_-]{0,39}$/;

/** The shape (lengths, keys); placeholders are checked by `validateSummaryTemplate`. */
export const summarySectionTemplateSchema = z.strictObject({
  key: z.string().regex(SECTION_KEY),
  heading: z.string().max(TEMPLATE_LIMITS.heading),
  text: z.string().min(1).max(TEMPLATE_LIMITS.text),
  requires: z.array(z.enum(SUMMARY_REQUIREMENTS)).max(SUMMARY_REQUIREMENTS.length).optional(),
  fallback: z.string().max(TEMPLATE_LIMITS.text).optional(),
});
export const summaryTemplateSchema = z.strictObject({
  title: z.string().min(1).max(TEMPLATE_LIMITS.title),
  sections: z.array(summarySectionTemplateSchema).min(1).max(TEMPLATE_LIMITS.sections),
});

export type TemplateIssue = (PlaceholderProblem & { path: string }) | { code: 'duplicate_key'; path: string; key: string };

/** Every placeholder problem of a template, each with the field's path (`sections.2.text`). */
export function validateSummaryTemplate(template: SummaryTemplate, known: readonly string[] = SUMMARY_PLACEHOLDER_NAMES): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  const check = (path: string, text: string | undefined) => {
    if (text === undefined) return;
    for (const p of parsePlaceholders(text, known).problems) issues.push({ ...p, path });
  };
  check('title', template.title);
  const keys = new Set<string>();
  template.sections.forEach((s, i) => {
    if (keys.has(s.key)) issues.push({ code: 'duplicate_key', path: `sections.${i}.key`, key: s.key });
    keys.add(s.key);
    check(`sections.${i}.heading`, s.heading);
    check(`sections.${i}.text`, s.text);
    check(`sections.${i}.fallback`, s.fallback);
  });
  return issues;
}

const FIELD: Record<string, Text> = {
  title: { 'zh-CN': '标题', en: 'title' },
  heading: { 'zh-CN': '小标题', en: 'heading' },
  text: { 'zh-CN': '正文', en: 'text' },
  fallback: { 'zh-CN': '备用文字', en: 'fallback text' },
  key: { 'zh-CN': '段落标识', en: 'section key' },
};

/** Where the problem is, in words: "第2段正文" / "section 2, text". */
export function describeTemplatePath(path: string, locale: Locale): string {
  const m = /^sections\.(\d+)\.(\w+)$/.exec(path);
  if (!m) return FIELD[path]?.[locale] ?? path;
  const n = Number(m[1]) + 1;
  const field = FIELD[m[2]!]?.[locale] ?? m[2]!;
  return locale === 'en' ? `section ${n}, ${field}` : `第${n}段${field}`;
}

/** A sentence the office can act on, in its language. */
export function describeTemplateIssue(issue: TemplateIssue, locale: Locale): string {
  const where = describeTemplatePath(issue.path, locale);
  const at = 'index' in issue ? issue.index + 1 : 0;
  const en = locale === 'en';
  switch (issue.code) {
    case 'unknown_placeholder':
      return en
        ? `${where}: unknown placeholder {${issue.name}} (character ${at}); use one from the list of placeholders`
        : `${where}：未知占位符 {${issue.name}}（第${at}个字符），请从占位符列表中选用`;
    case 'empty_placeholder':
      return en ? `${where}: empty placeholder {} (character ${at})` : `${where}：空占位符 {}（第${at}个字符）`;
    case 'unclosed_brace':
      return en
        ? `${where}: "{" at character ${at} is not closed by "}" (braces are reserved for placeholders)`
        : `${where}：第${at}个字符处的“{”缺少对应的“}”（花括号仅用于占位符）`;
    case 'unopened_brace':
      return en
        ? `${where}: "}" at character ${at} has no matching "{" (braces are reserved for placeholders)`
        : `${where}：第${at}个字符处的“}”缺少对应的“{”（花括号仅用于占位符）`;
    case 'duplicate_key':
      return en ? `${where}: the key "${issue.key}" is used by another section` : `${where}：段落标识“${issue.key}”与其他段落重复`;
  }
}
