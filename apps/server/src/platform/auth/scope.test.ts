import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SYSTEM_ROLES, type Permission, type RoleCode } from '@chuangwen/domain/auth/permissions';
import type { Grant } from './actor';
import { coversWholeJurisdiction, holdsWholeJurisdiction, isOfficeFor, isOfficeLevel, isUnitGrant, officeInboxGrants, scopeFlags } from './scope';

const grant = (role: RoleCode, unitPath: string, wholeJurisdiction: boolean): Grant => ({
  roleCode: role,
  unitId: 1,
  unitName: 'x',
  unitPath,
  wholeJurisdiction,
  permissions: SYSTEM_ROLES[role] as readonly Permission[],
});
const actor = (...grants: Grant[]) => ({ grants });

// A city (/1/) above two counties (/1/2/ and /1/3/), each with its own office; a town in each.
// Session.ts marks /1/ (the top), /1/2/ and /1/3/ (they hold an office) as jurisdiction units.
const CITY = '/1/';
const COUNTY = '/1/2/';
const OTHER_COUNTY = '/1/3/';
const TOWN = '/1/2/20/';

describe('the scope rule', () => {
  it('treats the office of a county under a city as whole-jurisdiction for its county only', () => {
    const admin = actor(grant('officeAdmin', COUNTY, true));
    expect(holdsWholeJurisdiction(admin, 'unit.manage')).toBe(true);
    expect(holdsWholeJurisdiction(admin, 'audit.view')).toBe(true);
    expect(isOfficeFor(admin, `${TOWN}200/`)).toBe(true);
    expect(isOfficeFor(admin, `${OTHER_COUNTY}30/`)).toBe(false);
    expect(officeInboxGrants(admin.grants).map((g) => g.unitPath)).toEqual([COUNTY]);
    expect(isOfficeLevel(admin)).toBe(true);
  });

  it('treats the city office as whole-jurisdiction over every county', () => {
    const city = actor(grant('officeAdmin', CITY, true));
    expect(isOfficeFor(city, `${OTHER_COUNTY}30/`)).toBe(true);
    expect(isOfficeFor(city, TOWN)).toBe(true);
  });

  it('keeps units below a jurisdiction on the units side, however deep the tree', () => {
    const manager = actor(grant('unitManager', TOWN, false));
    expect(isUnitGrant(manager.grants[0]!)).toBe(true);
    expect(holdsWholeJurisdiction(manager, 'unit.manage')).toBe(false);
    expect(isOfficeFor(manager, `${TOWN}200/`)).toBe(false);
    expect(officeInboxGrants(manager.grants)).toEqual([]);
    expect(isOfficeLevel(manager)).toBe(false);
  });

  it('asks the permission of the grant on the jurisdiction, not of any grant', () => {
    const g = grant('leader', COUNTY, true);
    expect(coversWholeJurisdiction(g)).toBe(true);
    expect(coversWholeJurisdiction(g, 'unit.manage')).toBe(false);
    expect(holdsWholeJurisdiction(actor(g, grant('officeAdmin', TOWN, false)), 'unit.manage')).toBe(false);
  });

  it('puts the demo roles at office level as the menu always did', () => {
    const onCounty = (role: RoleCode) => isOfficeLevel(actor(grant(role, '/1/', true)));
    const onTown = (role: RoleCode) => isOfficeLevel(actor(grant(role, '/1/7/', false)));
    expect(onCounty('officeAdmin')).toBe(true);
    expect(onCounty('leader')).toBe(true);
    expect(onCounty('inspector')).toBe(true);
    expect(onTown('unitManager')).toBe(false);
    expect(onTown('unitHandler')).toBe(false);
    expect(onTown('gridWorker')).toBe(false);
    expect(isOfficeLevel(actor())).toBe(false);
  });

  it('tells the browser the flags /api/auth/me sends', () => {
    const flags = scopeFlags(actor(grant('leader', COUNTY, true), grant('unitManager', TOWN, false)));
    expect(flags.officeLevel).toBe(false); // a unit manager handles cases, the leader grant steers none
    expect(flags.wholeJurisdiction).toEqual([...SYSTEM_ROLES.leader].sort());
  });
});

// The rule lives in scope.ts only. A hand-written copy — counting path segments, comparing a
// grant's path with the first segment — breaks the day a city sits above the counties.
describe('no hand-written copy of the scope rule', () => {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const repo = join(here, '../../../../..');
  const roots = ['apps/server/src', 'apps/web/src'].map((r) => join(repo, r));
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []));
  const COPIES = [
    /split\(['"]\/['"]\)\s*\.length/, // path depth: '/1/'.split('/').length === 3
    /split\(['"]\/['"]\)\s*\.filter\([^)]*\)\s*\.length/,
    /\.unitPath\s*(===|!==)\s*root\b/, // a grant compared with the tree's first segment
    /\bisOfficeLevel\(\s*(me\.)?permissions\b/, // the browser deriving office level from permissions
  ];

  it('finds no path-depth check outside platform/auth/scope.ts and tests', () => {
    const offenders = roots
      .flatMap(files)
      .filter((f) => !/\.test\.tsx?$/.test(f) && !f.endsWith(join('platform', 'auth', 'scope.ts')))
      .flatMap((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .map((line, i) => ({ line, at: `${relative(repo, f)}:${i + 1}` }))
          .filter(({ line }) => COPIES.some((re) => re.test(line)))
          .map(({ at, line }) => `${at}: ${line.trim()}`),
      );
    expect(offenders).toEqual([]);
  });
});
