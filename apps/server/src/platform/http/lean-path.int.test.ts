import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type TestApp } from '../../test/harness';
import { CSRF_HEADER, SESSION_COOKIE } from '../auth/session';

// The lean path lives in the HTTP listener, so these tests talk to a listening server over a real
// socket (inject would go straight to Fastify). Sessions are cached as in production.
let t: TestApp;
let base: string;

beforeAll(async () => {
  t = await createTestApp({ sessionCacheMs: 60_000 });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  if (!address || typeof address === 'string') throw new Error('not listening');
  base = `http://127.0.0.1:${address.port}`;
});
afterAll(() => t.close());

type Answer = { status: number; headers: Record<string, string>; body: string };

async function get(path: string, cookie?: string): Promise<Answer> {
  const res = await fetch(`${base}${path}`, { headers: { ...(cookie ? { cookie } : {}), 'accept-language': 'en' } });
  const headers: Record<string, string> = {};
  res.headers.forEach((value, key) => {
    if (key !== 'date') headers[key] = value;
  });
  return { status: res.status, headers, body: await res.text() };
}

/** GET `path` and report whether the lean path answered it. */
async function tracked(path: string, cookie?: string) {
  const before = t.app.lean.answered;
  const answer = await get(path, cookie);
  return { ...answer, lean: t.app.lean.answered > before };
}

async function login(username: string) {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'chuangwen2026' }),
  });
  expect(res.status).toBe(200);
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
  return { cookie: cookies.join('; '), csrf: cookies.find((c) => c.startsWith('cw_csrf='))!.split('=')[1]! };
}

describe('lean path for answers held in memory', () => {
  it('answers a cached session with the same bytes and headers as the full framework path', async () => {
    const { cookie } = await login('leader');
    const first = await tracked('/api/auth/me', cookie); // not cached yet: Fastify loads the session
    const second = await tracked('/api/auth/me', cookie);
    expect(first.lean).toBe(false);
    expect(second.lean).toBe(true);
    expect(second).toEqual({ ...first, lean: true });
    expect(first.status).toBe(200);
    expect(JSON.parse(first.body)).toMatchObject({ username: 'leader', mustChangePassword: false });
    // The leader's Chinese name travels as \u escapes (asciiJson) on both paths.
    expect(first.body).toMatch(/^[\x20-\x7e]*$/);
    expect(JSON.parse(first.body).name).toMatch(/[\u4e00-\u9fff]/);
    expect(first.headers).toMatchObject({
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(first.body)),
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    });
    // A query string takes the full path, which must agree too.
    const full = await tracked('/api/auth/me?x=1', cookie);
    expect(full.lean).toBe(false);
    expect(full.body).toBe(first.body);
  });

  it('answers the public configuration without a session, as Fastify does', async () => {
    const lean = await tracked('/api/config');
    expect(lean.lean).toBe(true);
    const viaFastify = await t.app.inject({ method: 'GET', url: '/api/config' });
    expect(lean.body).toBe(viaFastify.body);
    for (const [key, value] of Object.entries(viaFastify.headers)) {
      if (key !== 'date' && key !== 'connection') expect(lean.headers[key], key).toBe(String(value));
    }
  });

  it('leaves every refusal to the framework: no cookie, a bad token, HEAD', async () => {
    const none = await tracked('/api/auth/me');
    expect(none).toMatchObject({ status: 401, lean: false });
    expect(JSON.parse(none.body).error.code).toBe('unauthenticated');
    const forged = await tracked('/api/auth/me', `${SESSION_COOKIE}=not-a-session`);
    expect(forged).toMatchObject({ status: 401, lean: false });
    const again = await tracked('/api/auth/me', `${SESSION_COOKIE}=not-a-session`); // cached as unknown
    expect(again).toMatchObject({ status: 401, lean: false });
    const before = t.app.lean.answered;
    const head = await fetch(`${base}/api/config`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(t.app.lean.answered).toBe(before);
  });

  it('stops answering for a session the moment it ends: logout, a disabled user', async () => {
    const { cookie, csrf } = await login('inspector');
    await get('/api/auth/me', cookie);
    expect((await tracked('/api/auth/me', cookie)).lean).toBe(true);
    const out = await fetch(`${base}/api/auth/logout`, { method: 'POST', headers: { cookie, [CSRF_HEADER]: csrf } });
    expect(out.status).toBe(200);
    expect(await tracked('/api/auth/me', cookie)).toMatchObject({ status: 401, lean: false });

    const grid = await login('grid');
    await get('/api/auth/me', grid.cookie);
    expect((await tracked('/api/auth/me', grid.cookie)).lean).toBe(true);
    const admin = await signIn(t.app, 'admin');
    const user = (await admin.get('/api/users?q=grid')).json().items.find((u: { username: string }) => u.username === 'grid');
    expect((await admin.patch(`/api/users/${user.id}`, { version: user.version, isActive: false })).statusCode).toBe(200);
    expect(await tracked('/api/auth/me', grid.cookie)).toMatchObject({ status: 401, lean: false });
  });

  it('answers a user who must change the password only where the guard would', async () => {
    const admin = await signIn(t.app, 'admin');
    const user = (await admin.get('/api/users?q=handler')).json().items.find((u: { username: string }) => u.username === 'handler');
    expect((await admin.post(`/api/users/${user.id}/reset-password`, { password: 'Reset2026pass' })).statusCode).toBe(200);
    const res = await fetch(`${base}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'handler', password: 'Reset2026pass' }),
    });
    const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    await get('/api/auth/me', cookie);
    const me = await tracked('/api/auth/me', cookie);
    expect(me.lean).toBe(true); // own profile: allowed before the change, as in the guard
    expect(JSON.parse(me.body).mustChangePassword).toBe(true);
    expect((await get('/api/cases', cookie)).status).toBe(403);
  });
});
