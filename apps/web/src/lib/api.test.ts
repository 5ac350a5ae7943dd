import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiError, api, buildRequest, readCookie, setUnauthenticatedListener, toApiError } from './api';
import { changeLanguage } from './i18n';

function jsonResponse(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

describe('buildRequest', () => {
  it('sends Accept-Language and same-origin credentials on reads, without a CSRF token', () => {
    const { url, init } = buildRequest(
      '/api/units',
      { query: { q: '东风', kind: 'town', empty: '', none: undefined } },
      {
        language: 'en',
        cookies: 'cw_csrf=abc',
      },
    );
    expect(url).toBe('/api/units?q=%E4%B8%9C%E9%A3%8E&kind=town');
    expect(init.credentials).toBe('same-origin');
    const headers = init.headers as Record<string, string>;
    expect(headers['Accept-Language']).toBe('en');
    expect(headers['X-CSRF-Token']).toBeUndefined();
  });

  it('adds the cw_csrf cookie as X-CSRF-Token and a JSON body on writes', () => {
    const { init } = buildRequest(
      '/api/users/3',
      { method: 'PATCH', body: { version: 1 } },
      {
        language: 'zh-CN',
        cookies: 'other=1; cw_csrf=tok%2Fen ; cw_session=x',
      },
    );
    const headers = init.headers as Record<string, string>;
    expect(init.method).toBe('PATCH');
    expect(headers['X-CSRF-Token']).toBe('tok/en');
    expect(headers['Content-Type']).toBe('application/json');
    expect(headers['Accept-Language']).toBe('zh-CN');
    expect(init.body).toBe('{"version":1}');
  });

  it('leaves the multipart boundary to the browser for uploads', () => {
    const form = new FormData();
    form.append('file', new Blob(['x']), 'units.xlsx');
    const { init } = buildRequest('/api/units/import', { method: 'POST', body: form }, { language: 'zh-CN', cookies: 'cw_csrf=t' });
    const headers = init.headers as Record<string, string>;
    expect(headers['Content-Type']).toBeUndefined();
    expect(headers['X-CSRF-Token']).toBe('t');
    expect(init.body).toBe(form);
  });
});

describe('readCookie', () => {
  it('finds a cookie by exact name', () => {
    expect(readCookie('cw_csrf', 'cw_csrf_old=1; cw_csrf=2')).toBe('2');
    expect(readCookie('cw_csrf', '')).toBeNull();
  });
});

describe('toApiError', () => {
  beforeAll(async () => {
    await changeLanguage('zh-CN');
  });

  it('maps the error JSON to a typed ApiError with field issues', async () => {
    const error = await toApiError(
      jsonResponse(400, {
        error: {
          code: 'validation_failed',
          message: '输入有误',
          details: [
            { path: 'name', message: '必填' },
            { path: 'grants.0.unitId', message: '单位不存在' },
          ],
        },
      }),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.code).toBe('validation_failed');
    expect(error.message).toBe('输入有误');
    expect(error.fieldIssues).toEqual([
      { path: 'name', message: '必填' },
      { path: 'grants.0.unitId', message: '单位不存在' },
    ]);
  });

  it('keeps import row/column details', async () => {
    const error = await toApiError(
      jsonResponse(422, { error: { code: 'import_failed', message: '导入失败', details: [{ row: 3, column: '类型', message: '未知类型' }] } }),
    );
    expect(error.importIssues).toEqual([{ row: 3, column: '类型', message: '未知类型' }]);
    expect(error.fieldIssues).toEqual([]);
  });

  it('falls back to a generic error for a non-JSON body', async () => {
    const error = await toApiError(new Response('<html>Bad gateway</html>', { status: 502 }));
    expect(error.code).toBe('bad_response');
    expect(error.status).toBe(502);
    expect(error.message).toContain('502');
  });
});

describe('apiRequest', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setUnauthenticatedListener(null);
  });

  it('calls the unauthenticated listener on 401 unauthenticated, not on invalid_credentials', async () => {
    const listener = vi.fn();
    setUnauthenticatedListener(listener);
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(401, { error: { code: 'invalid_credentials', message: '用户名或密码错误' } })),
    );
    await expect(api.post('/api/auth/login', { username: 'a', password: 'b' })).rejects.toMatchObject({ code: 'invalid_credentials' });
    expect(listener).not.toHaveBeenCalled();

    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(401, { error: { code: 'unauthenticated', message: '请先登录' } })),
    );
    await expect(api.get('/api/auth/me')).rejects.toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('returns undefined for 204 and parsed JSON otherwise', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(null, { status: 204 })),
    );
    await expect(api.delete('/api/units/1')).resolves.toBeUndefined();
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(200, { status: 'ok' })),
    );
    await expect(api.get('/api/health')).resolves.toEqual({ status: 'ok' });
  });

  it('turns a network failure into ApiError code network', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    await expect(api.get('/api/health')).rejects.toMatchObject({ code: 'network', status: 0 });
  });
});
