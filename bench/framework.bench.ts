// Issue "Evaluation framework" targets, measured through the HTTP API on PostgreSQL:
//  1. importing a 2,000-criterion framework (JSON) and its responsibility matrix (Excel, 2,000 rows
//     over 500 units) takes ≤ 3 s;
//  2. recomputing the projected score of that framework (after a self-assessment change, so no
//     cache can answer) takes ≤ 200 ms per request.
// Run: npx tsx bench/framework.bench.ts   (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { buildLargeFramework } from '../packages/domain/src/framework/framework.factories';
import { criteriaPointsTotal } from '../packages/domain/src/framework/framework.tree';
import { formatPoints } from '../packages/domain/src/framework/framework.points';
import { loadConfig } from '../apps/server/src/platform/config';
import { openDatabase } from '../apps/server/src/platform/db/db';
import { prepareDatabase } from '../apps/server/src/app';
import { buildApp } from '../apps/server/src/app';
import { memoryStore } from '../apps/server/src/platform/storage/storage';
import { root } from './lib';

const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const UNITS = 500;
const RUNS = 15;

async function admin(q: string) {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(q);
  } finally {
    await c.end();
  }
}

async function xlsx(name: string, rows: (string | number)[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(name);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function form(buffer: Buffer, filename: string) {
  const body = new FormData();
  body.append('file', new Blob([new Uint8Array(buffer)]), filename);
  return body;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const dbName = `cw_bench_fw_${randomBytes(4).toString('hex')}`;
  await admin(`create database ${dbName}`);
  const target = new URL(adminUrl);
  target.pathname = `/${dbName}`;
  const database = await openDatabase({ url: target.toString(), dataDir: '' });
  const config = { ...loadConfig({ NODE_ENV: 'test' }), webDist: null, logLevel: 'warn' as const, loginRateLimit: { max: 1000, windowMs: 60_000 } };
  await prepareDatabase(database, config, { demo: true });
  const app = await buildApp(config, database, { store: memoryStore() });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'chuangwen2026' }),
    });
    const cookies = login.headers.getSetCookie().map((c) => c.split(';')[0]!);
    const csrf = cookies.find((c) => c.startsWith('cw_csrf='))!.split('=')[1]!;
    const headers = { cookie: cookies.join('; '), 'x-csrf-token': csrf };
    const call = async (method: string, url: string, body?: unknown) => {
      const init: RequestInit = { method, headers: { ...headers, ...(body && !(body instanceof FormData) ? { 'content-type': 'application/json' } : {}) } };
      if (body) init.body = body instanceof FormData ? body : JSON.stringify(body);
      const res = await fetch(`${base}${url}`, init);
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${text.slice(0, 400)}`);
      return text ? JSON.parse(text) : null;
    };

    // Setup (not timed): 500 more units, as an office would import them.
    const unitRows: (string | number)[][] = [['编码', '名称', '类型', '上级编码']];
    for (let i = 1; i <= UNITS; i++) unitRows.push([`BENCH-${i}`, `基准单位${String(i).padStart(3, '0')}`, '职能部门', '339901']);
    await call('POST', '/api/units/import', form(await xlsx('单位', unitRows), 'units.xlsx'));

    const nodes = buildLargeFramework({ areas: 10, indicators: 10, items: 5, criteria: 4 });
    const criteria = nodes.filter((n) => n.level === 'criterion');
    const doc = {
      format: 'chuangwen.framework',
      formatVersion: 1,
      framework: { code: 'bench', name: '基准测评体系', edition: '2000', totalPoints: formatPoints(criteriaPointsTotal(nodes)) },
      nodes,
    };
    const unitName = (i: number) => `基准单位${String((i % UNITS) + 1).padStart(3, '0')}`;
    const matrixRows: (string | number)[][] = [['序号', '编码', '牵头单位', '配合单位', '完成时限']];
    criteria.forEach((c, i) => matrixRows.push([i + 1, c.code, unitName(i), `${unitName(i + 7)}、${unitName(i + 13)}`, '2026-12-31']));
    const matrixFile = await xlsx('责任分工', matrixRows);
    const docJson = JSON.stringify(doc);

    // 1. Import the framework and its matrix.
    const t0 = performance.now();
    const fw = await (async () => {
      const res = await fetch(`${base}/api/frameworks/import`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: docJson });
      if (res.status !== 201) throw new Error(await res.text());
      return res.json() as Promise<{ id: number; version: number; criteriaCount: number }>;
    })();
    const t1 = performance.now();
    const imported = await call('POST', `/api/frameworks/${fw.id}/responsibilities/import`, form(matrixFile, 'matrix.xlsx'));
    const t2 = performance.now();
    const importMs = t2 - t0;

    // Setup: publish; every criterion gets a status (direct insert — not what is measured).
    await call('POST', `/api/frameworks/${fw.id}/publish`, { version: fw.version });
    const statuses = ['met', 'mostlyMet', 'notMet', 'met', 'mostlyMet', 'notApplicable'];
    await database.db.execute(sql`insert into self_assessments (node_id, framework_id, status)
      select id, framework_id, (array[${sql.join(
        statuses.map((s) => sql`${s}`),
        sql`, `,
      )}])[1 + (id % ${statuses.length})]
      from framework_nodes where framework_id = ${fw.id} and level = 'criterion'`);
    await database.db.execute(sql`update frameworks set data_version = data_version + 1 where id = ${fw.id}`);
    const tree: { items: { id: number; level: string }[] } = await call('GET', `/api/frameworks/${fw.id}/nodes`);
    const criterionIds = tree.items.filter((n) => n.level === 'criterion').map((n) => n.id);
    await call('GET', `/api/frameworks/${fw.id}/score`); // warm-up (JIT, node cache)

    // 2. Recompute after a change, RUNS times.
    const recompute: number[] = [];
    const summary: number[] = [];
    const lossMs: number[] = [];
    const cached: number[] = [];
    let versions = new Map<number, number>();
    for (let i = 0; i < RUNS; i++) {
      const nodeId = criterionIds[(i * 131) % criterionIds.length]!;
      await call('PUT', `/api/frameworks/${fw.id}/self-assessments/${nodeId}`, {
        status: i % 2 ? 'met' : 'notMet',
        note: null,
        version: versions.get(nodeId) ?? 0,
      });
      versions.set(nodeId, (versions.get(nodeId) ?? 0) + 1);
      let s = performance.now();
      const score = await call('GET', `/api/frameworks/${fw.id}/score`);
      recompute.push(performance.now() - s);
      if (score.criteria.length !== criteria.length) throw new Error('wrong criteria count');
      s = performance.now();
      await call('GET', `/api/frameworks/${fw.id}/score`);
      cached.push(performance.now() - s);
      await call('PUT', `/api/frameworks/${fw.id}/self-assessments/${nodeId}`, { status: 'mostlyMet', note: null, version: versions.get(nodeId)! });
      versions.set(nodeId, versions.get(nodeId)! + 1);
      s = performance.now();
      const leader = await call('GET', `/api/frameworks/${fw.id}/score/summary`);
      summary.push(performance.now() - s);
      if (leader.worstUnits.length !== 10) throw new Error('summary');
      await call('PUT', `/api/frameworks/${fw.id}/self-assessments/${nodeId}`, { status: 'met', note: null, version: versions.get(nodeId)! });
      versions.set(nodeId, versions.get(nodeId)! + 1);
      s = performance.now();
      const loss = await call('GET', `/api/frameworks/${fw.id}/score/point-loss`);
      lossMs.push(performance.now() - s);
      if (loss.units.length < UNITS) throw new Error(`only ${loss.units.length} units ranked`);
    }
    versions = new Map();

    const load = os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
    const lines = [
      `### framework.bench.ts — ${new Date().toISOString()}`,
      `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL (${adminUrl.replace(/\/\/.*@/, '//…@')}); load average after run: ${load}`,
      `framework: ${criteria.length} criteria (${nodes.length} nodes, ${(docJson.length / 1024).toFixed(0)} KiB JSON); matrix: ${imported.updated} rows over ${UNITS} units (lead + 2 supporting each)`,
      `import JSON ${(t1 - t0).toFixed(0)} ms + matrix Excel ${(t2 - t1).toFixed(0)} ms = ${importMs.toFixed(0)} ms (target ≤ 3000 ms) ${importMs <= 3000 ? 'PASS' : 'FAIL'}`,
      `GET /score after a status change (recompute, ${RUNS} runs): median ${median(recompute).toFixed(1)} ms, max ${Math.max(...recompute).toFixed(1)} ms (target ≤ 200 ms) ${Math.max(...recompute) <= 200 ? 'PASS' : 'FAIL'}`,
      `GET /score unchanged (cached by data version): median ${median(cached).toFixed(1)} ms`,
      `GET /score/summary after a change: median ${median(summary).toFixed(1)} ms, max ${Math.max(...summary).toFixed(1)} ms; GET /score/point-loss (${UNITS}+ units ranked) after a change: median ${median(lossMs).toFixed(1)} ms, max ${Math.max(...lossMs).toFixed(1)} ms`,
      '',
    ];
    console.log(lines.join('\n'));
    fs.appendFileSync(path.join(root, 'bench/RESULTS.md'), `\n${lines.join('\n')}`);
  } finally {
    await app.close();
    await database.close();
    await admin(`drop database if exists ${dbName} with (force)`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
