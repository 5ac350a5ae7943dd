import pg from 'pg';
import { spawn, type ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';

export const root = new URL('..', import.meta.url).pathname;

/** Starts a child process and resolves once `url` answers 200. */
export async function startProcess(cmd: string, args: string[], env: Record<string, string>, url: string, timeoutMs = 60_000) {
  const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`${cmd} exited early:\n${output}`);
    try {
      const res = await fetch(url);
      if (res.ok) return { child, readyMs: Date.now() - started, output: () => output };
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`${url} not ready after ${timeoutMs} ms:\n${output}`);
}

export async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

export async function load(url: string, opts: { headers?: Record<string, string>; seconds?: number; connections?: number } = {}) {
  const result = await autocannon({ url, connections: opts.connections ?? 50, duration: opts.seconds ?? 10, headers: opts.headers, pipelining: 1 });
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

export function machine() {
  return `${process.platform} ${process.arch}, ${(globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? '?'} cores, Node ${process.version}`;
}

/** The PostgreSQL server the benches create their databases on. */
export const adminUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** One statement on the admin connection (create/drop database, counts). */
export async function admin(sqlText: string) {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    return await c.query(sqlText);
  } finally {
    await c.end();
  }
}
