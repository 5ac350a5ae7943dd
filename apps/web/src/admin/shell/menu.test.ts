import { describe, expect, it } from 'vitest';
import { PERMISSIONS, SYSTEM_ROLES, type RoleCode } from '@chuangwen/domain/auth/permissions';
import { MENU, menuKeyForPath, visibleMenu } from './menu';

const keys = (permissions: readonly string[]) => visibleMenu(permissions).map((item) => item.key);

describe('visibleMenu', () => {
  it('shows only home and profile without permissions', () => {
    expect(keys([])).toEqual(['home', 'profile']);
  });

  it('shows everything to a holder of every permission', () => {
    expect(keys(PERMISSIONS)).toEqual(['home', 'units', 'users', 'audit', 'profile']);
  });

  it.each<[RoleCode, string[]]>([
    ['officeAdmin', ['home', 'units', 'users', 'audit', 'profile']],
    ['leader', ['home', 'units', 'users', 'audit', 'profile']],
    ['inspector', ['home', 'units', 'profile']],
    ['unitManager', ['home', 'units', 'users', 'profile']],
    ['unitHandler', ['home', 'units', 'profile']],
    ['gridWorker', ['home', 'units', 'profile']],
  ])('follows the permissions of the %s role', (role, expected) => {
    expect(keys(SYSTEM_ROLES[role])).toEqual(expected);
  });

  it('ignores unknown permissions and needs the exact code', () => {
    expect(keys(['unit.manage', 'case.view'])).toEqual(['home', 'profile']);
  });

  it('requires only permissions from the domain table', () => {
    for (const item of MENU) {
      if (item.permission) expect(PERMISSIONS).toContain(item.permission);
    }
  });
});

describe('menuKeyForPath', () => {
  it('matches the longest path', () => {
    expect(menuKeyForPath('/')).toBe('home');
    expect(menuKeyForPath('/units')).toBe('units');
    expect(menuKeyForPath('/users/12')).toBe('users');
    expect(menuKeyForPath('/unknown')).toBeUndefined();
  });
});
