import type { FastifyInstance } from 'fastify';

/**
 * Security headers, computed once at start-up and set with one call per request (helmet
 * rebuilt its CSP string on every request, a measurable share of a small API call's cost).
 */
export function registerSecurityHeaders(app: FastifyInstance, opts: { production: boolean; extraImgSrc?: string[] }) {
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
  const headers: Record<string, string> = {
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
    ...(opts.production ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  };
  app.addHook('onRequest', (_req, reply, done) => {
    reply.headers(headers);
    done();
  });
}
