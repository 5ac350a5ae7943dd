import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/harness';
import { handDocument, importJson, nodeIdByCode, readWorkbook, unitIdByCode, uploadTo, workbook, type Fw } from './framework.test-data';
import { parseDueDate } from './responsibility.service';

let t: TestApp;
let admin: Client;
let manager: Client;
let fw: Fw;
let ids: Record<string, number>;
let units: Record<string, number>;
type Row = { nodeId: number; code: string; responsibility: { lead: { id: number; name: string }; supporting: { id: number }[]; dueOn: string | null } | null };

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  manager = await t.login('manager');
  fw = (await importJson(admin, handDocument('matrix'))).json();
  ids = await nodeIdByCode(admin, fw.id);
  units = await unitIdByCode(admin);
});
afterAll(() => t.close());

const matrix = async (c: Client, query = ''): Promise<Row[]> => (await c.get(`/api/frameworks/${fw.id}/responsibilities${query}`)).json().items;
const put = (nodeId: number, body: unknown) => admin.request('PUT', `/api/frameworks/${fw.id}/responsibilities/${nodeId}`, body);

describe('assigning', () => {
  it('assigns one criterion and many at once; refuses groups, unknown units and lead-as-supporting', async () => {
    expect((await put(ids['A1.1.1']!, { leadUnitId: units['339901-D03'], supportingUnitIds: [units['339901-D01']], dueOn: '2026-12-31' })).statusCode).toBe(
      200,
    );
    const bulk = await admin.post(`/api/frameworks/${fw.id}/responsibilities/bulk`, {
      nodeIds: [ids['B1.1.1'], ids['B1.1.2'], ids['B1.1.3']],
      leadUnitId: units['339901001'],
      supportingUnitIds: [units['339901-D02']],
    });
    expect(bulk.statusCode, bulk.body).toBe(200);
    expect(bulk.json()).toEqual({ updated: 3 });
    expect((await put(ids['A1.1']!, { leadUnitId: units['339901-D03'] })).statusCode).toBe(400);
    expect((await put(ids['A1.1.2']!, { leadUnitId: 999999 })).statusCode).toBe(400);
    expect((await put(ids['A1.1.2']!, { leadUnitId: units['339901-D03'], supportingUnitIds: [units['339901-D03']] })).statusCode).toBe(400);

    const rows = await matrix(admin);
    expect(rows.map((r) => r.code)).toEqual(['A1.1.1', 'A1.1.2', 'A1.1.3', 'A1.2.1', 'B1.1.1', 'B1.1.2', 'B1.1.3', 'B1.1.4', 'F1.1.1']);
    expect(rows[0]!.responsibility).toMatchObject({ lead: { id: units['339901-D03'], name: '县综合行政执法局' }, dueOn: '2026-12-31' });
    expect((await matrix(admin, '?unassigned=true')).map((r) => r.code)).toEqual(['A1.1.2', 'A1.1.3', 'A1.2.1', 'B1.1.4', 'F1.1.1']);
    expect((await matrix(admin, `?unitId=${units['339901-D02']}`)).map((r) => r.code)).toEqual(['B1.1.1', 'B1.1.2', 'B1.1.3']);
  });

  it('shows a town manager only the criteria their subtree answers for', async () => {
    expect((await matrix(manager)).map((r) => r.code)).toEqual(['B1.1.1', 'B1.1.2', 'B1.1.3']);
  });
});

describe('Excel', () => {
  it('exports the familiar table and re-imports it unchanged', async () => {
    const res = await admin.get(`/api/frameworks/${fw.id}/responsibilities/export.xlsx`);
    expect(res.statusCode).toBe(200);
    const ws = (await readWorkbook(res.rawPayload)).worksheets[0]!;
    expect(ws.getRow(1).values).toEqual([undefined, '序号', '编码', '测评项目', '测评内容', '测评标准', '牵头单位', '配合单位', '完成时限']);
    expect(ws.getRow(2).getCell(6).value).toBe('县综合行政执法局');
    // Unassigned rows have no lead: fill them in, then import the whole table.
    ws.eachRow((row, n) => {
      if (n > 1 && !row.getCell(6).value) row.getCell(6).value = '县委宣传部';
    });
    const before = await matrix(admin);
    const again = await uploadTo(admin, `/api/frameworks/${fw.id}/responsibilities/import`, Buffer.from(await ws.workbook.xlsx.writeBuffer()));
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toEqual({ updated: 9 });
    const after = await matrix(admin);
    expect(after[0]!.responsibility).toEqual({ ...before[0]!.responsibility, version: 1 });
    expect(after[4]!.responsibility!.supporting).toEqual(before[4]!.responsibility!.supporting);
    expect(after.every((r) => r.responsibility)).toBe(true);
  });

  it('reports unknown units, duplicate codes, non-numeric cells, bad dates and missing columns; writes nothing', async () => {
    const before = await matrix(admin);
    const file = await workbook({
      责任分工: [
        ['序号', '编码', '牵头单位', '配合单位', '完成时限'],
        [1, 'A1.1.1', '县城管局', '', ''],
        [2, 'A1.1.2', '县委宣传部', '不存在的单位、县水利局', ''],
        ['三', 'A1.1.3', '县委宣传部', '', ''],
        [4, 'A1.1.3', '县委宣传部', '', ''],
        [5, 'A1.2.1', '县委宣传部', '', '下个月'],
        [6, 'A1.1', '县委宣传部', '', ''],
        [7, 'Q9', '县委宣传部', '县委宣传部', ''],
        [8, 'B1.1.4', '', '', '2026/6/31'],
      ],
    });
    const res = await uploadTo(admin, `/api/frameworks/${fw.id}/responsibilities/import`, file);
    expect(res.statusCode).toBe(422);
    const { error } = res.json();
    const at = (row: number, column: string) => error.details.some((d: { row: number; column: string }) => d.row === row && d.column === column);
    expect(at(2, '牵头单位')).toBe(true);
    expect(at(3, '配合单位')).toBe(true);
    expect(at(4, '序号')).toBe(true);
    expect(at(5, '编码')).toBe(true);
    expect(at(6, '完成时限')).toBe(true);
    expect(at(7, '编码')).toBe(true);
    expect(at(8, '编码')).toBe(true);
    expect(at(9, '牵头单位')).toBe(true);
    expect(at(9, '完成时限')).toBe(true);
    const report = await admin.get(error.reportUrl);
    expect((await readWorkbook(report.rawPayload)).worksheets[0]!.rowCount).toBe(error.details.length + 1);

    const missing = await uploadTo(
      admin,
      `/api/frameworks/${fw.id}/responsibilities/import`,
      await workbook({
        s: [
          ['编码', '配合单位'],
          ['A1.1.1', ''],
        ],
      }),
    );
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error.details[0]).toMatchObject({ row: 1, column: '牵头单位' });
    expect(await matrix(admin)).toEqual(before);
  });

  it('reads dates the way offices type them', () => {
    expect(parseDueDate('2026-06-30T00:00:00.000Z')).toBe('2026-06-30');
    expect(parseDueDate('2026/6/3')).toBe('2026-06-03');
    expect(parseDueDate('2026年6月30日')).toBe('2026-06-30');
    expect(parseDueDate('2026-02-30')).toBeNull();
  });
});
