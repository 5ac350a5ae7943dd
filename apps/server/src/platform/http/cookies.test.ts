import { describe, expect, it } from 'vitest';
import { readCookie, serializeCookie } from './cookies';

describe('readCookie', () => {
  it('finds a cookie among others, with or without spaces', () => {
    expect(readCookie('a=1; cw_session=abc-_9; b=2', 'cw_session')).toBe('abc-_9');
    expect(readCookie('cw_session=x;cw_csrf=y', 'cw_csrf')).toBe('y');
    expect(readCookie('  cw_session = tok ', 'cw_session')).toBe('tok');
  });

  it('does not match a cookie whose name only ends with the name', () => {
    expect(readCookie('old_cw_session=1; cw_session=2', 'cw_session')).toBe('2');
    expect(readCookie('xcw_session=1', 'cw_session')).toBeUndefined();
  });

  it('answers undefined for a missing header, a missing cookie or bad percent-encoding', () => {
    expect(readCookie(undefined, 'cw_session')).toBeUndefined();
    expect(readCookie('', 'cw_session')).toBeUndefined();
    expect(readCookie('a=1; junk; b', 'cw_session')).toBeUndefined();
    expect(readCookie('cw_session=%E0%A4%A', 'cw_session')).toBeUndefined();
  });

  it('unquotes and decodes values', () => {
    expect(readCookie('cw_session="q"', 'cw_session')).toBe('q');
    expect(readCookie('cw_session=%E5%88%9B', 'cw_session')).toBe('创');
  });
});

describe('serializeCookie', () => {
  const base = { path: '/', sameSite: 'lax' as const, secure: false, httpOnly: true, maxAgeSeconds: 3600 };

  it('writes the attributes the session cookie needs', () => {
    expect(serializeCookie('cw_session', 'abc', base)).toBe('cw_session=abc; Max-Age=3600; Path=/; HttpOnly; SameSite=Lax');
    expect(serializeCookie('cw_csrf', 'x', { ...base, httpOnly: false, secure: true })).toBe('cw_csrf=x; Max-Age=3600; Path=/; SameSite=Lax; Secure');
  });

  it('clears a cookie with Max-Age=0 and a past Expires', () => {
    expect(serializeCookie('cw_session', '', { ...base, maxAgeSeconds: 0 })).toBe(
      'cw_session=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax',
    );
  });

  it('refuses values that would need encoding (header injection)', () => {
    expect(() => serializeCookie('cw_session', 'a;b', base)).toThrow();
    expect(() => serializeCookie('cw_session', 'a\r\nSet-Cookie: x=1', base)).toThrow();
  });
});
