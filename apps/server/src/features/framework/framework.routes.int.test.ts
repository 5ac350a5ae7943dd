import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, XSS, type Client, type TestApp } from '../../test/harness';
import { handDocument, importJson, nodeIdByCode, nodesOf, readWorkbook, unitIdByCode, uploadTo, workbook, type Fw } from './framework.test-data';

let t: TestApp;
let admin: Client;
let handler: Client;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  handler = await t.login('handler');
});
afterAll(() => t.close());

const list = async (): Promise<Fw[]> => (await admin.get('/api/frameworks')).json().items;
type Issue = { row: number; column: string; message: string; sheet?: string };
const at = (issues: Issue[], row: number, column: string) => issues.some((d) => d.row === row && d.column === column);

describe('the demo framework', () => {
  it('is published with 128 basic + 3 featured criteria, 110 illustrative points', async () => {
    const demo = (await list()).find((f) => f.code === 'demo-county')!;
    expect(demo).toMatchObject({ status: 'published', criteriaCount: 131, totalPoints: '110', pointsAreIllustrative: true });
    const tree = await nodesOf(handler, demo.id);
    expect(tree.filter((n) => n.level === 'criterion')).toHaveLength(131);
    // Tree order: every node comes after its parent.
    const seen = new Set<number>();
    for (const n of tree) {
      if (n.parentId != null) expect(seen.has(n.parentId)).toBe(true);
      seen.add(n.id);
    }
  });

  it('searches by code/name, method, site type and flag, keeping ancestors', async () => {
    const demo = (await list()).find((f) => f.code === 'demo-county')!;
    const featured = await nodesOf(handler, demo.id, '?flag=isFeatured');
    expect(featured.filter((n) => n.matched)).toHaveLength(3);
    expect(featured.some((n) => !n.matched && n.level === 'area')).toBe(true);
    const markets = await nodesOf(handler, demo.id, '?siteType=farmersMarket&method=site');
    expect(markets.filter((n) => n.matched).length).toBeGreaterThan(0);
    expect((await nodesOf(handler, demo.id, '?q=%E5%BF%97%E6%84%BF')).some((n) => n.matched)).toBe(true); // 志愿
  });
});

describe('JSON import', () => {
  it('imports a good document as a draft, exports it back identically', async () => {
    const res = await importJson(admin, handDocument('json-good'));
    expect(res.statusCode, res.body).toBe(201);
    const fw: Fw = res.json();
    expect(fw).toMatchObject({ status: 'draft', criteriaCount: 9, totalPoints: '21.35', clonedFromId: null });
    const exported = (await admin.get(`/api/frameworks/${fw.id}/export.json`)).json();
    expect(exported.framework).toMatchObject({ code: 'hand', edition: 'json-good', totalPoints: '21.35', status: 'draft', name: `${XSS}手算测评体系` });
    expect(exported.nodes.map((n: { code: string }) => n.code)).toEqual(handDocument().nodes.map((n) => n.code));
    expect(exported.nodes[3]).toEqual({ ...handDocument().nodes[3] });
    // Same code and edition again → 409.
    expect((await importJson(admin, handDocument('json-good'))).statusCode).toBe(409);
  });

  it('refuses a bad document with every problem, an error report, and writes nothing', async () => {
    const before = (await list()).length;
    const doc = handDocument('json-bad');
    const nodes = doc.nodes as Record<string, unknown>[];
    nodes[4] = { ...nodes[4], code: 'A1.1.1' }; // duplicate
    nodes[7] = { ...nodes[7], parentCode: 'NOPE' }; // unknown parent
    nodes[11] = { ...nodes[11], points: 'abc' }; // not numeric
    const res = await importJson(admin, doc);
    expect(res.statusCode).toBe(422);
    const { error } = res.json();
    expect(error.code).toBe('import_failed');
    expect(at(error.details, 5, 'code')).toBe(true);
    expect(at(error.details, 8, 'parentCode')).toBe(true);
    expect(at(error.details, 12, 'points')).toBe(true);
    expect(error.reportUrl).toMatch(/^\/api\/files\//);
    const report = await admin.get(error.reportUrl);
    expect(report.statusCode).toBe(200);
    const ws = (await readWorkbook(report.rawPayload)).worksheets[0]!;
    expect(ws.getRow(1).values).toEqual([undefined, '行', '列', '错误']);
    expect(ws.rowCount).toBe(error.details.length + 1);
    // Someone else cannot read the importer's report.
    expect((await handler.get(error.reportUrl)).statusCode).toBe(404);
    expect((await list()).length).toBe(before);
  });
});

describe('Excel import', () => {
  it('offers a template that imports as it is, and exports a framework that re-imports identically', async () => {
    const template = await admin.get('/api/frameworks/template.xlsx');
    expect(template.statusCode).toBe(200);
    const wb = await readWorkbook(template.rawPayload);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['测评体系', '基本信息']);
    expect(wb.worksheets[0]!.getRow(1).values).toEqual([
      undefined,
      '编码',
      '上级编码',
      '层级',
      '名称',
      '排序',
      '分值',
      '测评方法',
      '点位类型',
      '一票否决',
      '负面清单',
      '特色指标',
      '测评要求',
      '申报材料',
      '说明',
    ]);
    const imported = await uploadTo(admin, '/api/frameworks/import.xlsx', template.rawPayload);
    expect(imported.statusCode, imported.body).toBe(201);
    expect(imported.json()).toMatchObject({ code: 'example', criteriaCount: 2, totalPoints: '3' });

    const source = (await importJson(admin, handDocument('xlsx-source'))).json() as Fw;
    const exported = await admin.get(`/api/frameworks/${source.id}/export.xlsx`);
    const book = await readWorkbook(exported.rawPayload);
    const info = book.getWorksheet('基本信息')!;
    info.eachRow((row) => {
      if (row.getCell(1).value === '版本') row.getCell(2).value = 'xlsx-copy';
    });
    const again = await uploadTo(admin, '/api/frameworks/import.xlsx', Buffer.from(await book.xlsx.writeBuffer()));
    expect(again.statusCode, again.body).toBe(201);
    const copy: Fw = again.json();
    const a = (await admin.get(`/api/frameworks/${source.id}/export.json`)).json();
    const b = (await admin.get(`/api/frameworks/${copy.id}/export.json`)).json();
    expect(b.nodes).toEqual(a.nodes);
    expect(b.framework).toEqual({ ...a.framework, edition: 'xlsx-copy' });
  });

  it('reports bad rows and columns (level, points, duplicates, cycle, methods, missing column) and imports nothing', async () => {
    const before = (await list()).length;
    const head = ['编码', '上级编码', '层级', '名称', '分值', '测评方法', '测评要求'];
    const info = [
      ['项目', '内容'],
      ['编码', 'bad'],
      ['名称', '坏表'],
      ['版本', '1'],
    ];
    const file = await workbook({
      测评体系: [
        head,
        ['A', null, '测评项目', '领域', null, null, null],
        ['A1', 'A', '指标', '指标', null, null, null],
        ['A1.1', 'A1', '测评内容', '内容', null, null, null],
        ['A1.1.1', 'A1.1', '测评标准', '标准一', '两分', '材料审核', '要求'],
        ['A1.1.1', 'A1.1', '测评标准', '重复', '1', '材料审核', '要求'],
        ['A1.1.3', 'A1.1', '星球', '层级错', '1', '材料审核', '要求'],
        ['A1.1.4', 'A1.1', '测评标准', '方法错', '1', '跳舞', '要求'],
        ['X1', 'X2', '测评内容', '环一', null, null, null],
        ['X2', 'X1', '测评内容', '环二', null, null, null],
      ],
      基本信息: info,
    });
    const res = await uploadTo(admin, '/api/frameworks/import.xlsx', file);
    expect(res.statusCode).toBe(422);
    const issues: Issue[] = res.json().error.details;
    expect(at(issues, 5, '分值')).toBe(true);
    expect(at(issues, 6, '编码')).toBe(true);
    expect(issues.find((i) => i.row === 6 && i.column === '编码')!.message).toContain('5');
    expect(at(issues, 7, '层级')).toBe(true);
    expect(at(issues, 8, '测评方法')).toBe(true);
    expect(at(issues, 9, '上级编码') || at(issues, 10, '上级编码')).toBe(true);
    expect(res.json().error.reportUrl).toBeTruthy();

    const missing = await uploadTo(
      admin,
      '/api/frameworks/import.xlsx',
      await workbook({
        测评体系: [
          ['编码', '名称'],
          ['A', 'x'],
        ],
        基本信息: info,
      }),
    );
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error.details[0]).toMatchObject({ row: 1, column: '层级' });
    expect((await list()).length).toBe(before);
  });
});

describe('drafts, publishing and editions', () => {
  it('edits only while draft, publishes, then clones into a new draft with the matrix', async () => {
    const fw: Fw = (await importJson(admin, handDocument('edit-1', 'edit'))).json();
    const ids = await nodeIdByCode(admin, fw.id);
    const node = (await admin.get(`/api/frameworks/${fw.id}/nodes/${ids['A1.1.1']}`)).json();
    expect(node).toMatchObject({ code: 'A1.1.1', points: '4', requirement: `${XSS}requirement`, responsibility: null });

    const edited = await admin.patch(`/api/frameworks/${fw.id}/nodes/${ids['A1.1.1']}`, { version: node.version, points: '3.5', name: `改名${XSS}` });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ points: '3.5', name: `改名${XSS}` });
    const stale = await admin.patch(`/api/frameworks/${fw.id}/nodes/${ids['A1.1.1']}`, { version: node.version, points: '3' });
    expect(stale.statusCode).toBe(409);
    // The item A1.1 has a cap of 9.5: 3.5 + 3 + 2.5 = 9 fits, 4.5 + 3 + 2.5 = 10 does not.
    const over = await admin.patch(`/api/frameworks/${fw.id}/nodes/${ids['A1.1.1']}`, { version: edited.json().version, points: '4.5' });
    expect(over.statusCode).toBe(400);
    expect(over.json().error.details[0].path).toBe('points');

    const added = await admin.post(`/api/frameworks/${fw.id}/nodes`, {
      code: 'B1.1.5',
      parentCode: 'B1.1',
      level: 'criterion',
      name: '新增',
      points: '1',
      methods: ['site'],
      requirement: '要求',
    });
    expect(added.statusCode, added.body).toBe(201);
    expect(
      (
        await admin.post(`/api/frameworks/${fw.id}/nodes`, {
          code: 'B1.1.6',
          parentCode: 'A',
          level: 'criterion',
          name: '错层',
          points: '1',
          methods: ['site'],
          requirement: 'x',
        })
      ).statusCode,
    ).toBe(400);
    expect((await admin.delete(`/api/frameworks/${fw.id}/nodes/${ids['B1.1']}`)).statusCode).toBe(409);
    expect((await admin.delete(`/api/frameworks/${fw.id}/nodes/${added.json().id}`)).statusCode).toBe(204);

    const current: Fw = (await admin.get(`/api/frameworks/${fw.id}`)).json();
    const published = await admin.post(`/api/frameworks/${fw.id}/publish`, { version: current.version });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json().status).toBe('published');
    const after = (await admin.get(`/api/frameworks/${fw.id}/nodes/${ids['A1.1.2']}`)).json();
    const locked = await admin.patch(`/api/frameworks/${fw.id}/nodes/${ids['A1.1.2']}`, { version: after.version, name: 'x' });
    expect(locked.statusCode).toBe(409);
    expect((await admin.post(`/api/frameworks/${fw.id}/nodes`, { code: 'Z', level: 'area', name: 'z' })).statusCode).toBe(409);

    const units = await unitIdByCode(admin);
    expect(
      (
        await admin.request('PUT', `/api/frameworks/${fw.id}/responsibilities/${ids['A1.1.2']}`, {
          leadUnitId: units['339901-D03'],
          supportingUnitIds: [units['339901001']],
        })
      ).statusCode,
    ).toBe(200);

    const clone = await admin.post(`/api/frameworks/${fw.id}/clone`, { edition: 'edit-2' });
    expect(clone.statusCode, clone.body).toBe(201);
    const copy: Fw = clone.json();
    expect(copy).toMatchObject({ status: 'draft', clonedFromId: fw.id, code: 'edit', criteriaCount: 9, totalPoints: '20.85' });
    const copyIds = await nodeIdByCode(admin, copy.id);
    const copied = (await admin.get(`/api/frameworks/${copy.id}/nodes/${copyIds['A1.1.2']}`)).json();
    expect(copied.responsibility).toMatchObject({ lead: { id: units['339901-D03'] }, supporting: [{ id: units['339901001'] }] });
    expect(copied.parentId).toBe(copyIds['A1.1']);

    // Publishing the new edition archives the old one.
    expect((await admin.post(`/api/frameworks/${copy.id}/publish`, { version: copy.version })).statusCode).toBe(200);
    expect((await admin.get(`/api/frameworks/${fw.id}`)).json().status).toBe('archived');
    const trail = (await admin.get(`/api/audit?entityType=framework&entityId=${fw.id}`)).json().items.map((e: { action: string }) => e.action);
    expect(trail).toEqual(
      expect.arrayContaining([
        'framework.import',
        'framework.node.update',
        'framework.node.create',
        'framework.node.delete',
        'framework.publish',
        'framework.archive',
        'responsibility.assign',
      ]),
    );
  });

  it('refuses to publish an invalid draft with the problems listed', async () => {
    const created = await admin.post('/api/frameworks', { code: 'empty', name: '空', edition: '1' });
    expect(created.statusCode).toBe(201);
    const res = await admin.post(`/api/frameworks/${created.json().id}/publish`, { version: created.json().version });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('framework_invalid');
  });

  it('refuses edits by anyone but the office', async () => {
    const fw = (await list())[0]!;
    expect((await handler.post('/api/frameworks/import', handDocument('h'))).statusCode).toBe(403);
    expect((await handler.post(`/api/frameworks/${fw.id}/clone`, { edition: 'h' })).statusCode).toBe(403);
  });
});
