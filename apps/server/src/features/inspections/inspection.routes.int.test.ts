import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import sharp from 'sharp';
import { createTestApp, multipart, XSS, type Client, type TestApp } from '../../test/harness';

// Plan → allot → conduct (row-level: an inspector works only their team's sites in its towns) →
// failures become cases exactly once, however often the phone sends the batch → notices → their
// states → the Word document → results and the summary sentence → the framework score.

let t: TestApp;
let admin: Client, inspector: Client, manager: Client, handler: Client, leader: Client;
let frameworkId: number;
let unitId: Record<string, number>;
let userId: Record<string, number>;

type Site = { id: number; type: string; town: { id: number; name: string } | null; unit: { id: number; name: string } | null };
type Assignment = { id: number; teamId: number; site: Site; status: string };
type Item = { id: number; siteType: string; criterionCode: string; wording: string; version: number };

async function xlsx(rows: (string | number)[][]) {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('点位');
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const importSites = (buffer: Buffer) => {
  const { payload, headers } = multipart(buffer, 'sites.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  return admin.request('POST', '/api/sites/import', undefined, { payload, headers });
};
const jpeg = () =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 60, b: 40 } } })
    .jpeg()
    .toBuffer();

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  inspector = await t.login('inspector');
  manager = await t.login('manager');
  handler = await t.login('handler');
  leader = await t.login('leader');
  const fws = (await admin.get('/api/frameworks?status=published')).json();
  frameworkId = fws.items[0].id;
  unitId = Object.fromEntries((await admin.get('/api/units')).json().items.map((u: { code: string; id: number }) => [u.code, u.id]));
  userId = Object.fromEntries((await admin.get('/api/users?pageSize=200')).json().items.map((u: { username: string; id: number }) => [u.username, u.id]));
});
afterAll(() => t.close());

describe('sites', () => {
  it('the demo county has sites of at least 10 types, each placed in its town by polygon', async () => {
    const res = (await admin.get('/api/sites?pageSize=500')).json();
    expect(res.total).toBeGreaterThanOrEqual(60);
    expect(new Set(res.items.map((s: Site) => s.type)).size).toBeGreaterThanOrEqual(10);
    expect(res.items.every((s: Site) => s.town && s.unit)).toBe(true);
  });

  it('creates a site with its unit and town from the point, text stored verbatim', async () => {
    // 城关街道 is the box 119.6–119.7 × 29.9–30.0; its first community 文昌社区 the lower-left quarter.
    const res = await admin.post('/api/sites', { type: 'park', name: `人民公园${XSS}`, address: '人民路1号', lon: 119.62, lat: 29.92, personInCharge: '张三' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ name: `人民公园${XSS}`, town: { name: '城关街道' }, unit: { name: '文昌社区' } });
    expect((await inspector.post('/api/sites', { type: 'park', name: 'x', address: 'y', lon: 119.62, lat: 29.92 })).statusCode).toBe(403);
  });

  it('imports Excel all or nothing, naming each bad row and column', async () => {
    const before = (await admin.get('/api/sites?pageSize=1')).json().total;
    const bad = await importSites(
      await xlsx([
        ['编码', '点位类型', '名称', '地址', '经度', '纬度', '负责人'],
        ['T-1', '集贸市场', '东城菜市场', '东城路5号', 119.72, 29.93, '李四'],
        ['T-2', '不存在的类型', '某点位', '某路', 119.72, 29.93, ''],
        ['T-1', '公园', '', '某路', 'abc', 29.93, ''],
      ]),
    );
    expect(bad.statusCode).toBe(422);
    const details = bad.json().error.details as { row: number; column: string }[];
    expect(details.map((d) => `${d.row}:${d.column}`)).toEqual(expect.arrayContaining(['3:点位类型', '4:编码', '4:名称', '4:经度']));
    expect((await admin.get('/api/sites?pageSize=1')).json().total).toBe(before);

    const ok = await importSites(
      await xlsx([
        ['编码', '点位类型', '名称', '地址', '经度', '纬度'],
        ['T-1', '集贸市场', '东城菜市场', '东城路5号', 119.72, 29.93],
        ['T-2', 'mainRoad', '东城大道', '东城大道', 119.75, 29.95],
      ]),
    );
    expect(ok.json()).toEqual({ created: 2, updated: 0 });
    const again = await importSites(
      await xlsx([
        ['编码', '点位类型', '名称', '地址', '经度', '纬度'],
        ['T-1', '集贸市场', '东城农贸市场', '东城路5号', 119.72, 29.93],
      ]),
    );
    expect(again.json()).toEqual({ created: 0, updated: 1 });
    const market = (await admin.get('/api/sites?q=T-1')).json().items[0];
    expect(market).toMatchObject({ name: '东城农贸市场', town: { name: '东城街道' } });
  });
});

describe('checklists', () => {
  it('derives one item per (criterion, site type) tag and lets the office edit wording and order', async () => {
    await admin.post('/api/inspections/checklists/derive', { frameworkId });
    const items: Item[] = (await admin.get(`/api/inspections/checklists?frameworkId=${frameworkId}&siteType=mainRoad`)).json().items;
    expect(items.length).toBeGreaterThan(1);
    const again = (await admin.post('/api/inspections/checklists/derive', { frameworkId })).json();
    expect(again.created).toBe(0);
    const edited = await admin.patch(`/api/inspections/checklists/${items[0]!.id}`, { wording: `路灯完好率100%${XSS}`, version: items[0]!.version });
    expect(edited.json().wording).toBe(`路灯完好率100%${XSS}`);
    expect((await admin.patch(`/api/inspections/checklists/${items[0]!.id}`, { wording: 'x', version: items[0]!.version })).statusCode).toBe(409);
    const reordered = (
      await admin.post('/api/inspections/checklists/reorder', { frameworkId, siteType: 'mainRoad', itemIds: [items[1]!.id, items[0]!.id] })
    ).json();
    expect(reordered.items.slice(0, 2).map((i: Item) => i.id)).toEqual([items[1]!.id, items[0]!.id]);
  });
});

describe('a round from plan to results', () => {
  let roundId: number;
  let teamA: number, teamB: number;
  let mine: Assignment[];
  let other: Assignment;
  let failing: { assignment: Assignment; items: Item[]; batch: unknown; caseKeys: string[] };

  it('plans a round and forms teams bound to towns', async () => {
    const res = await admin.post('/api/inspections/rounds', {
      name: `第3次创文督查${XSS}`,
      frameworkId,
      periodStart: '2026-03-01',
      periodEnd: '2026-03-10',
      kind: 'thirdParty',
      isAnnounced: false,
      siteTypes: ['mainRoad', 'farmersMarket', 'community', 'park'],
      sampleSize: 2,
    });
    expect(res.statusCode, res.body).toBe(201);
    roundId = res.json().id;
    expect(res.json()).toMatchObject({ status: 'planned', kind: 'thirdParty', name: `第3次创文督查${XSS}` });
    const a = await admin.post(`/api/inspections/rounds/${roundId}/teams`, {
      name: '第一组',
      leaderUserId: userId.admin,
      memberUserIds: [userId.inspector],
      unitIds: [unitId['339901001'], unitId['339901002']],
    });
    expect(a.statusCode, a.body).toBe(201);
    teamA = a.json().id;
    teamB = (
      await admin.post(`/api/inspections/rounds/${roundId}/teams`, {
        name: '第二组',
        leaderUserId: userId.leader,
        unitIds: [unitId['339901003'], unitId['339901004'], unitId['339901005'], unitId['339901006']],
      })
    ).json().id;
    const community = await admin.post(`/api/inspections/rounds/${roundId}/teams`, {
      name: 'x',
      leaderUserId: userId.admin,
      unitIds: [unitId['339901001001']],
    });
    expect(community.statusCode).toBe(400);
    expect(
      (await inspector.post(`/api/inspections/rounds/${roundId}/teams`, { name: 'x', leaderUserId: userId.admin, unitIds: [unitId['339901001']] })).statusCode,
    ).toBe(403);
  });

  it('draws a seeded sample: same seed → same sites, the size per type respected, each site in its team’s towns', async () => {
    const draw = async (seed: string) => {
      expect((await admin.post(`/api/inspections/rounds/${roundId}/allot`, { mode: 'sample', seed })).statusCode).toBe(200);
      return (await admin.get(`/api/inspections/rounds/${roundId}/assignments`)).json().items as Assignment[];
    };
    const first = await draw('seed-1');
    const other = await draw('seed-2');
    const again = await draw('seed-1');
    const ids = (l: Assignment[]) => l.map((a) => `${a.site.id}:${a.teamId}`).sort();
    expect(ids(again)).toEqual(ids(first));
    expect(ids(other)).not.toEqual(ids(first));
    for (const type of ['mainRoad', 'farmersMarket', 'community', 'park']) expect(first.filter((a) => a.site.type === type).length).toBe(2);
    expect(new Set(first.map((a) => a.site.id)).size).toBe(first.length);
    const towns = { [teamA]: ['城关街道', '东城街道'], [teamB]: ['西城街道', '青山镇', '白水镇', '临河镇'] };
    for (const a of first) expect(towns[a.teamId]).toContain(a.site.town!.name);
    // Make sure both teams have work: move one site by hand into each team's towns.
    const sites = (await admin.get('/api/sites?pageSize=500&type=mainRoad')).json().items as Site[];
    const inA = sites.find((s) => s.town?.name === '城关街道' && !first.some((a) => a.site.id === s.id))!;
    const inB = sites.find((s) => s.town?.name === '临河镇' && !first.some((a) => a.site.id === s.id))!;
    expect(
      (
        await admin.post(`/api/inspections/rounds/${roundId}/allot`, {
          mode: 'manual',
          items: [
            { siteId: inA.id, teamId: teamA },
            { siteId: inB.id, teamId: teamB },
          ],
        })
      ).statusCode,
    ).toBe(200);
    const outside = await admin.post(`/api/inspections/rounds/${roundId}/allot`, { mode: 'manual', items: [{ siteId: inB.id, teamId: teamA }] });
    expect(outside.statusCode).toBe(400);
  });

  it('shows an inspector only their team’s sites, in their team’s towns; another team’s site is 404', async () => {
    const field = (await inspector.get('/api/inspections/field')).json();
    expect(field.rounds.map((r: { id: number }) => r.id)).toContain(roundId);
    mine = field.assignments.filter((a: Assignment) => a.teamId === teamA || a.teamId === teamB);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((a) => a.teamId === teamA && ['城关街道', '东城街道'].includes(a.site.town!.name))).toBe(true);
    expect(field.checklists.length).toBeGreaterThan(0);
    const all = (await admin.get(`/api/inspections/rounds/${roundId}/assignments`)).json().items as Assignment[];
    other = all.find((a) => a.teamId === teamB)!;
    expect((await inspector.get(`/api/inspections/field/assignments/${other.id}`)).statusCode).toBe(404);
    expect((await inspector.get(`/api/inspections/field/assignments/${mine[0]!.id}`)).statusCode).toBe(200);
    const sync = (
      await inspector.post('/api/inspections/sync', {
        ops: [{ key: randomUUID(), kind: 'visit', assignmentId: other.id, at: new Date().toISOString(), checks: [{ checklistItemId: 1, result: 'pass' }] }],
      })
    ).json();
    expect(sync.results[0]).toMatchObject({ status: 'error', error: { code: 'not_found' } });
    // Office staff see rounds but have no field work unless they are on a team; units have no access at all.
    expect((await handler.get('/api/inspections/field')).statusCode).toBe(403);
    expect((await inspector.get(`/api/inspections/rounds/${roundId}`)).statusCode).toBe(403);
    expect((await leader.get(`/api/inspections/rounds/${roundId}/assignments`)).statusCode).toBe(200);
  });

  it('uploads photos idempotently', async () => {
    const key = randomUUID();
    const send = async () => {
      const body = multipart(await jpeg(), 'site.jpg', 'image/jpeg');
      return inspector.request('POST', '/api/inspections/photos', undefined, { payload: body.payload, headers: { ...body.headers, 'idempotency-key': key } });
    };
    const a = await send();
    const b = await send();
    expect(a.statusCode, a.body).toBe(201);
    expect(b.statusCode).toBe(200);
    expect(b.json().fileId).toBe(a.json().fileId);
  });

  it('creates each failure’s case exactly once, even when the batch is sent twice', async () => {
    const field = (await inspector.get('/api/inspections/field')).json();
    // The 城关街道 main road allotted by hand above: its manager is a demo account.
    const assignment = mine.find((a) => a.site.town!.name === '城关街道' && a.site.type === 'mainRoad')!;
    const items = (field.checklists as Item[]).filter((c) => c.siteType === assignment.site.type);
    expect(items.length).toBeGreaterThanOrEqual(2);
    const body = multipart(await jpeg(), 'fail.jpg', 'image/jpeg');
    const photo = (
      await inspector.request('POST', '/api/inspections/photos', undefined, {
        payload: body.payload,
        headers: { ...body.headers, 'idempotency-key': randomUUID() },
      })
    ).json();
    const caseKeys = items.map(() => randomUUID());
    const batch = {
      ops: [
        {
          key: randomUUID(),
          kind: 'visit',
          assignmentId: assignment.id,
          at: new Date(Date.now() - 3_600_000).toISOString(),
          checks: items.map((item, i) => ({
            checklistItemId: item.id,
            result: i === 0 ? 'severeFail' : i === 1 ? 'fail' : 'pass',
            note: i < 2 ? `现场发现问题${XSS}` : null,
            photoIds: i === 0 ? [photo.fileId] : [],
            caseKey: i < 2 ? caseKeys[i] : null,
          })),
        },
      ],
    };
    failing = { assignment, items, batch, caseKeys };
    const first = (await inspector.post('/api/inspections/sync', batch)).json();
    expect(first.results[0].status, JSON.stringify(first)).toBe('ok');
    const expected = 2;
    expect(first.results[0].caseIds).toHaveLength(expected);
    const second = (await inspector.post('/api/inspections/sync', batch)).json();
    expect(second.results[0]).toMatchObject({ status: 'duplicate', caseIds: first.results[0].caseIds });
    // A new operation key that re-sends the same failures (e.g. edited and queued again) still makes no new case.
    const resent = (await inspector.post('/api/inspections/sync', { ops: [{ ...batch.ops[0], key: randomUUID() }] })).json();
    expect(resent.results[0]).toMatchObject({ status: 'ok', caseIds: first.results[0].caseIds });
    const listed = (await admin.get(`/api/cases?siteId=${assignment.site.id}&source=inspection`)).json().items;
    expect(listed).toHaveLength(expected);
    const detail = (await admin.get(`/api/cases/${first.results[0].caseIds[0]}`)).json();
    expect(detail).toMatchObject({ source: 'inspection', siteId: assignment.site.id, criterionCode: items[0]!.criterionCode, severity: 'serious' });
    expect(detail.description).toContain(XSS);
    expect(detail.photos.before).toHaveLength(1);
    const visit = (await admin.get(`/api/inspections/assignments/${assignment.id}`)).json();
    expect(visit.status).toBe('visited');
    expect(visit.checks.filter((c: { caseNumber: string | null }) => c.caseNumber)).toHaveLength(expected);
    expect(visit.checks[0].proposedUnit).not.toBeNull();
    // A failure without a case key is refused: the phone must name the case it creates.
    const noKey = (
      await inspector.post('/api/inspections/sync', {
        ops: [
          {
            key: randomUUID(),
            kind: 'visit',
            assignmentId: assignment.id,
            at: new Date().toISOString(),
            checks: [{ checklistItemId: items[0]!.id, result: 'fail' }],
          },
        ],
      })
    ).json();
    expect(noKey.results[0].status).toBe('error');
  });

  it('refuses a document as an inspection photo: a PDF renamed .jpg is not an image by its bytes', async () => {
    const pdf = multipart(Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n'), 'site.jpg', 'image/jpeg');
    // Through the field photo route: 415, as on the citizens' page.
    const direct = await inspector.request('POST', '/api/inspections/photos', undefined, {
      payload: pdf.payload,
      headers: { ...pdf.headers, 'idempotency-key': randomUUID() },
    });
    expect(direct.statusCode).toBe(415);
    // Uploaded as a document elsewhere, then named as a check's photo: the visit is refused.
    const stored = (await inspector.request('POST', '/api/files', undefined, { payload: pdf.payload, headers: pdf.headers })).json();
    expect(stored.kind).toBe('document');
    const { assignment, items } = failing;
    const sync = (
      await inspector.post('/api/inspections/sync', {
        ops: [
          {
            key: randomUUID(),
            kind: 'visit',
            assignmentId: assignment.id,
            at: new Date().toISOString(),
            checks: [{ checklistItemId: items[0]!.id, result: 'fail', note: null, photoIds: [stored.id], caseKey: randomUUID() }],
          },
        ],
      })
    ).json();
    expect(sync.results[0]).toMatchObject({ status: 'error', error: { code: 'file_unsupported' }, caseIds: [] });
    expect(sync.results[0].error.message).toContain('照片（JPEG、PNG、WebP、GIF）');
  });

  it('records a passing visit at a second site', async () => {
    const assignment = mine.find((a) => a.id !== failing.assignment.id)!;
    const field = (await inspector.get('/api/inspections/field')).json();
    const items = (field.checklists as Item[]).filter((c) => c.siteType === assignment.site.type);
    const res = (
      await inspector.post('/api/inspections/sync', {
        ops: [
          {
            key: randomUUID(),
            kind: 'visit',
            assignmentId: assignment.id,
            at: new Date().toISOString(),
            checks: items.map((i) => ({ checklistItemId: i.id, result: 'pass' })),
          },
        ],
      })
    ).json();
    expect(res.results[0].status).toBe('ok');
  });

  let noticeId: number;
  let noticeVersion: number;
  it('issues a notice per town, hands the cases over, and the unit and office move it through its states', async () => {
    const town = failing.assignment.site.town!;
    const past = await admin.post(`/api/inspections/rounds/${roundId}/notices`, { deadlineOn: '2020-01-01' });
    expect(past.statusCode).toBe(400);
    const deadlineOn = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const res = await admin.post(`/api/inspections/rounds/${roundId}/notices`, { deadlineOn });
    expect(res.statusCode, res.body).toBe(201);
    const notice = res.json().items.find((n: { unit: { id: number } }) => n.unit.id === town.id);
    expect(notice).toMatchObject({ state: 'notHandled', caseCount: 2, unit: { name: '城关街道' } });
    expect(notice.number).toMatch(/^创文抄告〔\d{4}〕第\d+号$/);
    expect(res.json().dispatched).toBe(notice.caseCount);
    noticeId = notice.id;
    // Issuing again adds nothing for the same town.
    expect((await admin.post(`/api/inspections/rounds/${roundId}/notices`, { deadlineOn })).json().items).toHaveLength(0);

    const detail = (await admin.get(`/api/inspections/notices/${noticeId}`)).json();
    expect(detail.cases.every((c: { state: string; deadlineAt: string }) => c.state === 'dispatched' && c.deadlineAt)).toBe(true);
    expect(detail.allowedActions).toEqual([]);
    noticeVersion = detail.version;

    // 执法局's handler does not see 城关/东城's notice; the office cannot answer it for the town.
    expect((await handler.get(`/api/inspections/notices/${noticeId}`)).statusCode).toBe(404);
    expect((await admin.post(`/api/inspections/notices/${noticeId}/actions/approve`, { version: noticeVersion })).statusCode).toBe(409);
  });

  it('lets the town’s manager submit, the office reject and approve', async () => {
    const seen = (await manager.get(`/api/inspections/notices/${noticeId}`)).json();
    expect(seen.allowedActions).toEqual(['submit']);
    expect((await manager.post(`/api/inspections/notices/${noticeId}/actions/submit`, { version: noticeVersion })).statusCode).toBe(400);
    const submitted = (await manager.post(`/api/inspections/notices/${noticeId}/actions/submit`, { note: `已整改${XSS}`, version: noticeVersion })).json();
    expect(submitted).toMatchObject({ state: 'submitted', responseNote: `已整改${XSS}` });
    expect((await manager.post(`/api/inspections/notices/${noticeId}/actions/approve`, { version: submitted.version })).statusCode).toBe(403);
    const rejected = (await admin.post(`/api/inspections/notices/${noticeId}/actions/reject`, { note: '照片不全', version: submitted.version })).json();
    expect(rejected.state).toBe('rejected');
    const again = (await manager.post(`/api/inspections/notices/${noticeId}/actions/submit`, { note: '已补充照片', version: rejected.version })).json();
    const approved = (await admin.post(`/api/inspections/notices/${noticeId}/actions/approve`, { version: again.version })).json();
    expect(approved.state).toBe('approved');
    expect(approved.events.map((e: { action: string }) => e.action)).toEqual(['issue', 'submit', 'reject', 'submit', 'approve']);
    expect((await admin.post(`/api/inspections/notices/${noticeId}/actions/approve`, { version: approved.version })).statusCode).toBe(409);
  });

  it('downloads the notice as Word, listing the case numbers', async () => {
    const res = await admin.get(`/api/inspections/notices/${noticeId}/document.docx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    const zip = await JSZip.loadAsync(res.rawPayload);
    const xml = await zip.file('word/document.xml')!.async('string');
    const detail = (await admin.get(`/api/inspections/notices/${noticeId}`)).json();
    expect(xml).toContain('整改抄告单');
    expect(xml).toContain(detail.number);
    for (const c of detail.cases) expect(xml).toContain(c.number);
    expect(xml).not.toContain('<script>');
  });

  it('computes results per site type, criterion, town and team, and the summary sentence', async () => {
    const res = (await admin.get(`/api/inspections/rounds/${roundId}/results`)).json();
    const problems = 2;
    expect(res.summary).toMatchObject({ problemsFound: problems, dispatched: problems, rectified: 0 });
    expect(res.summary.sentence).toBe(`本轮督查点位${res.summary.sitesVisited}个，发现问题${problems}项，已交办${problems}项，已整改0项，整改率0.0%`); // one decimal, as on screen
    expect(res.total.fails + res.total.severeFails).toBe(problems);
    expect(res.byTeam.map((l: { label: string }) => l.label)).toEqual(['第一组']);
    expect(res.byCriterion.find((l: { key: string }) => l.key === failing.items[0]!.criterionCode)).toMatchObject({ severeFails: 1 });
    expect(res.byTown.some((l: { label: string }) => l.label === failing.assignment.site.town!.name)).toBe(true);
    const en = await admin.request('GET', `/api/inspections/rounds/${roundId}/results`, undefined, { headers: { 'accept-language': 'en' } });
    expect(en.json().summary.sentence).toMatch(/^This round inspected/);
  });

  it('feeds the latest pass rate of each criterion into the framework’s projected score', async () => {
    const score = (await leader.get(`/api/frameworks/${frameworkId}/score`)).json();
    const code = failing.items[0]!.criterionCode;
    const line = score.criteria.find((c: { code: string }) => c.code === code);
    const res = (await admin.get(`/api/inspections/rounds/${roundId}/results`)).json();
    const rate = res.byCriterion.find((l: { key: string }) => l.key === code).itemPassRate;
    expect(rate).toBeLessThan(1);
    // A site-only criterion's rate is its site pass rate.
    const fw = (await admin.get(`/api/frameworks/${frameworkId}/nodes?q=${encodeURIComponent(code)}`))
      .json()
      .items.find((n: { code: string }) => n.code === code);
    expect(fw.methods).toEqual(['site']);
    expect(line.rate).toBe(rate);
  });
});
