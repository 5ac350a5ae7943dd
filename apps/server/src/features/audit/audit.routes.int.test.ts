import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type Client, type TestApp } from '../../test/harness';

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
});
afterAll(() => t.close());

describe('audit trail', () => {
  it('records who, when, from where, what, before and after for a write', async () => {
    const units = (await admin.get('/api/units')).json().items;
    const dept = units.find((u: { code: string }) => u.code === '339901-D05');
    await admin.patch(`/api/units/${dept.id}`, { version: dept.version, shortName: '交警大队' });
    const [entry] = (await admin.get(`/api/audit?entityType=unit&entityId=${dept.id}`)).json().items;
    expect(entry).toMatchObject({
      action: 'unit.update',
      entityType: 'unit',
      entityId: String(dept.id),
      unitId: dept.id,
      actorName: '王建华 (admin)',
      ip: '127.0.0.1',
      before: { shortName: null },
      after: { shortName: '交警大队' },
    });
    expect(new Date(entry.at).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('never stores password hashes', async () => {
    const unit = (await admin.get('/api/units')).json().items.find((u: { kind: string }) => u.kind === 'office');
    await admin.post('/api/users', { username: 'secretive', name: '甲', unitId: unit.id, password: 'Secret2026pass' });
    const res = await admin.get('/api/audit?q=secretive');
    const text = JSON.stringify(res.json());
    expect(text).toContain('secretive');
    expect(text).not.toMatch(/argon2|Secret2026pass/);
  });

  it('pages with a keyset cursor and filters by time', async () => {
    const first = (await admin.get('/api/audit?limit=2')).json();
    expect(first.items).toHaveLength(2);
    const second = (await admin.get(`/api/audit?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.items[0].id).toBeLessThan(first.items[1].id);
    const future = (await admin.get(`/api/audit?from=${encodeURIComponent(new Date(Date.now() + 3600_000).toISOString())}`)).json();
    expect(future.items).toEqual([]);
  });

  it('cannot be edited: the database refuses UPDATE and DELETE', async () => {
    await expect(t.database.db.execute(sql`update audit_log set action = 'x'`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`delete from audit_log`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`truncate audit_log`)).rejects.toThrow();
  });

  it('is closed to roles without audit.view', async () => {
    const handler = await t.login('handler');
    expect((await handler.get('/api/audit')).statusCode).toBe(403);
  });
});
