import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The real process, killed for real: acknowledged writes survive `kill -9`, and SIGTERM drains
// the requests in flight. Runs on PostgreSQL when TEST_DATABASE_URL is set, else on a PGlite folder.
// A drill (`npm run test:drills`, also in .ci/run): it runs the bundle `npm start` runs, so each
// start costs no TypeScript transpiling, and it waits on signals (health, acknowledged writes), not on time.
const repoRoot = path.resolve(import.meta.dirname, '../../../..');
const port = 3400 + Math.floor(Math.random() * 500);
const base = `http://127.0.0.1:${port}`;
let env: Record<string, string>;
let dropDatabase = async () => {};
let dataDir = '';

let bundle = '';
const FIRST_PASSWORD = 'drill-first-password-1';
const PASSWORD = 'drill-changed-password-2';
let passwordChanged = false;

beforeAll(async () => {
  const built = spawnSync(process.execPath, ['scripts/build-server.mjs'], { cwd: repoRoot, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`server bundle failed: ${built.stderr}`);
  bundle = path.join(repoRoot, 'apps/server/dist/server.mjs');
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-life-'));
  // Production with a first office admin: the first start applies the migrations and creates one
  // user, instead of seeding the demo county with its cases (40 s of the old 52 s on a loaded machine).
  env = {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    WEB_DIST: '',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    LOGIN_RATE_LIMIT: '1000',
    SESSION_SECRET: randomBytes(24).toString('hex'),
    ORG_NAME: '演练县',
    ORG_CODE: 'DRILL',
    ADMIN_USERNAME: 'drill',
    ADMIN_PASSWORD: FIRST_PASSWORD,
  };
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const name = `cw_life_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const target = new URL(url);
    target.pathname = `/${name}`;
    env.DATABASE_URL = target.toString();
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  }
});
afterAll(async () => {
  await dropDatabase();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function startServer(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--enable-source-maps', bundle], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: process.env.LIFECYCLE_DEBUG ? 'inherit' : 'ignore',
  });
  // Ready when health answers; a start that died (port taken, bad bundle) fails at once.
  const died = exited(child).then((code) => {
    throw new Error(`server exited (${code}) before it was ready`);
  });
  died.catch(() => undefined);
  for (let i = 0; i < 1200; i++) {
    const ok = await Promise.race([
      fetch(`${base}/api/health`).then(
        (r) => r.ok,
        () => false,
      ),
      died,
    ]);
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error('server did not start');
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((r) => (child.exitCode !== null || child.signalCode !== null ? r(child.exitCode) : child.once('exit', (code) => r(code))));

/** Signs in as the first office admin; the first time, changes the initial password as required. */
async function signIn() {
  const password = passwordChanged ? PASSWORD : FIRST_PASSWORD;
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'drill', password }),
  });
  if (res.status !== 200) throw new Error(`login answered ${res.status}: ${await res.text()}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const csrf = cookies.find((c) => c.startsWith('cw_csrf='))!.split('=')[1]!;
  const auth = { cookie: cookies.join('; '), csrf };
  if (!passwordChanged) {
    const changed = await fetch(`${base}/api/auth/password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: auth.cookie, 'x-csrf-token': csrf },
      body: JSON.stringify({ currentPassword: FIRST_PASSWORD, newPassword: PASSWORD }),
    });
    if (changed.status !== 200) throw new Error(`password change answered ${changed.status}: ${await changed.text()}`);
    passwordChanged = true;
  }
  return auth;
}

async function storedUnitCodes(auth: { cookie: string }, prefix: string): Promise<Set<string>> {
  const res = await fetch(`${base}/api/units?q=${prefix}`, { headers: { cookie: auth.cookie } });
  const body = (await res.json()) as { items: { code: string }[] };
  return new Set(body.items.map((u) => u.code));
}

function createUnit(auth: { cookie: string; csrf: string }, parentId: number, code: string) {
  return fetch(`${base}/api/units`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: auth.cookie, 'x-csrf-token': auth.csrf },
    body: JSON.stringify({ parentId, kind: 'department', name: `压力测试 ${code}`, code }),
  });
}

describe('process lifecycle', () => {
  it('keeps every acknowledged write through kill -9', async () => {
    let server = await startServer();
    const auth = await signIn();
    const acknowledged: string[] = [];
    let stop = false;
    const writers = Array.from({ length: 4 }, async (_, w) => {
      for (let i = 0; !stop; i++) {
        const code = `K9-${w}-${i}`;
        try {
          const res = await createUnit(auth, 1, code);
          if (res.status === 201) acknowledged.push(code);
        } catch {
          return; // the server died under us: this write was never acknowledged
        }
      }
    });
    // Kill once writes are flowing (a count, not a sleep: on a loaded machine 1.5 s may be no writes at all).
    for (let i = 0; acknowledged.length < 20 && i < 3000; i++) await new Promise((r) => setTimeout(r, 10));
    server.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    await exited(server);
    expect(acknowledged.length).toBeGreaterThan(5);

    server = await startServer();
    const after = await signIn();
    const stored = await storedUnitCodes(after, 'K9-');
    const lost = acknowledged.filter((c) => !stored.has(c));
    expect(lost).toEqual([]);
    server.kill('SIGTERM');
    await exited(server);
  });

  it('drains requests in flight on SIGTERM and exits cleanly', async () => {
    const server = await startServer();
    const auth = await signIn();
    const inFlight = Array.from({ length: 40 }, (_, i) =>
      createUnit(auth, 1, `TERM-${i}`).then(
        (r) => r.status,
        () => 'refused',
      ),
    );
    await new Promise((r) => setTimeout(r, 30));
    server.kill('SIGTERM');
    const results = await Promise.all(inFlight);
    const code = await exited(server);
    expect(code).toBe(0);
    // Each request either completed (201) or was never accepted; none was cut off half-way.
    expect(results.every((r) => r === 201 || r === 'refused' || r === 503)).toBe(true);
    expect(results.filter((r) => r === 201).length).toBeGreaterThan(0);
    const restarted = await startServer();
    const stored = await storedUnitCodes(await signIn(), 'TERM-');
    expect(stored.size).toBeGreaterThanOrEqual(results.filter((r) => r === 201).length);
    restarted.kill('SIGTERM');
    await exited(restarted);
  });
});
