import { describe, expect, it } from 'vitest';
import i18n from 'i18next';
import './i18n';
import { passwordProblems, toNamePath } from './forms';

describe('toNamePath', () => {
  it('turns dotted paths with indexes into antd name paths', () => {
    expect(toNamePath('grants.0.unitId')).toEqual(['grants', 0, 'unitId']);
    expect(toNamePath(['name'])).toEqual(['name']);
  });
});

describe('passwordProblems', () => {
  const t = i18n.getFixedT('zh-CN');
  it('applies the domain password policy', () => {
    expect(passwordProblems('chuangwen2026', t)).toEqual([]);
    expect(passwordProblems('abc1', t)).toEqual(['密码至少 8 位']);
    expect(passwordProblems('abcdefghij', t)).toEqual(['密码须包含数字']);
    expect(passwordProblems('1234567890', t)).toEqual(['密码须包含字母']);
  });
});
