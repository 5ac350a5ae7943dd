import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { CASE_STATE_LABELS } from '@chuangwen/domain/cases/case.labels';
import type { ExportJob } from '@chuangwen/domain/exports/export.schemas';
import { createTestApp, type Client, type TestApp } from '../../test/harness';
import { cellText } from '../../platform/excel/excel';
import { users } from '../../platform/identity/user.tables';
import { exportJobs } from './export.tables';
import { partKey } from './export.file';
import { removeExpiredExports } from './export.worker';

let t: TestApp;
let admin: Client;
let manager: Client;
let handler: Client;
beforeAll(async () => {
  t = await createTestApp({}, { demoCases: true });
  [admin, manager, handler] = await Promise.all([t.login('admin'), t.login('manager'), t.login('handler')]);
}, 60_000);
afterAll(() => t.close());

async function waitFor(client: Client, id: string): Promise<ExportJob> {
  for (let i = 0; i < 1000; i++) {
    const res = await client.get(`/api/exports/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    const job = res.json<ExportJob>();
    if (job.state === 'done' || job.state === 'failed') return job;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`export ${id} did not finish`);
}

/** Starts an export, waits for it and reads the workbook back: sheets as arrays of row texts. */
async function exportLedger(client: Client, kind: string, filters: Record<string, unknown> = {}) {
  const res = await client.post('/api/exports', { kind, filters });
  expect(res.statusCode, res.body).toBe(201);
  const job = await waitFor(client, res.json<ExportJob>().id);
  expect(job.state, job.error ?? '').toBe('done');
  const file = await client.get(job.downloadUrl!);
  expect(file.statusCode).toBe(200);
  expect(file.headers['content-type']).toContain('spreadsheetml');
  expect(Number(file.headers['content-length'])).toBe(file.rawPayload.length);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
  const sheets = wb.worksheets.map((ws) => {
    const rows: string[][] = [];
    ws.eachRow((row) => rows.push((row.values as ExcelJS.CellValue[]).slice(1).map((v) => cellText(v))));
    return { name: ws.name, header: rows[0] ?? [], rows: rows.slice(1), sheet: ws };
  });
  return { job, sheets };
}

async function allCaseNumbers(client: Client, query = ''): Promise<string[]> {
  const numbers: string[] = [];
  let cursor: string | null = null;
  do {
    const res = await client.get(`/api/cases?limit=200${query}${cursor ? `&cursor=${cursor}` : ''}`);
    const page = res.json<{ items: { number: string }[]; nextCursor: string | null }>();
    numbers.push(...page.items.map((c) => c.number));
    cursor = page.nextCursor;
  } while (cursor);
  return numbers;
}

describe('ledger exports', () => {
  it('exports the cases ledger with the list’s rows and filters, progress reaching the total', async () => {
    const { job, sheets } = await exportLedger(admin, 'cases');
    const [sheet] = sheets;
    expect(sheet!.name).toBe('问题台账');
    expect(sheet!.header.slice(0, 4)).toEqual(['问题编号', '上报时间', '来源', '性质']);
    const numbers = await allCaseNumbers(admin);
    expect(numbers.length).toBeGreaterThan(20);
    expect(sheet!.rows.map((r) => r[0])).toEqual(numbers);
    expect(job.rowsTotal).toBe(numbers.length);
    expect(job.rowsDone).toBe(job.rowsTotal);
    expect(job.fileName).toMatch(/^问题台账-\d{8}-\d{4}\.xlsx$/);
    // A real case's cells: state label and responsible unit as the API shows them.
    const first = (await admin.get('/api/cases?limit=1')).json<{
      items: { number: string; state: 'closed'; responsibleUnit: { name: string } | null; address: string }[];
    }>().items[0]!;
    const row = sheet!.rows[0]!;
    const col = (name: string) => sheet!.header.indexOf(name);
    expect(row[col('状态')]).toBe(CASE_STATE_LABELS['zh-CN'][first.state]);
    expect(row[col('地点')]).toBe(first.address);
    expect(row[col('责任单位')]).toBe(first.responsibleUnit?.name ?? '');

    const closed = await exportLedger(admin, 'cases', { state: ['closed'] });
    expect(closed.sheets[0]!.rows.map((r) => r[0])).toEqual(await allCaseNumbers(admin, '&state=closed'));
    expect(new Set(closed.sheets[0]!.rows.map((r) => r[col('状态')]))).toEqual(new Set([CASE_STATE_LABELS['zh-CN'].closed]));
  });

  it('limits unit staff to the cases of their units', async () => {
    const all = await allCaseNumbers(admin);
    for (const client of [manager, handler]) {
      const { sheets } = await exportLedger(client, 'cases');
      const exported = sheets[0]!.rows.map((r) => r[0]);
      expect(exported).toEqual(await allCaseNumbers(client));
      expect(exported.length).toBeGreaterThan(0);
      expect(exported.length).toBeLessThan(all.length);
    }
    // Asking for another unit's cases finds only what the caller sees anyway.
    const units = (await admin.get('/api/units')).json<{ items: { id: number; name: string }[] }>().items;
    const other = units.find((u) => u.name === '县综合行政执法局')!;
    const { sheets } = await exportLedger(manager, 'cases', { unitId: other.id });
    expect(sheets[0]!.rows.map((r) => r[0])).toEqual(await allCaseNumbers(manager, `&unitId=${other.id}`));
  });

  it('exports inspections: rounds with pass rates and every site visit', async () => {
    const { sheets, job } = await exportLedger(admin, 'inspections');
    const [rounds, visits] = sheets;
    expect(rounds!.header).toContain('点位合格率');
    const apiRounds = (await admin.get('/api/inspections/rounds')).json<{ items: { id: number; name: string }[] }>().items;
    expect(rounds!.rows.map((r) => r[0]).sort()).toEqual(apiRounds.map((r) => r.name).sort());
    const finished = apiRounds.find((r) => rounds!.rows.find((x) => x[0] === r.name && Number(x[6]) > 0))!;
    const results = (await admin.get(`/api/inspections/rounds/${finished.id}/results`)).json<{
      total: { sitePassRate: number | null };
      summary: { sitesVisited: number; problemsFound: number };
    }>();
    const rowIndex = rounds!.rows.findIndex((x) => x[0] === finished.name) + 2;
    const rateCell = rounds!.sheet.getRow(rowIndex).getCell(rounds!.header.indexOf('点位合格率') + 1);
    expect(rateCell.value).toBe(results.total.sitePassRate);
    expect(rateCell.numFmt).toBe('0.0%'); // one decimal, like the screen
    expect(Number(rounds!.rows[rowIndex - 2]![rounds!.header.indexOf('已检查点位')])).toBe(results.summary.sitesVisited);
    expect(visits!.header.slice(0, 5)).toEqual(['督查轮次', '督查组', '镇街', '点位编码', '点位']);
    const failures = visits!.rows.filter((r) => r[visits!.header.indexOf('结果')] !== '合格');
    expect(failures.length).toBe(results.summary.problemsFound);
    expect(job.rowsDone).toBe(rounds!.rows.length + visits!.rows.length);
  });

  it('exports the responsibility matrix and the evidence of the published framework', async () => {
    const frameworks = (await admin.get('/api/frameworks')).json<{ items: { id: number; status: string }[] }>().items;
    const published = frameworks.find((f) => f.status === 'published')!;
    const matrix = (await admin.get(`/api/frameworks/${published.id}/responsibilities`)).json<{
      items: { code: string; responsibility: { lead: { name: string } } | null }[];
    }>().items;
    const { sheets } = await exportLedger(admin, 'matrix');
    expect(sheets[0]!.header).toEqual(['序号', '编码', '测评项目', '测评内容', '测评标准', '牵头单位', '配合单位', '完成时限']);
    expect(sheets[0]!.rows.map((r) => r[1])).toEqual(matrix.map((m) => m.code));
    expect(sheets[0]!.rows[0]![5]).toBe(matrix[0]!.responsibility?.lead.name ?? '');

    const evidence = (await admin.get(`/api/frameworks/${published.id}/evidence?pageSize=100`)).json<{
      total: number;
      items: { code: string; unit: { name: string } }[];
    }>();
    expect(evidence.total).toBeGreaterThan(0);
    const ev = await exportLedger(admin, 'evidence', { frameworkId: published.id });
    expect(ev.sheets[0]!.header.slice(0, 3)).toEqual(['指标编码', '测评标准', '申报单位']);
    expect(ev.sheets[0]!.rows.map((r) => `${r[0]}|${r[2]}`).sort()).toEqual(evidence.items.map((e) => `${e.code}|${e.unit.name}`).sort());
    // The handler sees only its department's evidence.
    const mine = (await handler.get(`/api/frameworks/${published.id}/evidence?pageSize=100`)).json<{ total: number }>();
    const theirs = await exportLedger(handler, 'evidence', { frameworkId: published.id });
    expect(theirs.sheets[0]!.rows.length).toBe(mine.total);
    expect(mine.total).toBeLessThan(evidence.total);
  });

  it('exports units and users within the caller’s scope, in the caller’s language', async () => {
    const units = (await manager.get('/api/units')).json<{ items: { code: string }[] }>().items;
    const u = await exportLedger(manager, 'units');
    expect(u.sheets[0]!.header.slice(0, 4)).toEqual(['编码', '名称', '简称', '类型']);
    expect(u.sheets[0]!.rows.map((r) => r[0]).sort()).toEqual(units.map((x) => x.code).sort());

    const list = (await admin.get('/api/users?pageSize=100')).json<{ total: number; items: { username: string; name: string; unitName: string }[] }>();
    admin.lang = 'en';
    try {
      const { sheets, job } = await exportLedger(admin, 'users');
      expect(job.fileName).toMatch(/^users-/);
      expect(sheets[0]!.header.slice(0, 4)).toEqual(['Username', 'Name', 'Phone', 'Unit']);
      expect(sheets[0]!.rows.length).toBe(list.total);
      const row = sheets[0]!.rows.find((r) => r[0] === 'manager')!;
      const api = list.items.find((x) => x.username === 'manager')!;
      expect([row[1], row[3]]).toEqual([api.name, api.unitName]);
      expect(row[4]).toContain('Unit manager');
    } finally {
      admin.lang = 'zh-CN';
    }
    const scoped = await exportLedger(manager, 'users');
    const managerList = (await manager.get('/api/users?pageSize=100')).json<{ total: number }>();
    expect(scoped.sheets[0]!.rows.length).toBe(managerList.total);
    expect(managerList.total).toBeLessThan(list.total);
  });

  it('refuses kinds the caller may not read, and other people’s exports', async () => {
    expect((await handler.post('/api/exports', { kind: 'users' })).statusCode).toBe(403);
    expect((await handler.post('/api/exports', { kind: 'inspections' })).statusCode).toBe(403);
    const grid = await t.login('grid');
    expect((await grid.post('/api/exports', { kind: 'cases' })).statusCode).toBe(403);
    expect((await admin.post('/api/exports', { kind: 'nonsense' })).statusCode).toBe(400);

    const mine = (await manager.post('/api/exports', { kind: 'units' })).json<ExportJob>();
    await waitFor(manager, mine.id);
    expect((await admin.get(`/api/exports/${mine.id}`)).statusCode).toBe(404);
    expect((await admin.get(`/api/exports/${mine.id}/file`)).statusCode).toBe(404);
    const listed = (await manager.get('/api/exports')).json<{ items: ExportJob[] }>().items;
    expect(listed.map((j) => j.id)).toContain(mine.id);
    expect(listed.every((j) => j.createdBy.name === listed[0]!.createdBy.name)).toBe(true);

    const audit = (await admin.get(`/api/audit?entityType=export&entityId=${mine.id}`)).json<{ items: { action: string; after: { kind: string } }[] }>();
    expect(audit.items.map((a) => a.action).sort()).toEqual(['export.create']);
    expect(audit.items[0]!.after.kind).toBe('units');
  });

  it('a job left running by a dead worker is started over, or failed after three attempts', async () => {
    const [adminUser] = await t.database.db.select({ id: users.id }).from(users).where(eq(users.username, 'admin'));
    const old = new Date(Date.now() - 10 * 60_000);
    const [retried, given] = await t.database.db
      .insert(exportJobs)
      .values([
        {
          kind: 'units',
          createdBy: adminUser!.id,
          state: 'running',
          attempts: 1,
          heartbeatAt: old,
          createdAt: old,
          worker: 'dead:1',
          fileParts: 1,
          rowsDone: 5,
        },
        { kind: 'units', createdBy: adminUser!.id, state: 'running', attempts: 3, heartbeatAt: old, createdAt: old, worker: 'dead:2' },
      ])
      .returning();
    await t.store.put(partKey(retried!.id, 0), Buffer.from('half a file'), 'application/octet-stream');
    // Any start wakes the worker, which first looks for orphaned jobs.
    await exportLedger(admin, 'units');
    const done = await waitFor(admin, retried!.id);
    expect(done.state).toBe('done');
    expect(done.attempts).toBe(2);
    const file = await admin.get(done.downloadUrl!);
    expect(file.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const failed = (await admin.get(`/api/exports/${given!.id}`)).json<ExportJob>();
    expect([failed.state, failed.errorCode]).toEqual(['failed', 'worker_lost']);
  });

  it('cleans up files and jobs after the retention period', async () => {
    const job = (await admin.post('/api/exports', { kind: 'units' })).json<ExportJob>();
    await waitFor(admin, job.id);
    expect(await t.store.get(partKey(job.id, 0))).not.toBeNull();
    const inEightDays = new Date(Date.now() + 8 * 86_400_000);
    const removed = await removeExpiredExports(t.database.db, t.store, new Date(inEightDays.getTime() - 7 * 86_400_000));
    expect(removed).toBeGreaterThan(0);
    expect(await t.store.get(partKey(job.id, 0))).toBeNull();
    expect((await admin.get(`/api/exports/${job.id}`)).statusCode).toBe(404);
    // The audit trail keeps the record.
    const audit = (await admin.get(`/api/audit?entityType=export&entityId=${job.id}`)).json<{ items: unknown[] }>();
    expect(audit.items.length).toBe(1);
  });
});
