import { describe, expect, it } from 'vitest';
import {
  SUMMARY_PLACEHOLDERS,
  describeTemplateIssue,
  fillPlaceholders,
  parsePlaceholders,
  renderSummaryTemplate,
  summaryTemplateSchema,
  validateSummaryTemplate,
  type SummaryTemplate,
} from './summary.template';

const ALL = { inspections: true, framework: true, gaps: true, ranking: true };

describe('parsePlaceholders', () => {
  it('reads known placeholders with their positions', () => {
    const { tokens, problems } = parsePlaceholders('发现问题{casesFound}项，整改率{ closureRate }。');
    expect(problems).toEqual([]);
    expect(tokens).toEqual([
      { name: 'casesFound', start: 4, end: 16 },
      { name: 'closureRate', start: 21, end: 36 },
    ]);
  });

  it('accepts text without braces', () => {
    expect(parsePlaceholders('下一步，我们将突出重点。')).toEqual({ tokens: [], problems: [] });
  });

  it('names unknown and empty placeholders', () => {
    expect(parsePlaceholders('共{casesFund}项{}').problems).toEqual([
      { code: 'unknown_placeholder', name: 'casesFund', index: 1 },
      { code: 'empty_placeholder', index: 13 },
    ]);
    expect(parsePlaceholders('{发现问题}').problems).toEqual([{ code: 'unknown_placeholder', name: '发现问题', index: 0 }]);
  });

  it('finds unbalanced braces', () => {
    expect(parsePlaceholders('共{casesFound项').problems).toEqual([{ code: 'unclosed_brace', index: 1 }]);
    expect(parsePlaceholders('共casesFound}项').problems).toEqual([{ code: 'unopened_brace', index: 11 }]);
    // A second "{" before the first is closed: the first one is unclosed, the second still reads.
    const nested = parsePlaceholders('{a{casesFound}');
    expect(nested.problems).toEqual([{ code: 'unclosed_brace', index: 0 }]);
    expect(nested.tokens.map((t) => t.name)).toEqual(['casesFound']);
  });

  it('takes the list of known names from the caller', () => {
    expect(parsePlaceholders('{x}', ['x']).problems).toEqual([]);
  });
});

describe('validateSummaryTemplate', () => {
  const template: SummaryTemplate = {
    title: '{periodLabel}工作总结',
    sections: [
      { key: 'a', heading: '一、总体情况', text: '发现问题{casesFound}项' },
      { key: 'b', heading: '二、{unknownHeading}', text: '整改率{closureRate', requires: ['inspections'], fallback: '超期}项' },
      { key: 'a', heading: '三', text: '无' },
    ],
  };

  it('reports every problem with the field it is in', () => {
    expect(validateSummaryTemplate(template)).toEqual([
      { code: 'unknown_placeholder', name: 'unknownHeading', index: 2, path: 'sections.1.heading' },
      { code: 'unclosed_brace', index: 3, path: 'sections.1.text' },
      { code: 'unopened_brace', index: 2, path: 'sections.1.fallback' },
      { code: 'duplicate_key', key: 'a', path: 'sections.2.key' },
    ]);
  });

  it('explains each problem in Chinese and English', () => {
    const [unknown, unclosed, unopened, dup] = validateSummaryTemplate(template);
    expect(describeTemplateIssue(unknown!, 'zh-CN')).toBe('第2段小标题：未知占位符 {unknownHeading}（第3个字符），请从占位符列表中选用');
    expect(describeTemplateIssue(unknown!, 'en')).toBe(
      'section 2, heading: unknown placeholder {unknownHeading} (character 3); use one from the list of placeholders',
    );
    expect(describeTemplateIssue(unclosed!, 'zh-CN')).toBe('第2段正文：第4个字符处的“{”缺少对应的“}”（花括号仅用于占位符）');
    expect(describeTemplateIssue(unopened!, 'en')).toContain('section 2, fallback text: "}" at character 3 has no matching "{"');
    expect(describeTemplateIssue(dup!, 'zh-CN')).toBe('第3段段落标识：段落标识“a”与其他段落重复');
    expect(describeTemplateIssue({ code: 'empty_placeholder', index: 0, path: 'title' }, 'zh-CN')).toBe('标题：空占位符 {}（第1个字符）');
  });

  it('accepts every documented placeholder', () => {
    const text = SUMMARY_PLACEHOLDERS.map((p) => `{${p.name}}`).join('，');
    expect(validateSummaryTemplate({ title: 't', sections: [{ key: 'all', heading: '', text }] })).toEqual([]);
  });

  it('checks the shape: keys, lengths, at least one section, no unknown fields', () => {
    expect(summaryTemplateSchema.safeParse({ title: 't', sections: [{ key: 'ok-1', heading: '', text: 'x' }] }).success).toBe(true);
    expect(summaryTemplateSchema.safeParse({ title: 't', sections: [] }).success).toBe(false);
    expect(summaryTemplateSchema.safeParse({ title: '', sections: [{ key: 'a', heading: '', text: 'x' }] }).success).toBe(false);
    expect(summaryTemplateSchema.safeParse({ title: 't', sections: [{ key: '1a', heading: '', text: 'x' }] }).success).toBe(false);
    expect(summaryTemplateSchema.safeParse({ title: 't', sections: [{ key: 'a', heading: '', text: 'x', extra: 1 }] }).success).toBe(false);
    expect(summaryTemplateSchema.safeParse({ title: 't', sections: [{ key: 'a', heading: '', text: 'x', requires: ['weather'] }] }).success).toBe(false);
  });
});

describe('rendering', () => {
  it('fills known placeholders and leaves anything else as written', () => {
    expect(fillPlaceholders('发现{casesFound}项，{ casesClosed }项，{other}', { casesFound: '178', casesClosed: '175' })).toBe('发现178项，175项，{other}');
  });

  it('uses the fallback when a required figure is missing, and leaves a section out without one', () => {
    const template: SummaryTemplate = {
      title: '{periodLabel}总结',
      sections: [
        { key: 'a', heading: '一、{periodLabel}', text: '督查{inspections}次', requires: ['inspections'], fallback: '发现{casesFound}项' },
        { key: 'b', heading: '二', text: '得分{projectedScore}', requires: ['framework'] },
        { key: 'c', heading: '三', text: '排名', requires: ['ranking'], fallback: '' },
      ],
    };
    const values = { periodLabel: '上半年', inspections: '6', casesFound: '178', projectedScore: '80' };
    expect(renderSummaryTemplate(template, values, ALL)).toEqual({
      title: '上半年总结',
      sections: [
        { key: 'a', heading: '一、上半年', text: '督查6次' },
        { key: 'b', heading: '二', text: '得分80' },
        { key: 'c', heading: '三', text: '排名' },
      ],
    });
    expect(renderSummaryTemplate(template, values, { inspections: false, framework: false, gaps: false, ranking: false }).sections).toEqual([
      { key: 'a', heading: '一、上半年', text: '发现178项' },
    ]);
  });
});
