import { describe, expect, it } from 'vitest';
import { PERMISSIONS, SYSTEM_ROLES, type RoleCode } from '@chuangwen/domain/auth/permissions';
import { zhCN } from '../../i18n/zh-CN';
import { en } from '../../i18n/en';
import { MENU, ROUTES, menuKeyForPath, visibleMenu } from './menu';

// `officeLevel` is the server's answer (platform/auth/scope.ts); here it is what /api/auth/me
// sends for each demo user.
const keys = (permissions: readonly string[], officeLevel = false) =>
  visibleMenu({ permissions: [...permissions], scope: { officeLevel, wholeJurisdiction: [] } }).map((item) => item.key);
const OFFICE_LEVEL: Record<RoleCode, boolean> = { officeAdmin: true, leader: true, inspector: true, unitManager: false, unitHandler: false, gridWorker: false };

describe('visibleMenu', () => {
  it('shows only home and profile without permissions', () => {
    expect(keys([])).toEqual(['home', 'profile']);
  });

  it('shows everything to a holder of every permission', () => {
    expect(keys(PERMISSIONS, true)).toEqual([
      'home',
      'dashboard',
      'rankings',
      'workSummary',
      'bulletins',
      'caseInbox',
      'caseCreate',
      'cases',
      'caseMap',
      'caseMetrics',
      'citizenQueue',
      'exposures',
      'citizenStats',
      'open311Keys',
      'frameworkScore',
      'frameworkMine',
      'frameworkReview',
      'frameworkSelfAssessment',
      'frameworkMatrix',
      'frameworks',
      'rounds',
      'notices',
      'sites',
      'checklists',
      'fieldPage',
      'calendar',
      'units',
      'users',
      'roles',
      'audit',
      'exports',
      'profile',
    ]);
  });

  it.each<[RoleCode, string[]]>([
    [
      'officeAdmin',
      [
        'home',
        'dashboard',
        'rankings',
        'workSummary',
        'bulletins',
        'caseInbox',
        'caseCreate',
        'cases',
        'caseMap',
        'caseMetrics',
        'citizenQueue',
        'exposures',
        'citizenStats',
        'open311Keys',
        'frameworkScore',
        'frameworkReview',
        'frameworkSelfAssessment',
        'frameworkMatrix',
        'frameworks',
        'rounds',
        'notices',
        'sites',
        'checklists',
        'fieldPage',
        'calendar',
        'units',
        'users',
        'roles',
        'audit',
        'exports',
        'profile',
      ],
    ],
    [
      'leader',
      [
        'home',
        'dashboard',
        'rankings',
        'workSummary',
        'bulletins',
        'cases',
        'caseMap',
        'caseMetrics',
        'citizenStats',
        'frameworkScore',
        'frameworks',
        'rounds',
        'notices',
        'sites',
        'checklists',
        'units',
        'users',
        'roles',
        'audit',
        'exports',
        'profile',
      ],
    ],
    ['inspector', ['home', 'caseCreate', 'cases', 'caseMap', 'caseMetrics', 'frameworks', 'fieldPage', 'units', 'profile']],
    [
      'unitManager',
      ['home', 'bulletins', 'caseInbox', 'frameworkMine', 'frameworkSelfAssessment', 'frameworks', 'notices', 'units', 'users', 'roles', 'exports', 'profile'],
    ],
    ['unitHandler', ['home', 'bulletins', 'caseInbox', 'frameworkMine', 'frameworks', 'notices', 'units', 'exports', 'profile']],
    ['gridWorker', ['home', 'caseCreate', 'frameworks', 'units', 'profile']],
  ])('follows the permissions of the %s role', (role, expected) => {
    expect(keys(SYSTEM_ROLES[role], OFFICE_LEVEL[role])).toEqual(expected);
  });

  it('ignores unknown permissions and needs the exact code', () => {
    expect(keys(['unit.manage', 'case.viewAll'])).toEqual(['home', 'profile']);
  });

  it('requires only permissions from the domain table', () => {
    for (const item of MENU) {
      for (const p of [item.permission ?? []].flat()) expect(PERMISSIONS).toContain(p);
    }
  });
});

// The features' manifests (features/<feature>/<feature>.menu.tsx), concatenated by menu.tsx.
describe('feature menus', () => {
  it('label every item in both languages', () => {
    for (const item of MENU) {
      expect(Object.keys(zhCN), item.key).toContain(item.labelKey);
      expect(Object.keys(en), item.key).toContain(item.labelKey);
    }
  });

  it('use unique keys and paths, menu items and detail routes together', () => {
    const paths = [...MENU.map((item) => item.path), ...ROUTES.map((route) => route.path)];
    expect(new Set(paths).size).toBe(paths.length);
    expect(new Set(MENU.map((item) => item.key)).size).toBe(MENU.length);
  });

  it('guard every detail route with a permission from the domain table', () => {
    expect(ROUTES.map((route) => [route.path, route.permission])).toEqual([
      ['/cases/:id', 'case.view'],
      ['/frameworks/:id', 'framework.view'],
      ['/inspections/rounds/:id', 'inspection.view'],
    ]);
    for (const route of ROUTES) {
      for (const p of [route.permission ?? []].flat()) expect(PERMISSIONS).toContain(p);
    }
  });

  // The manifests are in the entry bundle: a page imported directly would be too.
  it('load every page lazily', () => {
    for (const { page } of [...MENU, ...ROUTES]) expect(page.$$typeof).toBe(Symbol.for('react.lazy'));
  });
});

describe('menuKeyForPath', () => {
  it('matches the longest path', () => {
    expect(menuKeyForPath('/')).toBe('home');
    expect(menuKeyForPath('/units')).toBe('units');
    expect(menuKeyForPath('/users/12')).toBe('users');
    expect(menuKeyForPath('/cases/12')).toBe('cases');
    expect(menuKeyForPath('/cases/map')).toBe('caseMap');
    expect(menuKeyForPath('/unknown')).toBeUndefined();
  });
});

describe('office-level items', () => {
  it('follow the server flag, not the permissions', () => {
    expect(keys(SYSTEM_ROLES.leader, false)).not.toContain('cases');
    expect(keys(['case.view', 'case.rectify'], true)).toEqual(expect.arrayContaining(['cases', 'caseMap', 'caseMetrics', 'caseInbox']));
  });
});
