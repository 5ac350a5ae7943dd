import { describe, expect, it } from 'vitest';
import type { Permission } from '@chuangwen/domain/auth/permissions';
import { SYSTEM_ROLES } from '@chuangwen/domain/auth/permissions';
import { allowedActions } from '@chuangwen/domain/cases/case.workflow';
import { buildCaseInState } from '@chuangwen/domain/cases/case.factories';
import type { Actor } from '../../platform/auth/actor';
import { canViewCase, capabilitiesFor } from './case.policy';
import { shanghaiYear } from './case.create';

const actor = (grants: [role: keyof typeof SYSTEM_ROLES, unitPath: string][], userId = 9): Actor => ({
  userId,
  username: 'u',
  name: 'u',
  phone: null,
  unitId: 1,
  unitName: 'x',
  locale: 'zh-CN',
  mustChangePassword: false,
  grants: grants.map(([roleCode, unitPath]) => ({
    roleCode,
    unitId: 1,
    unitName: 'x',
    unitPath,
    wholeJurisdiction: unitPath === '/1/',
    permissions: SYSTEM_ROLES[roleCode],
  })),
  permissions: new Set(grants.flatMap(([r]) => SYSTEM_ROLES[r])) as ReadonlySet<Permission>,
});

const assigned = { responsibleUnitPath: '/1/5/', areaUnitPath: '/1/17/30/', reporterUserId: 2 };

describe('case policy', () => {
  it('the office acts as the office, never as the responsible unit', () => {
    const caps = capabilitiesFor(actor([['officeAdmin', '/1/']]), assigned);
    expect(caps).toMatchObject({ isOffice: true, isResponsibleUnit: false });
    expect(allowedActions(buildCaseInState('dispatched'), caps)).toEqual(['park', 'urge', 'comment']);
  });

  it('a handler of the responsible unit works the case; one of another unit cannot even see it', () => {
    const mine = actor([['unitHandler', '/1/5/']]);
    expect(capabilitiesFor(mine, assigned)).toMatchObject({ isOffice: false, isResponsibleUnit: true });
    expect(allowedActions(buildCaseInState('dispatched'), capabilitiesFor(mine, assigned))).toContain('submitRectification');
    const other = actor([['unitHandler', '/1/6/']]);
    expect(canViewCase(other, assigned)).toBe(false);
    expect(allowedActions(buildCaseInState('dispatched'), capabilitiesFor(other, assigned))).toEqual([]);
  });

  it('a town sees what happens on its territory; a reporter sees what it reported', () => {
    expect(canViewCase(actor([['unitManager', '/1/17/']]), assigned)).toBe(true);
    expect(canViewCase(actor([['gridWorker', '/1/99/']], 2), assigned)).toBe(true);
    expect(canViewCase(actor([['gridWorker', '/1/99/']], 3), assigned)).toBe(false);
  });

  it('numbers follow the Shanghai calendar year', () => {
    expect(shanghaiYear(new Date('2026-12-31T16:30:00Z'))).toBe(2027);
    expect(shanghaiYear(new Date('2026-12-31T15:59:00Z'))).toBe(2026);
  });
});
