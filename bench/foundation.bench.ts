// Issue "Foundation" targets, measured in one run on this machine:
//  1. a trivial authenticated GET (/api/auth/me) reaches ≥ 0.8× the requests/s of a bare node:http
//     hello world;
//  2. the second start of the server (database already created and seeded) is ready in ≤ 5 s.
// Run: npx tsx bench/foundation.bench.ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { load, startProcess, stop } from './lib';
// @ts-expect-error a plain .mjs script without types
import { buildServer } from '../scripts/build-server.mjs';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-bench-'));
// What `npm start` runs: the bundled server with plain Node (scripts/build-server.mjs).
const serverArgs = ['--enable-source-maps', 'apps/server/dist/server.mjs'];
const serverEnv = { PORT: '3301', DATA_DIR: dataDir, WEB_DIST: '', LOG_LEVEL: 'warn', NODE_ENV: 'development' };
const health = 'http://127.0.0.1:3301/api/health';

async function main() {
  await buildServer();
  const loadBefore = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  // Baseline
  const hello = await startProcess(process.execPath, ['bench/hello-server.mjs'], { PORT: '3300' }, 'http://127.0.0.1:3300/');
  await load('http://127.0.0.1:3300/', { seconds: 2 }); // warm-up
  const base = await load('http://127.0.0.1:3300/', { seconds, pid: hello.child.pid });
  await stop(hello.child);

  // Where the gap goes: the framework alone, then with the platform's security headers.
  const layers: { name: string; rps: number }[] = [];
  for (const [name, env] of [['plain Fastify', {}], ['Fastify + security headers', { WITH_HEADERS: '1' }]] as const) {
    const server = await startProcess(process.execPath, ['bench/fastify-server.mjs'], { PORT: '3302', ...env }, 'http://127.0.0.1:3302/');
    await load('http://127.0.0.1:3302/', { seconds: 2 });
    layers.push({ name, rps: (await load('http://127.0.0.1:3302/', { seconds })).rps });
    await stop(server.child);
  }

  // First start creates and seeds the database; the second is what an operator waits for.
  const first = await startProcess(process.execPath, serverArgs, serverEnv, health, 120_000);
  await stop(first.child);
  const second = await startProcess(process.execPath, serverArgs, serverEnv, health, 60_000);

  const login = await fetch('http://127.0.0.1:3301/api/auth/login', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'leader', password: 'chuangwen2026' }),
  });
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  await load('http://127.0.0.1:3301/api/auth/me', { headers: { cookie }, seconds: 2 });
  const me = await load('http://127.0.0.1:3301/api/auth/me', { headers: { cookie }, seconds, pid: second.child.pid });
  await stop(second.child);
  fs.rmSync(dataDir, { recursive: true, force: true });

  const ratio = me.rps / base.rps;
  const lines = [
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; ${new Date().toISOString()}`,
    `bare node:http hello world: ${base.rps.toFixed(0)} req/s (p99 ${base.p99} ms, errors ${base.errors}; server CPU ${base.cpuUsPerRequest?.toFixed(1)} µs/request)`,
    `GET /api/auth/me (signed in):  ${me.rps.toFixed(0)} req/s (p99 ${me.p99} ms, errors ${me.errors}; server CPU ${me.cpuUsPerRequest?.toFixed(1)} µs/request)`,
    ...layers.map((l) => `${l.name}: ${l.rps.toFixed(0)} req/s (${(l.rps / base.rps).toFixed(2)}× bare)`),
    `ratio: ${ratio.toFixed(2)}× (target ≥ 0.80×) ${ratio >= 0.8 ? 'PASS' : 'FAIL'}; CPU per request, hello / ours: ${base.cpuUsPerRequest && me.cpuUsPerRequest ? (base.cpuUsPerRequest / me.cpuUsPerRequest).toFixed(2) : '?'}×`,
    `first start (create + seed): ${(first.readyMs / 1000).toFixed(1)} s; second start: ${(second.readyMs / 1000).toFixed(1)} s (target ≤ 5 s) ${second.readyMs <= 5000 ? 'PASS' : 'FAIL'}`,
  ];
  console.log(lines.join('\n'));
  fs.appendFileSync(path.join(import.meta.dirname, 'RESULTS.md'), `\n### foundation.bench.ts — ${new Date().toISOString()}\nload average before: ${loadBefore}, after: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}\n${lines.join('\n')}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
