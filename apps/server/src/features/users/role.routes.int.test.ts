import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { SYSTEM_ROLES } from '@chuangwen/domain/auth/permissions';
import { createTestApp, signIn, XSS, type Client, type TestApp } from '../../test/harness';
import { syncRoles } from '../../platform/bootstrap';

let t: TestApp;
let admin: Client;
type U = { id: number; code: string; name: string };
type R = { code: string; name: string | null; isSystem: boolean; permissions: string[]; grantCount: number };
const units = new Map<string, U>();

beforeAll(async () => {
  // A long session cache: a role change must evict the holders' sessions, not wait for expiry.
  t = await createTestApp({ sessionCacheMs: 60_000, loginRateLimit: { max: 1000, windowMs: 60_000 } });
  admin = await t.login('admin');
  for (const u of (await admin.get('/api/units')).json().items as U[]) units.set(u.code, u);
});
afterAll(() => t.close());

const unit = (code: string) => units.get(code)!;
const COUNTY = '339901';
const TOWN = '339901001';
const COMMUNITY = '339901001001';
const DEPT = '339901-D03';

const roles = async (): Promise<R[]> => (await admin.get('/api/roles')).json().items;
const role = async (code: string) => (await roles()).find((r) => r.code === code);
const trail = async (code: string) => (await admin.get(`/api/audit?entityType=role&entityId=${code}`)).json().items;

/** A new user with `grants`, signed in with the password already changed (ready to work). */
async function userWith(username: string, grants: { roleCode: string; unitId: number }[], unitId = unit(COUNTY).id) {
  const res = await admin.post('/api/users', { username, name: `${username}${XSS}`, unitId, password: 'Temp2026pass', grants });
  expect(res.statusCode, res.body).toBe(201);
  const client = await signIn(t.app, username, 'Temp2026pass');
  expect((await client.post('/api/auth/password', { currentPassword: 'Temp2026pass', newPassword: 'Works2026pass' })).statusCode).toBe(200);
  return { client, user: res.json() as { id: number; version: number } };
}

describe('listing roles', () => {
  it('returns the system roles without names, with their permissions and grant counts', async () => {
    const list = await roles();
    const office = list.find((r) => r.code === 'officeAdmin')!;
    expect(office).toMatchObject({ name: null, isSystem: true, grantCount: 1 });
    expect(office.permissions).toContain('role.manage');
    expect(office.permissions).not.toContain('evidence.submit');
    expect(list.find((r) => r.code === 'leader')!.permissions).not.toContain('role.manage');
    // A unit manager reads roles (user.view) but may not define them.
    const manager = await t.login('manager');
    expect((await manager.get('/api/roles')).statusCode).toBe(200);
    expect((await manager.post('/api/roles', { code: 'townRole', name: 'x', permissions: ['case.view'] })).statusCode).toBe(403);
  });
});

describe('defining a custom role', () => {
  it('creates a role: trimmed name, repeats dropped, listed after the system roles, audited', async () => {
    const res = await admin.post('/api/roles', {
      code: 'streetCleaner',
      name: `  ${XSS}街面保洁员  `,
      permissions: ['case.view', 'case.rectify', 'case.view'],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toEqual({ code: 'streetCleaner', name: `${XSS}街面保洁员`, isSystem: false, permissions: ['case.view', 'case.rectify'], grantCount: 0 });
    const list = await roles();
    expect(list.findIndex((r) => r.code === 'streetCleaner')).toBeGreaterThan(list.findIndex((r) => r.code === 'gridWorker'));
    const [entry] = await trail('streetCleaner');
    expect(entry).toMatchObject({
      action: 'role.create',
      entityType: 'role',
      before: null,
      after: { code: 'streetCleaner', name: `${XSS}街面保洁员`, permissions: ['case.view', 'case.rectify'] },
    });
    expect(entry.actorName).toContain('admin');
  });

  it.each([
    ['a code starting with a digit', { code: '1cleaner', name: 'x', permissions: ['case.view'] }, 'code'],
    ['a code too short', { code: 'ab', name: 'x', permissions: ['case.view'] }, 'code'],
    ['a code with a dash', { code: 'street-cleaner', name: 'x', permissions: ['case.view'] }, 'code'],
    ['an unknown permission', { code: 'flyer', name: 'x', permissions: ['case.view', 'case.fly'] }, 'permissions.1'],
    ['no permissions', { code: 'emptyRole', name: 'x', permissions: [] }, 'permissions'],
    ['a blank name', { code: 'blankName', name: '   ', permissions: ['case.view'] }, 'name'],
    ['a name too long', { code: 'longName', name: '名'.repeat(41), permissions: ['case.view'] }, 'name'],
    ['an unknown field', { code: 'extraField', name: 'x', permissions: ['case.view'], isSystem: true }, 'isSystem'],
    ['a missing name', { code: 'noName', permissions: ['case.view'] }, 'name'],
  ])('refuses %s as a field error', async (_, body, path) => {
    const res = await admin.post('/api/roles', body);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe('validation_failed');
    expect(res.json().error.details.map((d: { path: string }) => d.path)).toEqual([path]);
    expect(await role(String(body.code))).toBeUndefined();
  });

  it('refuses a code already taken, also by a system role and regardless of case', async () => {
    for (const code of ['streetCleaner', 'streetcleaner', 'officeAdmin', 'officeadmin']) {
      const res = await admin.post('/api/roles', { code, name: '重复', permissions: ['case.view'] });
      expect(res.statusCode, code).toBe(409);
      expect(res.json().error).toMatchObject({ code: 'role_exists', details: [{ path: 'code' }] });
    }
    const en = await admin.request(
      'POST',
      '/api/roles',
      { code: 'streetCleaner', name: 'x', permissions: ['case.view'] },
      { headers: { 'accept-language': 'en' } },
    );
    expect(en.json().error.message).toBe('Role code "streetCleaner" is already taken; choose another code');
  });

  it('refuses to change or delete a system role, and answers 404 for unknown codes', async () => {
    const patch = await admin.patch('/api/roles/officeAdmin', { name: '超级管理员' });
    expect(patch.statusCode).toBe(409);
    expect(patch.json().error).toMatchObject({ code: 'role_system', message: '“officeAdmin”是系统角色，不能修改或删除' });
    expect((await admin.delete('/api/roles/leader')).json().error.code).toBe('role_system');
    expect((await role('officeAdmin'))!.name).toBeNull();
    expect((await admin.patch('/api/roles/noSuchRole', { name: 'x' })).statusCode).toBe(404);
    expect((await admin.delete('/api/roles/noSuchRole')).statusCode).toBe(404);
    expect((await admin.patch('/api/roles/streetCleaner', { permissions: [] })).statusCode).toBe(400);
    expect((await admin.patch('/api/roles/streetCleaner', { code: 'renamed' })).statusCode).toBe(400);
  });
});

describe('a custom role in grants', () => {
  let cleaner: Client;
  let cleanerId: number;

  it('gives a user exactly the role’s permissions, named in the user and in their own session', async () => {
    const made = await userWith('cleaner.li', [{ roleCode: 'streetCleaner', unitId: unit(COMMUNITY).id }], unit(COMMUNITY).id);
    cleaner = made.client;
    cleanerId = made.user.id;
    const me = (await cleaner.get('/api/auth/me')).json();
    expect(me.permissions).toEqual(['case.rectify', 'case.view']);
    expect(me.grants).toEqual([{ roleCode: 'streetCleaner', roleName: `${XSS}街面保洁员`, unitId: unit(COMMUNITY).id, unitName: unit(COMMUNITY).name }]);
    expect((await cleaner.get('/api/units')).statusCode).toBe(403);
    expect((await cleaner.get('/api/cases')).statusCode).toBe(200);

    const seen = (await admin.get(`/api/users/${cleanerId}`)).json();
    expect(seen.grants[0]).toMatchObject({ roleCode: 'streetCleaner', roleName: `${XSS}街面保洁员` });
    const filtered = (await admin.get('/api/users?roleCode=streetCleaner')).json().items.map((u: { username: string }) => u.username);
    expect(filtered).toEqual(['cleaner.li']);
    expect((await admin.get('/api/users?roleCode=no-such!')).statusCode).toBe(400);
    expect((await role('streetCleaner'))!.grantCount).toBe(1);
  });

  it('applies a change of the role at once to everyone holding it', async () => {
    // The cleaner's session is cached (60 s here); the edit must evict it.
    expect((await cleaner.get('/api/units')).statusCode).toBe(403);
    const res = await admin.patch('/api/roles/streetCleaner', { permissions: ['case.view', 'case.rectify', 'unit.view'] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ code: 'streetCleaner', permissions: ['case.view', 'case.rectify', 'unit.view'], grantCount: 1 });
    expect((await cleaner.get('/api/units')).statusCode).toBe(200);
    expect((await cleaner.get('/api/auth/me')).json().permissions).toEqual(['case.rectify', 'case.view', 'unit.view']);

    expect((await admin.patch('/api/roles/streetCleaner', { name: '街面保洁' })).statusCode).toBe(200);
    expect((await cleaner.get('/api/auth/me')).json().grants[0].roleName).toBe('街面保洁');
    // Taking a permission away applies at once too.
    expect((await admin.patch('/api/roles/streetCleaner', { permissions: ['case.view', 'case.rectify'] })).statusCode).toBe(200);
    expect((await cleaner.get('/api/units')).statusCode).toBe(403);

    const [last, rename, widen] = await trail('streetCleaner');
    expect(widen).toMatchObject({
      action: 'role.update',
      before: { permissions: ['case.view', 'case.rectify'] },
      after: { permissions: ['case.view', 'case.rectify', 'unit.view'] },
    });
    expect(rename).toMatchObject({ action: 'role.update', before: { name: `${XSS}街面保洁员` }, after: { name: '街面保洁' } });
    expect(last).toMatchObject({ before: { permissions: ['case.view', 'case.rectify', 'unit.view'] }, after: { permissions: ['case.view', 'case.rectify'] } });
    // Saving what is already there writes nothing.
    expect((await admin.patch('/api/roles/streetCleaner', { name: '街面保洁' })).statusCode).toBe(200);
    expect(await trail('streetCleaner')).toHaveLength(4);
  });

  it('refuses to delete a role still granted, naming how many grants use it', async () => {
    const res = await admin.delete('/api/roles/streetCleaner');
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'role_in_use', message: '角色“街面保洁”还有 1 项授权在用，请先在用户管理中收回这些授权再删除' });
    expect(await role('streetCleaner')).toBeDefined();
  });

  it('refuses a grant of an unknown role as a field error and writes nothing', async () => {
    const created = await admin.post('/api/users', {
      username: 'ghost.role',
      name: '幽灵',
      unitId: unit(COUNTY).id,
      password: 'Temp2026pass',
      grants: [
        { roleCode: 'streetCleaner', unitId: unit(TOWN).id },
        { roleCode: 'noSuchRole', unitId: unit(TOWN).id },
      ],
    });
    expect(created.statusCode).toBe(400);
    expect(created.json().error).toMatchObject({ code: 'validation_failed', details: [{ path: 'grants.1.roleCode', message: '角色不存在' }] });
    expect((await admin.get('/api/users?q=ghost.role')).json().total).toBe(0);

    const before = (await admin.get(`/api/users/${cleanerId}`)).json();
    const updated = await admin.request(
      'PATCH',
      `/api/users/${cleanerId}`,
      { version: before.version, grants: [{ roleCode: 'noSuchRole', unitId: unit(TOWN).id }] },
      { headers: { 'accept-language': 'en' } },
    );
    expect(updated.statusCode).toBe(400);
    expect(updated.json().error.details).toEqual([{ path: 'grants.0.roleCode', message: 'No such role' }]);
    const after = (await admin.get(`/api/users/${cleanerId}`)).json();
    expect(after).toMatchObject({ version: before.version, grants: before.grants });

    const malformed = await admin.post('/api/users', {
      username: 'bad.code',
      name: 'x',
      unitId: unit(COUNTY).id,
      password: 'Temp2026pass',
      grants: [{ roleCode: 'no such', unitId: unit(TOWN).id }],
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.details[0].path).toBe('grants.0.roleCode');
  });

  it('deletes a role once its grants are withdrawn, audited; a second delete is 404', async () => {
    const user = (await admin.get(`/api/users/${cleanerId}`)).json();
    expect((await admin.patch(`/api/users/${cleanerId}`, { version: user.version, grants: [] })).statusCode).toBe(200);
    expect((await admin.delete('/api/roles/streetCleaner')).statusCode).toBe(204);
    expect(await role('streetCleaner')).toBeUndefined();
    const [entry] = await trail('streetCleaner');
    expect(entry).toMatchObject({
      action: 'role.delete',
      before: { code: 'streetCleaner', name: '街面保洁', permissions: ['case.view', 'case.rectify'] },
      after: null,
    });
    expect((await admin.delete('/api/roles/streetCleaner')).statusCode).toBe(404);
  });
});

describe('no privilege escalation through roles', () => {
  it('refuses a permission the caller does not hold, naming it — the office admin does not submit evidence', async () => {
    const res = await admin.post('/api/roles', { code: 'evidenceClerk', name: '材料员', permissions: ['framework.view', 'evidence.submit'] });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({
      code: 'forbidden',
      message: '您本人不具备以下权限，不能把它们放进角色：“提交申报材料”（evidence.submit）',
      details: [{ path: 'permissions' }],
    });
    expect(await role('evidenceClerk')).toBeUndefined();
    expect(await trail('evidenceClerk')).toEqual([]);
  });

  it('lets a role manager bundle only what they hold, also when editing their own role', async () => {
    expect(
      (await admin.post('/api/roles', { code: 'roleKeeper', name: '角色管理员', permissions: ['role.manage', 'user.view', 'case.view'] })).statusCode,
    ).toBe(201);
    const { client: keeper } = await userWith('role.keeper', [{ roleCode: 'roleKeeper', unitId: unit(COUNTY).id }]);

    const wider = await keeper.request(
      'POST',
      '/api/roles',
      { code: 'unitAdmin', name: 'x', permissions: ['case.view', 'unit.manage', 'audit.view'] },
      { headers: { 'accept-language': 'en' } },
    );
    expect(wider.statusCode).toBe(403);
    expect(wider.json().error.message).toBe(
      'You do not hold these permissions yourself, so you cannot put them in a role: "Manage units" (unit.manage), "View audit trail" (audit.view)',
    );
    // Editing the own role is handing out permissions too.
    expect((await keeper.patch('/api/roles/roleKeeper', { permissions: ['role.manage', 'user.view', 'case.view', 'case.dispatch'] })).statusCode).toBe(403);
    expect((await role('roleKeeper'))!.permissions).toEqual(['role.manage', 'user.view', 'case.view']);

    expect((await keeper.post('/api/roles', { code: 'caseReader', name: '问题查阅', permissions: ['case.view'] })).statusCode).toBe(201);
    expect((await keeper.patch('/api/roles/caseReader', { name: '问题查阅员' })).statusCode).toBe(200);
  });

  it('refuses to add a permission to a role granted where the editor does not hold it', async () => {
    // A town-level role manager: unit.view on the town only.
    expect(
      (await admin.post('/api/roles', { code: 'townSteward', name: '镇角色管理员', permissions: ['role.manage', 'unit.view', 'case.view'] })).statusCode,
    ).toBe(201);
    const { client: steward } = await userWith('town.steward', [{ roleCode: 'townSteward', unitId: unit(TOWN).id }], unit(TOWN).id);
    await userWith('dept.reader', [{ roleCode: 'caseReader', unitId: unit(DEPT).id }], unit(DEPT).id);

    const res = await steward.patch('/api/roles/caseReader', { permissions: ['case.view', 'unit.view'] });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toBe(`该角色已授予“${unit(DEPT).name}”等单位的用户，您在那里不具备以下权限，不能把它们加入角色：“查看单位”（unit.view）`);

    expect((await steward.post('/api/roles', { code: 'townReader', name: '镇查阅', permissions: ['case.view'] })).statusCode).toBe(201);
    await userWith('town.reader', [{ roleCode: 'townReader', unitId: unit(COMMUNITY).id }], unit(COMMUNITY).id);
    expect((await steward.patch('/api/roles/townReader', { permissions: ['case.view', 'unit.view'] })).statusCode).toBe(200);
  });

  it('treats role.manage as administrative: granting a role that carries it needs it', async () => {
    expect(
      (await admin.post('/api/roles', { code: 'userKeeper', name: '用户管理员', permissions: ['unit.view', 'user.view', 'user.manage'] })).statusCode,
    ).toBe(201);
    const { client: keeper } = await userWith('user.keeper', [{ roleCode: 'userKeeper', unitId: unit(COUNTY).id }]);
    const refused = await keeper.post('/api/users', {
      username: 'made.keeper',
      name: 'x',
      unitId: unit(COUNTY).id,
      password: 'Temp2026pass',
      grants: [{ roleCode: 'roleKeeper', unitId: unit(COUNTY).id }],
    });
    expect(refused.statusCode).toBe(403);
    const allowed = await keeper.post('/api/users', {
      username: 'made.reader',
      name: 'x',
      unitId: unit(COUNTY).id,
      password: 'Temp2026pass',
      grants: [{ roleCode: 'caseReader', unitId: unit(COUNTY).id }],
    });
    expect(allowed.statusCode, allowed.body).toBe(201);
  });
});

describe('start-up sync', () => {
  it('restores the system roles and leaves custom roles untouched', async () => {
    const before = await roles();
    await t.database.db.execute(sql`update roles set permissions = array['unit.view'] where code = 'gridWorker'`);
    await syncRoles(t.database.db);
    const after = await roles();
    expect(after).toEqual(before);
    expect(after.find((r) => r.code === 'gridWorker')!.permissions).toEqual([...SYSTEM_ROLES.gridWorker]);
    expect(after.find((r) => r.code === 'roleKeeper')).toMatchObject({
      name: '角色管理员',
      isSystem: false,
      permissions: ['role.manage', 'user.view', 'case.view'],
    });
  });
});
