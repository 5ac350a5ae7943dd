import type { FastifyInstance } from 'fastify';

/** True for responses that are data (JSON, files, streams), not pages a browser renders with scripts. */
export function isApiUrl(url: string): boolean {
  return (url.startsWith('/api/') && !url.startsWith('/api/docs')) || url.startsWith('/open311/');
}

/**
 * Security headers, computed once at start-up and set with one call per request (helmet rebuilt
 * its CSP string on every request). Pages get the full browser set; API answers get the set the
 * OWASP REST guidance names (nothing may be framed, sniffed or loaded by them): headers that only
 * steer how an HTML document behaves cost every small API call bytes and checks for nothing.
 */
export function securityHeaders(opts: { production: boolean; extraImgSrc?: string[] }) {
  const hsts: Record<string, string> = opts.production ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {};
  const csp = [
    "default-src 'self'",
    "base-uri 'self'",
    "font-src 'self' data:",
    "form-action 'self'",
    "frame-ancestors 'none'",
    `img-src 'self' data: blob:${opts.extraImgSrc?.length ? ` ${opts.extraImgSrc.join(' ')}` : ''}`,
    "object-src 'none'",
    "script-src 'self'",
    "script-src-attr 'none'",
    // antd writes its CSS-in-JS into <style> elements.
    "style-src 'self' 'unsafe-inline'",
    "connect-src 'self'",
    ...(opts.production ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
  const page: Record<string, string> = {
    'content-security-policy': csp,
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'origin-agent-cluster': '?1',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-dns-prefetch-control': 'off',
    'x-download-options': 'noopen',
    'x-frame-options': 'DENY',
    'x-permitted-cross-domain-policies': 'none',
    'x-xss-protection': '0',
    ...hsts,
  };
  const api: Record<string, string> = {
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'cross-origin-resource-policy': 'same-origin',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    ...hsts,
  };
  return { page, api };
}

export function registerSecurityHeaders(app: FastifyInstance, { page, api }: ReturnType<typeof securityHeaders>) {
  app.addHook('onRequest', (req, reply, done) => {
    reply.headers(isApiUrl(req.url) ? api : page);
    done();
  });
}
