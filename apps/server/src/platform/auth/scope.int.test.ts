import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../db/db';
import { createTestApp, type Client, type TestApp } from '../../test/harness';

// A deployment with a city ABOVE the demo county: the county (with its civilization office) is no
// longer the top of the tree, yet its office still covers the whole county. Path depth would say
// otherwise (the county's path grows from '/1/' to '/C/1/').

let t: TestApp;
let admin: Client;
let manager: Client;
beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const [city] = rowsOf<{ id: number }>(
    await db.execute(sql`insert into units (kind, name, code, path, depth) values ('district', '示范市<script>', 'CITY-TEST', '/', 0) returning id`),
  );
  const prefix = `/${city!.id}`;
  await db.execute(sql`update units set path = ${prefix} || path, depth = depth + 1 where id <> ${city!.id}`);
  await db.execute(sql`update units set parent_id = ${city!.id} where parent_id is null and id <> ${city!.id}`);
  await db.execute(sql`update units set path = ${`${prefix}/`} where id = ${city!.id}`);
  // Every denormalised unit path follows the move.
  const columns = rowsOf<{ table_name: string; column_name: string }>(
    await db.execute(
      sql`select table_name, column_name from information_schema.columns where table_schema = current_schema() and column_name like '%unit_path'`,
    ),
  );
  for (const c of columns) {
    await db.execute(sql.raw(`update "${c.table_name}" set "${c.column_name}" = '${prefix}' || "${c.column_name}" where "${c.column_name}" is not null`));
  }
  await db.execute(sql`insert into audit_log (action, entity_type) values ('system.test', 'system')`);
  admin = await t.login('admin');
  manager = await t.login('manager');
});
afterAll(() => t.close());

describe('a county below a city', () => {
  it('keeps the county office at office level, covering the whole county', async () => {
    const me = (await admin.get('/api/auth/me')).json();
    expect(me.scope.officeLevel).toBe(true);
    expect(me.scope.wholeJurisdiction).toEqual(expect.arrayContaining(['unit.manage', 'audit.view', 'case.dispatch', 'framework.edit']));
  });

  it('keeps a town manager on the units side', async () => {
    const me = (await manager.get('/api/auth/me')).json();
    expect(me.scope).toEqual({ officeLevel: false, wholeJurisdiction: [] });
  });

  it('shows the county office the unit-less audit entries (whole tree), not the town', async () => {
    const actions = (c: Client) => c.get('/api/audit?entityType=system').then((r) => r.json().items.map((e: { action: string }) => e.action));
    expect(await actions(admin)).toContain('system.test');
    expect((await manager.get('/api/audit')).statusCode).toBe(403);
  });

  it('lets the county office add a unit under the county', async () => {
    const units = (await admin.get('/api/units')).json().items as { id: number; code: string }[];
    const county = units.find((u) => u.code === '339901')!;
    const res = await admin.post('/api/units', { parentId: county.id, kind: 'department', name: '新部门', code: '339901-DX' });
    expect(res.statusCode, res.body).toBe(201);
  });
});
