// Issue #12 target: a realistic page load of the office app — the signed-in user, the client
// configuration, the unit's inbox, a 20-row case list and one case's detail — sustains
// ≥ 1,000 page loads/s on PostgreSQL with p99 ≤ 100 ms per request, through the ordinary pipeline.
// Each autocannon connection repeats the five requests in order (one page load per cycle).
// Run: npx tsx bench/pageload.bench.ts   (PostgreSQL at BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { startProcess, stop, signIn, benchDatabase } from './lib';
// @ts-expect-error a plain .mjs script without types
import { buildServer } from '../scripts/build-server.mjs';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 20);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const port = 3312;
const base = `http://127.0.0.1:${port}`;
const PAGE = ['/api/auth/me', '/api/config', '/api/cases/inbox?limit=20', '/api/cases?limit=20'];

async function main() {
  await buildServer();
  const loadBefore = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const db = await benchDatabase();
  // What `npm start` runs, on PostgreSQL, with the demo county and its cases.
  const server = await startProcess(
    process.execPath,
    ['apps/server/dist/server.mjs'],
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: db.url,
      WEB_DIST: '',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
      CASE_JOB_INTERVAL_MS: '0',
    },
    `${base}/api/health`,
    180_000,
  );
  try {
    const { cookie } = await signIn(base, 'inspector');
    const list = (await (await fetch(`${base}/api/cases?limit=20`, { headers: { cookie } })).json()) as { items: { id: number }[] };
    if (list.items.length < 20) throw new Error(`the demo case list has ${list.items.length} rows for the inspector, expected 20`);
    const paths = [...PAGE, `/api/cases/${list.items[7]!.id}`];
    for (const p of paths) {
      const res = await fetch(base + p, { headers: { cookie } });
      if (res.status !== 200) throw new Error(`${p} answered ${res.status}`);
    }
    const requests = paths.map((p) => ({ method: 'GET' as const, path: p, headers: { cookie } }));
    const run = (duration: number) => autocannon({ url: base, connections, duration, requests, pipelining: 1 });
    await run(3); // warm-up
    const results = [];
    for (let i = 0; i < rounds; i++) results.push(await run(seconds));

    const lines = [
      `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; ${new Date().toISOString()}`,
      `page load = ${paths.join(' + ')} as the demo's inspector (county-wide), PostgreSQL, ${connections} connections, ${rounds} rounds of ${seconds} s:`,
    ];
    let best = 0;
    let worstP99 = 0;
    for (const [i, r] of results.entries()) {
      const pageLoads = r.requests.total / paths.length / r.duration;
      best = Math.max(best, pageLoads);
      worstP99 = Math.max(worstP99, r.latency.p99);
      lines.push(
        `  round ${i + 1}: ${pageLoads.toFixed(0)} page loads/s (${(r.requests.total / r.duration).toFixed(0)} req/s), latency p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, errors ${r.errors + r.non2xx}`,
      );
    }
    const loads = results.map((r) => r.requests.total / paths.length / r.duration).sort((a, b) => a - b);
    const median = loads[Math.floor(loads.length / 2)]!;
    lines.push(
      `median ${median.toFixed(0)} page loads/s (target ≥ 1000) ${median >= 1000 ? 'PASS' : 'FAIL'}; worst p99 ${worstP99} ms (target ≤ 100) ${worstP99 <= 100 ? 'PASS' : 'FAIL'}`,
    );
    console.log(lines.join('\n'));
    fs.appendFileSync(
      path.join(import.meta.dirname, 'RESULTS.md'),
      `\n### pageload.bench.ts — ${new Date().toISOString()}\nload average before: ${loadBefore}, after: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}\n${lines.join('\n')}\n`,
    );
  } finally {
    await stop(server.child);
    await db.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
