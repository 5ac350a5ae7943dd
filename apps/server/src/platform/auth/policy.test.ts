import { describe, expect, it } from 'vitest';
import type { Actor } from './actor';
import { canOnPath, scopeOf } from './policy';

const actor = (grants: { unitPath: string; permissions: string[] }[]): Actor => ({
  userId: 1,
  username: 'u',
  name: 'u',
  phone: null,
  unitId: 1,
  unitName: 'x',
  locale: 'zh-CN',
  mustChangePassword: false,
  grants: grants.map((g, i) => ({
    roleCode: 'r',
    unitId: i + 1,
    unitName: 'x',
    unitPath: g.unitPath,
    wholeJurisdiction: g.unitPath === '/1/',
    permissions: g.permissions as never,
  })),
  permissions: new Set(grants.flatMap((g) => g.permissions)) as never,
});

describe('unit-subtree policy', () => {
  it('folds nested grants into their outermost subtree', () => {
    const a = actor([
      { unitPath: '/1/5/', permissions: ['unit.view'] },
      { unitPath: '/1/5/9/', permissions: ['unit.view', 'unit.manage'] },
      { unitPath: '/1/7/', permissions: ['unit.view'] },
    ]);
    expect(scopeOf(a, 'unit.view')).toEqual(['/1/5/', '/1/7/']);
    expect(scopeOf(a, 'unit.manage')).toEqual(['/1/5/9/']);
    expect(scopeOf(a, 'user.manage')).toEqual([]);
  });

  it('grants on a subtree, never on siblings or ancestors (default deny)', () => {
    const a = actor([{ unitPath: '/1/5/', permissions: ['unit.manage'] }]);
    expect(canOnPath(a, 'unit.manage', '/1/5/')).toBe(true);
    expect(canOnPath(a, 'unit.manage', '/1/5/12/40/')).toBe(true);
    expect(canOnPath(a, 'unit.manage', '/1/')).toBe(false);
    expect(canOnPath(a, 'unit.manage', '/1/55/')).toBe(false); // a prefix of digits is not a subtree
    expect(canOnPath(a, 'unit.view', '/1/5/')).toBe(false);
  });
});
