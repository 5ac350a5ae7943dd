// Issue 4 targets for creating cases, measured in one run on this machine:
//  1. POST /api/cases reaches ≥ 0.40× the transactions/s of pgbench running the identical INSERT
//     statement (the one-round-trip CTE of case.create.ts) on the same PostgreSQL;
//  2. ≥ 2,000 cases/s absolute, and p99 ≤ 50 ms at half that load.
// Run: npx tsx bench/cases.bench.ts   (PostgreSQL at BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { PgDialect } from 'drizzle-orm/pg-core';
import { caseInsertSql, shanghaiYear } from '../apps/server/src/features/cases/case.create';
import { root, startProcess, stop, signIn, benchDatabase } from './lib';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const port = 3311;
const base = `http://127.0.0.1:${port}`;

/** The statement the API runs, with its parameters inlined as literals for pgbench. */
function pgbenchScript(values: Parameters<typeof caseInsertSql>[0]): string {
  const { sql, params } = new PgDialect().sqlToQuery(caseInsertSql(values));
  const literal = (v: unknown) => (v === null || v === undefined ? 'null' : typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);
  return `${sql.replace(/\$(\d+)/g, (_, n: string) => literal(params[Number(n) - 1])).replace(/\s+/g, ' ')};\n`;
}

async function main() {
  const loadBefore = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const { name, url: dbUrl, drop } = await benchDatabase();
  const server = await startProcess(
    process.execPath,
    ['--import', 'tsx', 'apps/server/src/main.ts'],
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: dbUrl,
      WEB_DIST: '',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
      LOGIN_RATE_LIMIT: '1000',
      CASE_JOB_INTERVAL_MS: '0',
    },
    `${base}/api/health`,
    180_000,
  );
  try {
    const { cookie, csrf } = await signIn(base, 'inspector');
    const me = (await (await fetch(`${base}/api/auth/me`, { headers: { cookie } })).json()) as {
      id: number;
      unitId: number;
      name: string;
      username: string;
    };
    const input = {
      source: 'inspection' as const,
      nature: 'incident' as const,
      categoryCode: '01',
      subcategoryCode: '02',
      lon: 119.625,
      lat: 29.91,
      address: '示范县人民路12号',
      description: '路边垃圾堆积未及时清运',
      severity: 'normal' as const,
      beforePhotoIds: [] as string[],
    };
    const headers = { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' };
    const probe = await fetch(`${base}/api/cases`, { method: 'POST', headers, body: JSON.stringify(input) });
    const created = (await probe.json()) as { areaUnit: { id: number } };
    if (probe.status !== 201) throw new Error(`create failed: ${probe.status} ${JSON.stringify(created)}`);
    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    const {
      rows: [area],
    } = await client.query('select path from units where id = $1', [created.areaUnit.id]);
    await client.end();

    // Baseline: pgbench, same statement, same database, same number of clients.
    const script = pgbenchScript({
      year: shanghaiYear(new Date()),
      input,
      areaUnitId: created.areaUnit.id,
      areaUnitPath: area.path,
      reporterUserId: me.id,
      reporterName: me.name,
      auditActorName: `${me.name} (${me.username})`,
      ip: '127.0.0.1',
      userAgent: 'pgbench',
      submittedAt: new Date(),
      idempotencyKey: null,
    });
    const scriptFile = path.join(os.tmpdir(), `${name}.sql`);
    fs.writeFileSync(scriptFile, script);
    const pgb = (secs: number) =>
      execFileSync('pgbench', ['-n', '-M', 'prepared', '-c', String(connections), '-j', '2', '-T', String(secs), '-f', scriptFile, dbUrl], {
        encoding: 'utf8',
      });
    pgb(2);
    const out = pgb(seconds);
    const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1] ?? 0);
    const pgLatency = Number(/latency average = ([\d.]+) ms/.exec(out)?.[1] ?? 0);

    // Full load with wrk (C, light on the 2 shared cores); half load rate-limited with autocannon.
    const lua = path.join(os.tmpdir(), `${name}.lua`);
    fs.writeFileSync(
      lua,
      [
        'wrk.method = "POST"',
        `wrk.body = ${JSON.stringify(JSON.stringify(input))}`,
        ...Object.entries(headers).map(([k, v]) => `wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`),
      ].join('\n'),
    );
    const wrk = (secs: number) =>
      execFileSync('wrk', ['-t2', `-c${connections}`, `-d${secs}s`, '--latency', '-s', lua, `${base}/api/cases`], { encoding: 'utf8' });
    wrk(2);
    const wrkOut = wrk(seconds);
    const ms = (re: RegExp) => {
      const m = re.exec(wrkOut);
      if (!m) return NaN;
      return Number(m[1]) * (m[2] === 's' ? 1000 : m[2] === 'us' ? 0.001 : 1);
    };
    const full = {
      requests: { average: Number(/Requests\/sec:\s+([\d.]+)/.exec(wrkOut)?.[1] ?? 0) },
      latency: { p50: ms(/50%\s+([\d.]+)(us|ms|s)/), p99: ms(/99%\s+([\d.]+)(us|ms|s)/) },
      errors: Number(/Non-2xx or 3xx responses: (\d+)/.exec(wrkOut)?.[1] ?? 0) + Number(/Socket errors: .*?(\d+)/.exec(wrkOut)?.[1] ?? 0),
      non2xx: 0,
    };
    const half = await autocannon({
      url: `${base}/api/cases`,
      method: 'POST',
      headers,
      body: JSON.stringify(input),
      connections: Math.max(4, connections / 2),
      duration: seconds,
      overallRate: Math.round(full.requests.average / 2),
      pipelining: 1,
    });
    const load = os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
    const check = new pg.Client({ connectionString: dbUrl });
    await check.connect();
    const {
      rows: [count],
    } = await check.query('select count(*)::int as n, count(distinct number)::int as numbers from cases');
    await check.end();

    const ratio = full.requests.average / tps;
    const lines = [
      `### cases.bench.ts — ${new Date().toISOString()}`,
      `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL 15, server pool ${process.env.PG_POOL_MAX ?? 10} connections; load average before: ${loadBefore}, after: ${load}`,
      `pgbench, identical INSERT (one statement: case + event + audit), ${connections} clients: ${tps.toFixed(0)} tps (latency avg ${pgLatency} ms)`,
      `POST /api/cases (wrk), ${connections} connections: ${full.requests.average.toFixed(0)} cases/s (p50 ${full.latency.p50} ms, p99 ${full.latency.p99} ms, errors ${full.errors + full.non2xx})`,
      `ratio API / pgbench: ${ratio.toFixed(2)}× (target ≥ 0.40×) ${ratio >= 0.4 ? 'PASS' : 'FAIL'}`,
      `absolute: ${full.requests.average.toFixed(0)} cases/s (target ≥ 2,000/s) ${full.requests.average >= 2000 ? 'PASS' : 'FAIL'}`,
      `at half load (autocannon, ${Math.round(full.requests.average / 2)}/s offered): ${half.requests.average.toFixed(0)} cases/s, p99 ${half.latency.p99} ms (target ≤ 50 ms) ${half.latency.p99 <= 50 ? 'PASS' : 'FAIL'}`,
      `check: ${count.n} cases, ${count.numbers} distinct numbers`,
      '',
    ];
    console.log(lines.join('\n'));
    fs.appendFileSync(path.join(root, 'bench/RESULTS.md'), `${lines.join('\n')}\n`);
  } finally {
    await stop(server.child);
    await drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
