// Ledger export at scale: the cases ledger of the 1M-case database, exported through the API as a
// background job, with the server's resident memory sampled every 100 ms (/proc/<pid>/status VmRSS).
// Needs the generator's database (kept):
//   BENCH_DB=cw_dash KEEP_DB=1 npx tsx bench/generate-cases.ts
//   npx tsx bench/export.bench.ts
// Works on a copy (CREATE DATABASE … TEMPLATE), so the source stays as it was; KEEP_DB=1 keeps the copy.
// Target: peak RSS during the export and the download ≤ idle RSS + 300 MB. Also reports rows/s.
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { admin, adminUrl, root, startProcess, stop } from './lib';

const source = process.env.BENCH_DB ?? 'cw_dash';
const copy = `${source}_export_bench`;
const port = 3316;
const base = `http://127.0.0.1:${port}`;
const TARGET_MB = 300;

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** Samples a process's RSS every 100 ms until stopped. */
function sampler(pid: number) {
  const samples: number[] = [];
  const timer = setInterval(() => {
    try {
      samples.push(rssMb(pid));
    } catch {
      /* process gone */
    }
  }, 100);
  return {
    samples,
    stop: () => clearInterval(timer),
    peak: () => Math.max(...samples),
    median: () => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!,
  };
}

async function copyDatabase() {
  await admin(`drop database if exists ${copy}`);
  // A template must have no other sessions; wait a little for a helper that is connected.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin(`create database ${copy} template ${source}`);
      return;
    } catch (err) {
      if (attempt >= 60 || !/being accessed by other users/.test(String(err))) throw err;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}

async function main() {
  const loadBefore = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const t0 = performance.now();
  await copyDatabase();
  const copyS = (performance.now() - t0) / 1000;
  const url = new URL(adminUrl);
  url.pathname = `/${copy}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-export-bench-'));
  const server = await startProcess(
    process.execPath,
    ['--import', 'tsx', 'apps/server/src/main.ts'],
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: url.toString(),
      DATA_DIR: dataDir,
      WEB_DIST: '',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
      LOGIN_RATE_LIMIT: '1000',
      CASE_JOB_INTERVAL_MS: '0',
    },
    `${base}/api/health`,
    180_000,
  );
  const pid = server.child.pid!;
  try {
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'chuangwen2026' }),
    });
    const cookies = login.headers.getSetCookie().map((c) => c.split(';')[0]!);
    const headers = {
      cookie: cookies.join('; '),
      'x-csrf-token': cookies.find((c) => c.startsWith('cw_csrf='))?.slice(8) ?? '',
      'content-type': 'application/json',
    };
    // Warm the routes the run uses, then measure idle for 3 s.
    await (await fetch(`${base}/api/exports`, { headers })).text();
    await (await fetch(`${base}/api/cases?limit=50`, { headers })).text();
    const idleSampler = sampler(pid);
    await new Promise((r) => setTimeout(r, 3000));
    idleSampler.stop();
    const idle = idleSampler.median();

    const busy = sampler(pid);
    const started = performance.now();
    const res = await fetch(`${base}/api/exports`, { method: 'POST', headers, body: JSON.stringify({ kind: 'cases', filters: {} }) });
    if (res.status !== 201) throw new Error(`start: ${res.status} ${await res.text()}`);
    const { id } = (await res.json()) as { id: string };
    type Job = {
      state: string;
      rowsDone: number;
      rowsTotal: number | null;
      byteSize: number | null;
      startedAt: string | null;
      finishedAt: string | null;
      error: string | null;
      downloadUrl: string | null;
    };
    let job: Job;
    let lastPrint = 0;
    for (;;) {
      job = (await (await fetch(`${base}/api/exports/${id}`, { headers })).json()) as Job;
      if (job.state === 'done' || job.state === 'failed') break;
      if (performance.now() - lastPrint > 5000) {
        lastPrint = performance.now();
        console.log(
          `  ${job.state} ${job.rowsDone.toLocaleString('en')} / ${job.rowsTotal?.toLocaleString('en') ?? '?'} rows, RSS ${rssMb(pid).toFixed(0)} MB`,
        );
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    if (job.state !== 'done') throw new Error(`export failed: ${job.error}`);
    const exportS = (performance.now() - started) / 1000;
    const workS = (Date.parse(job.finishedAt!) - Date.parse(job.startedAt!)) / 1000;
    const exportPeak = busy.peak();

    // The download streams the stored parts; count the bytes and check the zip signature.
    const dlStart = performance.now();
    const file = await fetch(`${base}${job.downloadUrl}`, { headers });
    let bytes = 0;
    let head = '';
    for await (const chunk of file.body as unknown as AsyncIterable<Uint8Array>) {
      if (bytes === 0) head = Buffer.from(chunk.subarray(0, 2)).toString();
      bytes += chunk.byteLength;
    }
    const downloadS = (performance.now() - dlStart) / 1000;
    busy.stop();
    const peak = busy.peak();
    const delta = peak - idle;
    if (bytes !== job.byteSize || head !== 'PK') throw new Error(`download: ${bytes} bytes (expected ${job.byteSize}), starts with ${head}`);

    const rowsPerS = job.rowsDone / workS;
    const load = os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
    const pass = delta <= TARGET_MB;
    const out = [
      `### export.bench.ts — ${new Date().toISOString()}`,
      `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL (local); copy of ${source} made in ${copyS.toFixed(1)} s; load average before: ${loadBefore}, after: ${load}`,
      `cases ledger, all ${job.rowsDone.toLocaleString('en')} cases as the office admin (background job, local file store): ${workS.toFixed(1)} s in the worker, ${Math.round(rowsPerS).toLocaleString('en')} rows/s (${exportS.toFixed(1)} s start → done seen by polling); file ${(job.byteSize! / 2 ** 20).toFixed(1)} MiB, downloaded in ${downloadS.toFixed(1)} s`,
      `server RSS: idle ${idle.toFixed(0)} MB, peak during export ${exportPeak.toFixed(0)} MB, peak incl. download ${peak.toFixed(0)} MB (${busy.samples.length} samples every 100 ms)`,
      `peak − idle: ${delta.toFixed(0)} MB (target ≤ ${TARGET_MB} MB) ${pass ? 'PASS' : 'FAIL'}`,
      '',
    ];
    console.log(out.join('\n'));
    fs.appendFileSync(path.join(root, 'bench/RESULTS.md'), `\n${out.join('\n')}\n`);
    if (!pass) process.exitCode = 1;
  } finally {
    await stop(server.child);
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (!process.env.KEEP_DB) await admin(`drop database if exists ${copy} with (force)`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
