// The platform sets two cookies (session and CSRF, both base64url) and reads one, so it does with
// these two functions instead of a cookie plugin that parses every request's header and hooks every
// response.

/** The value of cookie `name` in a Cookie request header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  let from = 0;
  while (from < header.length) {
    let end = header.indexOf(';', from);
    if (end === -1) end = header.length;
    const eq = header.indexOf('=', from);
    if (eq !== -1 && eq < end && header.slice(from, eq).trim() === name) {
      const raw = header.slice(eq + 1, end).trim();
      const value = raw.length > 1 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
      try {
        return value.includes('%') ? decodeURIComponent(value) : value;
      } catch {
        return undefined;
      }
    }
    from = end + 1;
  }
  return undefined;
}

export type CookieOptions = { path: string; sameSite: 'lax' | 'strict'; secure: boolean; httpOnly: boolean; maxAgeSeconds: number };

const TOKEN = /^[A-Za-z0-9_-]*$/;

/** A Set-Cookie value. Only token-safe names and values are accepted (ours are base64url). */
export function serializeCookie(name: string, value: string, opts: CookieOptions): string {
  if (!TOKEN.test(name) || !TOKEN.test(value)) throw new Error(`cookie ${name} has characters that need encoding`);
  const parts = [`${name}=${value}`, `Max-Age=${Math.max(0, Math.floor(opts.maxAgeSeconds))}`, `Path=${opts.path}`];
  if (opts.maxAgeSeconds <= 0) parts.push('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  if (opts.httpOnly) parts.push('HttpOnly');
  parts.push(`SameSite=${opts.sameSite === 'strict' ? 'Strict' : 'Lax'}`);
  if (opts.secure) parts.push('Secure');
  return parts.join('; ');
}
