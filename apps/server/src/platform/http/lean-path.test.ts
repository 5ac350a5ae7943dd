import { describe, expect, it } from 'vitest';
import { asciiJson } from './lean-path';

describe('asciiJson', () => {
  it('writes every non-ASCII character as an escape and keeps the same JSON value', () => {
    const value = { name: '陈志明', unit: '示范县 · 城关镇', emoji: '😀', sep: '\u2028', plain: 'a"b\\c' };
    const out = asciiJson(JSON.stringify(value));
    expect(out).toMatch(/^[\x20-\x7e]*$/);
    expect(out).toContain('\\u9648\\u5fd7\\u660e');
    expect(out).toContain('\\ud83d\\ude00'); // a surrogate pair stays two escapes, as JSON allows
    expect(JSON.parse(out)).toEqual(value);
  });

  it('leaves ASCII JSON as it is', () => {
    const json = JSON.stringify({ a: 1, b: ['x', null, true] });
    expect(asciiJson(json)).toBe(json);
  });
});
