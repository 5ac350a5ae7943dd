import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestApp, multipart, XSS, type Client, type TestApp } from '../../test/harness';

let t: TestApp;
let admin: Client;
let manager: Client;
type U = { id: number; code: string; name: string; kind: string; parentId: number | null; path: string; version: number };

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  manager = await t.login('manager');
});
afterAll(() => t.close());

const units = async (c: Client, query = ''): Promise<U[]> => (await c.get(`/api/units${query}`)).json().items;
const byCode = async (code: string) => (await units(admin)).find((u) => u.code === code)!;

async function sheet(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('单位');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const importFile = (c: Client, buffer: Buffer) => {
  const { payload, headers } = multipart(buffer, 'units.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  return c.request('POST', '/api/units/import', undefined, { payload, headers });
};

describe('the demo county', () => {
  it('has 6+ towns/subdistricts, 20+ communities/villages, 12+ departments and grids with polygons', async () => {
    const all = await units(admin);
    const count = (kinds: string[]) => all.filter((u) => kinds.includes(u.kind)).length;
    expect(count(['town', 'subdistrict'])).toBeGreaterThanOrEqual(6);
    expect(count(['community', 'village'])).toBeGreaterThanOrEqual(20);
    expect(count(['department'])).toBeGreaterThanOrEqual(12);
    expect(count(['grid'])).toBeGreaterThan(0);
    const grid = all.find((u) => u.kind === 'grid')!;
    const detail = (await admin.get(`/api/units/${grid.id}`)).json();
    expect(detail.geometry.type).toBe('Polygon');
  });
});

describe('row-level scope', () => {
  it('shows a town manager only the town’s subtree', async () => {
    const mine = await units(manager);
    const town = mine.find((u) => u.kind === 'subdistrict')!;
    expect(town.name).toBe('城关街道');
    expect(mine.every((u) => u.path.startsWith(town.path))).toBe(true);
    const outside = await byCode('339901-D01');
    expect((await manager.get(`/api/units/${outside.id}`)).statusCode).toBe(404);
  });

  it('refuses writes to a role without unit.manage', async () => {
    const town = await byCode('339901001');
    const res = await manager.post('/api/units', { parentId: town.id, kind: 'community', name: 'x', code: 'X1' });
    expect(res.statusCode).toBe(403);
  });
});

describe('managing units', () => {
  it('creates, edits with a version check, moves and deletes a unit, with an audit trail', async () => {
    const town = await byCode('339901001');
    const created = await admin.post('/api/units', { parentId: town.id, kind: 'community', name: `新建社区${XSS}`, code: '339901001099', sortOrder: 9 });
    expect(created.statusCode).toBe(201);
    const unit: U = created.json();
    expect(unit.name).toBe(`新建社区${XSS}`);
    expect(unit.path).toBe(`${town.path}${unit.id}/`);

    const grid = await admin.post('/api/units', {
      parentId: unit.id,
      kind: 'grid',
      name: '网格',
      code: '339901001099-G1',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [119.6, 29.9],
            [119.61, 29.9],
            [119.61, 29.91],
            [119.6, 29.9],
          ],
        ],
      },
    });
    expect(grid.statusCode).toBe(201);

    const edited = await admin.patch(`/api/units/${unit.id}`, { version: unit.version, name: '新建社区' });
    expect(edited.statusCode).toBe(200);
    const stale = await admin.patch(`/api/units/${unit.id}`, { version: unit.version, name: '冲突' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('conflict');

    // Move the community, with its grid, to another town: the subtree's paths follow.
    const other = await byCode('339901002');
    const moved = await admin.patch(`/api/units/${unit.id}`, { version: edited.json().version, parentId: other.id });
    expect(moved.statusCode).toBe(200);
    const movedGrid = await byCode('339901001099-G1');
    expect(movedGrid.path).toBe(`${other.path}${unit.id}/${movedGrid.id}/`);

    // A unit with children cannot be deleted; an empty one can.
    expect((await admin.delete(`/api/units/${unit.id}`)).statusCode).toBe(409);
    expect((await admin.delete(`/api/units/${movedGrid.id}`)).statusCode).toBe(204);
    expect((await admin.delete(`/api/units/${unit.id}`)).statusCode).toBe(204);

    const trail = (await admin.get(`/api/audit?entityType=unit&entityId=${unit.id}`)).json().items;
    expect(trail.map((e: { action: string }) => e.action)).toEqual(['unit.delete', 'unit.update', 'unit.update', 'unit.create']);
    expect(trail[2].before.name).toBe(`新建社区${XSS}`);
    expect(trail[2].after.name).toBe('新建社区');
  });

  it('enforces the kind hierarchy, refuses cycles and duplicate codes', async () => {
    const town = await byCode('339901001');
    const county = await byCode('339901');
    const wrong = await admin.post('/api/units', { parentId: town.id, kind: 'department', name: '错位部门', code: 'BAD1' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details[0].path).toBe('parentId');
    const dup = await admin.post('/api/units', { parentId: county.id, kind: 'department', name: '重复', code: '339901-D01' });
    expect(dup.statusCode).toBe(409);
    const community = await byCode('339901001001');
    const cycle = await admin.patch(`/api/units/${town.id}`, { version: town.version, parentId: community.id });
    expect(cycle.statusCode).toBe(400);
    const geo = await admin.post('/api/units', {
      parentId: town.id,
      kind: 'community',
      name: 'x',
      code: 'GEO1',
      geometry: { type: 'Point', coordinates: [1, 2] },
    });
    expect(geo.statusCode).toBe(400);
    expect(geo.json().error.details.some((d: { path: string }) => d.path.startsWith('geometry'))).toBe(true);
  });
});

describe('Excel', () => {
  it('exports the tree and re-imports it unchanged (round trip updates every row)', async () => {
    const res = await admin.get('/api/units/export.xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).values).toEqual([undefined, '编码', '名称', '简称', '类型', '上级编码', '排序', '边界GeoJSON']);
    const total = (await units(admin)).length;
    expect(ws.rowCount).toBe(total + 1);
    const again = await importFile(admin, res.rawPayload);
    expect(again.statusCode, again.body.slice(0, 500)).toBe(200);
    expect(again.json()).toEqual({ created: 0, updated: total });
  });

  it('imports new units in any row order, parents resolved within the file', async () => {
    const file = await sheet([
      ['编码', '名称', '类型', '上级编码', '排序'],
      ['339901001001-G9', '文昌社区第9网格', '网格', '339901001001', 9],
      ['339901-D99', '县城市管理局', '职能部门', '339901', ''],
      ['339901-D99-1', '市容科', 'department', '339901-D99', 1],
    ]);
    const res = await importFile(admin, file);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ created: 3, updated: 0 });
    expect((await byCode('339901-D99-1')).parentId).toBe((await byCode('339901-D99')).id);
  });

  it('reports every bad row and column and writes nothing', async () => {
    const before = (await units(admin)).length;
    const file = await sheet([
      ['编码', '名称', '类型', '上级编码', '排序', '边界GeoJSON'],
      ['N1', '好的', '社区', '339901001', 1, ''],
      ['N2', '', '社区', '339901001', 1, ''],
      ['N3', '类型错', '星球', '339901001', 1, ''],
      ['N4', '无上级', '社区', 'NOPE', 1, ''],
      ['N1', '重复', '社区', '339901001', 1, ''],
      ['N6', '排序错', '社区', '339901001', 'abc', ''],
      ['N7', '边界错', '社区', '339901001', 1, '{"type":"Polygon"}'],
      ['C1', '环一', '社区', 'C2', 1, ''],
      ['C2', '环二', '社区', 'C1', 1, ''],
      ['N8', '层级错', '职能部门', '339901001', 1, ''],
    ]);
    const res = await importFile(admin, file);
    expect(res.statusCode).toBe(422);
    const { error } = res.json();
    expect(error.code).toBe('import_failed');
    const at = (row: number, column: string) => error.details.some((d: { row: number; column: string }) => d.row === row && d.column === column);
    expect(at(3, '名称')).toBe(true);
    expect(at(4, '类型')).toBe(true);
    expect(at(5, '上级编码')).toBe(true);
    expect(at(6, '编码')).toBe(true);
    expect(at(7, '排序')).toBe(true);
    expect(at(8, '边界GeoJSON')).toBe(true);
    expect(at(9, '上级编码') || at(10, '上级编码')).toBe(true);
    expect(at(11, '类型')).toBe(true);
    expect((await units(admin)).length).toBe(before);
  });

  it('refuses a file without the required columns, or not an xlsx at all', async () => {
    const res = await importFile(
      admin,
      await sheet([
        ['名称', '类型'],
        ['x', '社区'],
      ]),
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details[0]).toMatchObject({ row: 1, column: '编码' });
    const junk = await importFile(admin, Buffer.from('this is not a spreadsheet'));
    expect(junk.statusCode).toBe(400);
    expect(junk.json().error.code).toBe('file_type');
  });
});

describe('referential integrity', () => {
  it('answers 409, not 500, when a unit is still referenced elsewhere', async () => {
    const county = await byCode('339901');
    const dept = (await admin.post('/api/units', { parentId: county.id, kind: 'department', name: '被引用的部门', code: 'REF-1' })).json();
    // Another feature (here: a file) refers to the unit through a foreign key of its own.
    const { sql } = await import('drizzle-orm');
    await t.database.db.execute(sql`create table if not exists ref_probe (unit_id integer references units(id))`);
    await t.database.db.execute(sql`insert into ref_probe values (${dept.id})`);
    const res = await admin.delete(`/api/units/${dept.id}`);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('conflict');
  });
});
