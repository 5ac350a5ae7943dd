import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { anonymous, createTestApp, signIn, type TestApp } from '../../test/harness';
import { rowsOf } from '../../platform/db/db';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ lockout: { maxFailures: 3, minutes: 15 }, loginRateLimit: { max: 1000, windowMs: 60_000 } });
});
afterAll(() => t.close());

describe('health and documentation', () => {
  it('answers ok when the database answers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('publishes an OpenAPI 3 document with every route', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of ['/api/auth/login', '/api/units', '/api/users/{id}', '/api/audit']) expect(doc.paths).toHaveProperty([path]);
    expect(doc.paths['/api/auth/login'].post.requestBody.content['application/json'].schema.properties).toHaveProperty('username');
  });
});

describe('login', () => {
  it('sets an httpOnly SameSite=Lax session cookie and a readable CSRF cookie', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'leader', password: 'chuangwen2026' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ username: 'leader', name: '陈志明', permissions: expect.arrayContaining(['unit.view', 'audit.view']) });
    const session = res.cookies.find((c) => c.name === 'cw_session')!;
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe('Lax');
    expect(session.secure).toBeFalsy(); // Secure only in production
    const csrf = res.cookies.find((c) => c.name === 'cw_csrf')!;
    expect(csrf.httpOnly).toBeFalsy();
  });

  it('refuses a wrong password with 401 in the caller’s language', async () => {
    const zh = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'leader', password: 'nope' } });
    expect(zh.statusCode).toBe(401);
    expect(zh.json().error).toEqual({ code: 'invalid_credentials', message: '用户名或密码错误', details: null });
    const en = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'accept-language': 'en-US,en;q=0.9' },
      payload: { username: 'ghost', password: 'nope' },
    });
    expect(en.statusCode).toBe(401);
    expect(en.json().error.message).toBe('Wrong username or password');
  });

  it('locks the account after repeated failures, and the office can unlock it', async () => {
    for (let i = 0; i < 2; i++) {
      expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'grid', password: 'bad' } })).statusCode).toBe(401);
    }
    const third = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'grid', password: 'bad' } });
    expect(third.statusCode).toBe(423);
    expect(third.json().error.code).toBe('account_locked');
    // Even the right password is refused while locked.
    const right = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'grid', password: 'chuangwen2026' } });
    expect(right.statusCode).toBe(423);

    const admin = await t.login('admin');
    const list = await admin.get('/api/users?status=locked');
    const grid = list.json().items.find((u: { username: string }) => u.username === 'grid');
    expect(grid.isLocked).toBe(true);
    expect((await admin.post(`/api/users/${grid.id}/unlock`)).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'grid', password: 'chuangwen2026' } })).statusCode).toBe(200);

    const audit = await admin.get('/api/audit?action=auth.locked');
    expect(audit.json().items.length).toBe(1);
  });

  it('validates input field by field and refuses unknown fields', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'accept-language': 'en' }, payload: { username: 5, role: 'admin' } });
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual(
      expect.arrayContaining([
        { path: 'username', message: 'Expected string' },
        { path: 'password', message: 'Required' },
        { path: 'role', message: 'Unknown fields: role' },
      ]),
    );
  });

  it('answers malformed JSON with 400 and oversized bodies with 413', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username": ' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_json');
    const big = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'x'.repeat(2 * 1024 * 1024), password: 'y' }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('payload_too_large');
  });

  it('sets security headers: the REST set on API answers, the browser set on pages', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/static/index.html' });
    expect(docs.headers['content-security-policy']).toContain("default-src 'self'");
    expect(docs.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(docs.headers['x-frame-options']).toBe('DENY');
  });
});

describe('session', () => {
  it('needs a session for private routes', async () => {
    const res = await anonymous(t.app).get('/api/auth/me');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('unauthenticated');
  });

  it('refuses cookie-authenticated writes without the CSRF token', async () => {
    const admin = await t.login('admin');
    const res = await t.app.inject({
      method: 'PATCH',
      url: '/api/auth/profile',
      cookies: { cw_session: admin.session! },
      payload: { name: 'x' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf_failed');
    const forged = await t.app.inject({
      method: 'PATCH',
      url: '/api/auth/profile',
      cookies: { cw_session: admin.session! },
      headers: { 'x-csrf-token': 'forged' },
      payload: { name: 'x' },
    });
    expect(forged.statusCode).toBe(403);
  });

  it('logs out: the session no longer works', async () => {
    const c = await t.login('inspector');
    expect((await c.get('/api/auth/me')).statusCode).toBe(200);
    expect((await c.post('/api/auth/logout')).statusCode).toBe(200);
    expect((await c.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('stores only a hash of the session token', async () => {
    const c = await t.login('leader');
    const rows = rowsOf<{ token_hash: string }>(await t.database.db.execute(sql`select token_hash from sessions`));
    expect(rows.some((r) => r.token_hash === c.session)).toBe(false);
  });
});

describe('own profile and password', () => {
  it('changes the password: the old one stops working, other sessions end', async () => {
    const first = await t.login('handler');
    const second = await t.login('handler');
    const weak = await first.post('/api/auth/password', { currentPassword: 'chuangwen2026', newPassword: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.details.map((d: { path: string }) => d.path)).toContain('newPassword');
    const wrong = await first.post('/api/auth/password', { currentPassword: 'nope', newPassword: 'Better2027pass' });
    expect(wrong.json().error.code).toBe('wrong_password');
    expect((await first.post('/api/auth/password', { currentPassword: 'chuangwen2026', newPassword: 'Better2027pass' })).statusCode).toBe(200);
    expect((await first.get('/api/auth/me')).statusCode).toBe(200);
    expect((await second.get('/api/auth/me')).statusCode).toBe(401);
    await expect(signIn(t.app, 'handler')).rejects.toThrow(/401/);
    await signIn(t.app, 'handler', 'Better2027pass');
  });

  it('edits own name and language; the text is kept verbatim', async () => {
    const c = await t.login('inspector');
    const res = await c.patch('/api/auth/profile', { name: '<b>刘晓东</b>', locale: 'en' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: '<b>刘晓东</b>', locale: 'en' });
    expect((await c.get('/api/auth/me')).json().name).toBe('<b>刘晓东</b>');
  });
});
