import { describe, expect, it } from 'vitest';
import { PERMISSIONS, SYSTEM_ROLES, type RoleCode } from '@chuangwen/domain/auth/permissions';
import { MENU, isOfficeLevel, menuKeyForPath, visibleMenu } from './menu';

const keys = (permissions: readonly string[]) => visibleMenu(permissions).map((item) => item.key);

describe('visibleMenu', () => {
  it('shows only home and profile without permissions', () => {
    expect(keys([])).toEqual(['home', 'profile']);
  });

  it('shows everything to a holder of every permission', () => {
    expect(keys(PERMISSIONS)).toEqual([
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
    expect(keys(SYSTEM_ROLES[role])).toEqual(expected);
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

describe('isOfficeLevel', () => {
  it('puts steering, supervising and read-only case roles at office level, handlers and reporters not', () => {
    expect(isOfficeLevel(SYSTEM_ROLES.officeAdmin)).toBe(true);
    expect(isOfficeLevel(SYSTEM_ROLES.leader)).toBe(true);
    expect(isOfficeLevel(SYSTEM_ROLES.inspector)).toBe(true);
    expect(isOfficeLevel(SYSTEM_ROLES.unitManager)).toBe(false);
    expect(isOfficeLevel(SYSTEM_ROLES.unitHandler)).toBe(false);
    expect(isOfficeLevel(SYSTEM_ROLES.gridWorker)).toBe(false);
    expect(isOfficeLevel([])).toBe(false);
  });
});
