// Intermediate baselines for the foundation bench: plain Fastify, then Fastify with the same
// security headers the platform sends — to show where the time of an authenticated GET goes.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
if (process.env.WITH_HEADERS === '1') {
  // The set the platform sends on API answers (apps/server/src/platform/http/security-headers.ts).
  const headers = {
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'cross-origin-resource-policy': 'same-origin',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
  };
  app.addHook('onRequest', (_req, reply, done) => {
    reply.headers(headers);
    done();
  });
}
app.get('/', async () => ({ hello: 'world' }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
