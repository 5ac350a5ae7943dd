import { describe, expect, it } from 'vitest';
import { caseClassFor, deriveChecklist, wordingFor } from './checklist.derive';

const criterion = {
  code: 'Ⅲ-9-2',
  name: '融入日常生活',
  requirement: '实地考察（窗口单位）：行业规范醒目展示。实地考察（中小学校）：学生守则醒目展示。实地考察（城市社区）：市民公约醒目展示。',
  siteTypes: ['serviceWindow', 'school', 'community'] as const,
};

describe('checklist derivation', () => {
  it('picks the requirement segment that names the site type', () => {
    expect(wordingFor(criterion, 'serviceWindow')).toBe('融入日常生活：行业规范醒目展示');
    expect(wordingFor(criterion, 'school')).toBe('融入日常生活：学生守则醒目展示');
    expect(wordingFor(criterion, 'community')).toBe('融入日常生活：市民公约醒目展示');
    expect(wordingFor(criterion, 'park')).toContain('实地考察（窗口单位）');
  });

  it('makes one item per (criterion, site type), ordered per type', () => {
    const items = deriveChecklist([criterion, { code: 'X', name: '路灯', requirement: '路灯完好，亮灯率≥99%', siteTypes: ['mainRoad', 'community'] }]);
    expect(items.map((i) => `${i.siteType}:${i.criterionCode}:${i.sortOrder}`)).toEqual([
      'serviceWindow:Ⅲ-9-2:10',
      'school:Ⅲ-9-2:10',
      'community:Ⅲ-9-2:10',
      'mainRoad:X:10',
      'community:X:20',
    ]);
    expect(items.find((i) => i.criterionCode === 'X')).toMatchObject({ caseNature: 'facility', caseCategoryCode: '01', caseSubcategoryCode: '18' });
  });

  it('files unknown failures under "other" incidents', () => {
    expect(caseClassFor('文明礼仪宣传')).toEqual({ caseNature: 'incident', caseCategoryCode: '01', caseSubcategoryCode: '99' });
  });
});
