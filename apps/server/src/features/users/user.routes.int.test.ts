import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, XSS, type Client, type TestApp } from '../../test/harness';

let t: TestApp;
let admin: Client;
let manager: Client;
type U = { id: number; code: string; kind: string; version: number };

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  manager = await t.login('manager');
});
afterAll(() => t.close());

const unit = async (code: string): Promise<U> => (await admin.get('/api/units')).json().items.find((u: U) => u.code === code);

describe('managing users', () => {
  it('creates a user with a grant; the user must change the password first, then works in scope', async () => {
    const community = await unit('339901001001');
    const res = await admin.post('/api/users', {
      username: 'Zhang.Wei',
      name: `张伟${XSS}`,
      phone: '13900000000',
      unitId: community.id,
      password: 'Temp2026pass',
      grants: [{ roleCode: 'unitHandler', unitId: community.id }],
    });
    expect(res.statusCode).toBe(201);
    const user = res.json();
    expect(user).toMatchObject({ username: 'zhang.wei', name: `张伟${XSS}`, isActive: true, grants: [{ roleCode: 'unitHandler', unitId: community.id }] });

    const zhang = await signIn(t.app, 'zhang.wei', 'Temp2026pass');
    const me = (await zhang.get('/api/auth/me')).json();
    expect(me.mustChangePassword).toBe(true);
    // Everything but the own-account routes is closed until the password is changed.
    expect((await zhang.get('/api/units')).statusCode).toBe(403);
    expect((await zhang.post('/api/auth/password', { currentPassword: 'Temp2026pass', newPassword: 'Mine2026pass' })).statusCode).toBe(200);
    const units = (await zhang.get('/api/units')).json().items;
    expect(units.map((u: U) => u.code).sort()).toEqual(['339901001001', '339901001001-G1', '339901001001-G2']);

    const dup = await admin.post('/api/users', { username: 'zhang.wei', name: 'x', unitId: community.id, password: 'Temp2026pass' });
    expect(dup.statusCode).toBe(409);
  });

  it('lists with paging, keyword, unit and role filters', async () => {
    const page = (await admin.get('/api/users?page=1&pageSize=2')).json();
    expect(page.items).toHaveLength(2);
    expect(page.total).toBeGreaterThanOrEqual(7);
    const byName = (await admin.get(`/api/users?q=${encodeURIComponent('孙丽')}`)).json();
    expect(byName.items.map((u: { username: string }) => u.username)).toEqual(['manager']);
    const town = await unit('339901001');
    const inTown = (await admin.get(`/api/users?unitId=${town.id}`)).json();
    expect(inTown.items.map((u: { username: string }) => u.username).sort()).toEqual(['grid', 'manager', 'zhang.wei']);
    const leaders = (await admin.get('/api/users?roleCode=leader')).json();
    expect(leaders.items.map((u: { username: string }) => u.username)).toEqual(['leader']);
    const bad = await admin.get('/api/users?pageSize=5000');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('querystring.pageSize');
  });

  it('limits a unit manager to the users of the town', async () => {
    const seen = (await manager.get('/api/users'))
      .json()
      .items.map((u: { username: string }) => u.username)
      .sort();
    expect(seen).toEqual(['grid', 'manager', 'zhang.wei']);
    const admins = (await admin.get('/api/users?q=admin')).json().items;
    expect((await manager.get(`/api/users/${admins[0].id}`)).statusCode).toBe(404);
    // user.view only: no writes.
    expect((await manager.post(`/api/users/${admins[0].id}/unlock`)).statusCode).toBe(403);
  });

  it('disables a user: their sessions end and they cannot sign in', async () => {
    const inspector = await t.login('inspector');
    const user = (await admin.get('/api/users?q=inspector')).json().items[0];
    const res = await admin.patch(`/api/users/${user.id}`, { version: user.version, isActive: false });
    expect(res.statusCode).toBe(200);
    expect((await inspector.get('/api/auth/me')).statusCode).toBe(401);
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'inspector', password: 'chuangwen2026' } });
    expect(login.statusCode).toBe(403);
    expect(login.json().error.code).toBe('account_disabled');
    const stale = await admin.patch(`/api/users/${user.id}`, { version: user.version, isActive: true });
    expect(stale.statusCode).toBe(409);
    expect((await admin.patch(`/api/users/${user.id}`, { version: res.json().version, isActive: true })).statusCode).toBe(200);
  });

  it('refuses to let an admin disable themselves', async () => {
    const me = (await admin.get('/api/users?q=admin')).json().items[0];
    const res = await admin.patch(`/api/users/${me.id}`, { version: me.version, isActive: false });
    expect(res.statusCode).toBe(400);
  });

  it('resets a password: the user must change it at the next sign-in', async () => {
    const user = (await admin.get('/api/users?q=leader')).json().items[0];
    expect((await admin.post(`/api/users/${user.id}/reset-password`, { password: 'Reset2026pass' })).statusCode).toBe(200);
    const leader = await signIn(t.app, 'leader', 'Reset2026pass');
    expect((await leader.get('/api/auth/me')).json().mustChangePassword).toBe(true);
  });

  it('changes grants, and the change takes effect at once', async () => {
    const handler = await t.login('handler');
    expect((await handler.get('/api/users')).statusCode).toBe(403);
    const user = (await admin.get('/api/users?q=handler')).json().items[0];
    const dept = await unit('339901-D03');
    const res = await admin.patch(`/api/users/${user.id}`, { version: user.version, grants: [{ roleCode: 'unitManager', unitId: dept.id }] });
    expect(res.statusCode).toBe(200);
    expect((await handler.get('/api/users')).statusCode).toBe(200);
    const trail = (await admin.get(`/api/audit?entityType=user&entityId=${user.id}`)).json().items[0];
    expect(trail.before.grants[0].roleCode).toBe('unitHandler');
    expect(trail.after.grants[0].roleCode).toBe('unitManager');
  });
});

describe('roles', () => {
  it('lists the seed roles with their permissions', async () => {
    const items = (await admin.get('/api/roles')).json().items;
    expect(items.map((r: { code: string }) => r.code)).toEqual(
      expect.arrayContaining(['officeAdmin', 'leader', 'inspector', 'unitManager', 'unitHandler', 'gridWorker']),
    );
    const leader = items.find((r: { code: string }) => r.code === 'leader');
    // Leaders read, and may export what they read as ledgers (台账).
    expect(leader.permissions.every((p: string) => p.endsWith('.view') || p === 'ledger.export')).toBe(true);
    expect(leader.permissions).toContain('ledger.export');
  });
});
