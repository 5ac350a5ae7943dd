import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
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

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux). */
export function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * (1000 / 100); // clock ticks at USER_HZ 100
}

/**
 * Loads `url` with autocannon. With `pid`, also reports the server's CPU microseconds per request:
 * unlike requests/s it does not depend on how much CPU the load generator got on a shared machine.
 */
export async function load(url: string, opts: { headers?: Record<string, string>; seconds?: number; connections?: number; pid?: number } = {}) {
  const before = opts.pid ? cpuMs(opts.pid) : 0;
  const result = await autocannon({ url, connections: opts.connections ?? 50, duration: opts.seconds ?? 10, headers: opts.headers, pipelining: 1 });
  const cpuUsPerRequest = opts.pid && result.requests.total > 0 ? ((cpuMs(opts.pid) - before) * 1000) / result.requests.total : null;
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx, cpuUsPerRequest };
}

/** Signs a demo user in (password of the demo county): the Cookie header and the CSRF token. */
export async function signIn(base: string, username: string) {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'chuangwen2026' }),
  });
  if (res.status !== 200) throw new Error(`signing in ${username} answered ${res.status}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
  return { cookie: cookies.join('; '), csrf: cookies.find((c) => c.startsWith('cw_csrf='))?.slice('cw_csrf='.length) ?? '' };
}

export function machine() {
  return `${process.platform} ${process.arch}, ${(globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? '?'} cores, Node ${process.version}`;
}

/** The PostgreSQL server the benches create their databases on. */
export const adminUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A fresh database on the bench server: its name, its URL, and `drop` for the end of the run. */
export async function benchDatabase(prefix = 'cw_bench') {
  const name = `${prefix}_${randomBytes(3).toString('hex')}`;
  await admin(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

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
