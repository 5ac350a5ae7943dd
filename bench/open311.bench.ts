// Issue 6 target: POST /open311/v2/requests.json sustains ≥ 1,000 requests/s on PostgreSQL with
// zero errors (each request: API-key check + per-key limit, form parsing, a citizen case through
// case.create.ts's one-statement insert, the tracking-code row). The bench key's limit and the
// per-IP limit are raised by configuration, as an operator would for a trusted integration.
// Run: npx tsx bench/open311.bench.ts   (PostgreSQL at BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { root, startProcess, stop, signIn, benchDatabase } from './lib';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const port = 3312;
const base = `http://127.0.0.1:${port}`;

function hasWrk() {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (err) {
    return (err as { status?: number }).status !== undefined; // wrk --version exits 1 but exists
  }
}

async function main() {
  const loadBefore = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const { name, url: dbUrl, drop } = await benchDatabase('cw_bench311');
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
      OPEN311_IP_RATE_LIMIT: '100000000',
    },
    `${base}/api/health`,
    180_000,
  );
  try {
    const { cookie, csrf } = await signIn(base, 'admin');
    const keyRes = await fetch(`${base}/api/open311/keys`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'bench', ratePerMinute: 1_000_000 }),
    });
    const { key } = (await keyRes.json()) as { key: string };
    const body = new URLSearchParams({
      api_key: key,
      service_code: 'incident-01-02',
      lat: '29.91',
      long: '119.625',
      description: '路边垃圾堆积未及时清运',
      first_name: '张',
      phone: '13800000000',
    }).toString();
    const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
    const probe = await fetch(`${base}/open311/v2/requests.json`, { method: 'POST', headers, body });
    if (probe.status !== 200) throw new Error(`probe failed: ${probe.status} ${await probe.text()}`);

    let rps: number, p50: number, p99: number, errors: number, tool: string;
    if (hasWrk()) {
      tool = 'wrk';
      const lua = path.join(os.tmpdir(), `${name}.lua`);
      fs.writeFileSync(
        lua,
        ['wrk.method = "POST"', `wrk.body = ${JSON.stringify(body)}`, `wrk.headers["content-type"] = ${JSON.stringify(headers['content-type'])}`].join('\n'),
      );
      const wrk = (secs: number) =>
        execFileSync('wrk', ['-t2', `-c${connections}`, `-d${secs}s`, '--latency', '-s', lua, `${base}/open311/v2/requests.json`], { encoding: 'utf8' });
      wrk(2);
      const out = wrk(seconds);
      const ms = (re: RegExp) => {
        const m = re.exec(out);
        return m ? Number(m[1]) * (m[2] === 's' ? 1000 : m[2] === 'us' ? 0.001 : 1) : NaN;
      };
      rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
      p50 = ms(/50%\s+([\d.]+)(us|ms|s)/);
      p99 = ms(/99%\s+([\d.]+)(us|ms|s)/);
      errors = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0) + Number(/Socket errors: .*?(\d+)/.exec(out)?.[1] ?? 0);
    } else {
      tool = 'autocannon';
      const r = await autocannon({ url: `${base}/open311/v2/requests.json`, method: 'POST', headers, body, connections, duration: seconds, pipelining: 1 });
      rps = r.requests.average;
      p50 = r.latency.p50;
      p99 = r.latency.p99;
      errors = r.errors + r.non2xx;
    }
    const check = new pg.Client({ connectionString: dbUrl });
    await check.connect();
    const {
      rows: [count],
    } = await check.query(`select count(*)::int as n, count(distinct r.tracking_code)::int as codes,
      count(*) filter (where c.source = 'citizen')::int as citizen from citizen_reports r join cases c on c.id = r.case_id`);
    await check.end();
    const loadAfter = os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
    const lines = [
      `### open311.bench.ts — ${new Date().toISOString()}`,
      `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL (local), server pool ${process.env.PG_POOL_MAX ?? 10} connections; load average before: ${loadBefore}, after: ${loadAfter}`,
      `POST /open311/v2/requests.json (${tool}), ${connections} connections, ${seconds} s: ${rps.toFixed(0)} requests/s (p50 ${p50} ms, p99 ${p99} ms, errors ${errors})`,
      `target ≥ 1,000 requests/s with zero errors: ${rps >= 1000 && errors === 0 ? 'PASS' : 'FAIL'}`,
      `check: ${count.n} citizen reports, ${count.codes} distinct tracking codes, ${count.citizen} cases with source citizen`,
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
