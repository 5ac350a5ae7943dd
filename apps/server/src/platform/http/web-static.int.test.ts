import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness';
import { precompressDir } from '../../../../../scripts/precompress';

// The web app as the server sends it, over real HTTP (the production server factory): a small
// built fixture (three HTML entry points, hashed assets, a service worker) precompressed by the same
// function the Vite build runs. Browsers get brotli or gzip by Accept-Encoding, the original type,
// `Vary: Accept-Encoding`, a year of cache for hashed files and `no-cache` for the entry points.

const js = `export function greet(n){return ${JSON.stringify('你好，'.repeat(40))}+n}\n`.repeat(60);
const css = '.pub-card{background:#fff;border-radius:10px;padding:14px}\n'.repeat(80);
const page = (name: string) =>
  `<!doctype html><html lang="zh-CN"><head><meta charset="UTF-8"><title>${name}</title>` +
  `<script type="module" crossorigin src="/assets/${name}-Ab12Cd34.js"></script><link rel="stylesheet" href="/assets/${name}-Ef56Gh78.css"></head>` +
  `<body><div id="root"></div>${'<!-- padding to compress -->'.repeat(20)}</body></html>`;

let dir: string;
let t: TestApp;
let base: string;

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };
/** A raw GET: node:http neither sends Accept-Encoding nor decodes, so the test sees the bytes as sent. */
function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    http
      .request(`${base}${url}`, { method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      })
      .on('error', reject)
      .end();
  });
}
const decode = (a: Answer) => {
  const enc = a.headers['content-encoding'];
  return (enc === 'br' ? zlib.brotliDecompressSync(a.body) : enc === 'gzip' ? zlib.gunzipSync(a.body) : a.body).toString('utf8');
};
const CHROME = 'gzip, deflate, br, zstd';

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-web-static-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.mkdirSync(path.join(dir, '.vite'));
  for (const name of ['index', 'field', 'public']) {
    fs.writeFileSync(path.join(dir, `${name}.html`), page(name));
    fs.writeFileSync(path.join(dir, 'assets', `${name}-Ab12Cd34.js`), js);
    fs.writeFileSync(path.join(dir, 'assets', `${name}-Ef56Gh78.css`), css);
  }
  fs.writeFileSync(path.join(dir, 'assets', 'tiny-Zz99Yy88.js'), 'export{}'); // compression would not make it smaller
  fs.writeFileSync(path.join(dir, 'assets', 'logo-Qq11Ww22.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, ...new Array(600).fill(0)]));
  fs.writeFileSync(path.join(dir, 'field-sw.js'), `self.addEventListener('fetch', () => {});\n`.repeat(30));
  fs.writeFileSync(path.join(dir, '.vite', 'manifest.json'), JSON.stringify({ a: 'x'.repeat(2000) }));
  await precompressDir(dir);
  t = await createTestApp({ webDist: dir });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('precompressDir (the build step)', () => {
  it('writes brotli and gzip copies of text files only, each only when smaller', () => {
    for (const f of ['index.html', 'public.html', 'field-sw.js', 'assets/public-Ab12Cd34.js', 'assets/public-Ef56Gh78.css']) {
      const raw = fs.readFileSync(path.join(dir, f));
      expect(zlib.brotliDecompressSync(fs.readFileSync(path.join(dir, `${f}.br`)))).toEqual(raw);
      expect(zlib.gunzipSync(fs.readFileSync(path.join(dir, `${f}.gz`)))).toEqual(raw);
      expect(fs.statSync(path.join(dir, `${f}.br`)).size).toBeLessThan(raw.length / 4);
    }
    expect(fs.existsSync(path.join(dir, 'assets/tiny-Zz99Yy88.js.br'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'assets/logo-Qq11Ww22.png.br'))).toBe(false);
    expect(fs.existsSync(path.join(dir, '.vite/manifest.json.br'))).toBe(false);
  });
});

describe('the web app over HTTP', () => {
  it('sends a hashed script as brotli to a browser that accepts it, cached for a year', async () => {
    const res = await get('/assets/public-Ab12Cd34.js', { 'accept-encoding': CHROME });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toBe('application/javascript; charset=utf-8');
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Number(res.headers['content-length'])).toBe(fs.statSync(path.join(dir, 'assets/public-Ab12Cd34.js.br')).size);
    expect(res.body.length).toBeLessThan(js.length / 4);
    expect(decode(res)).toBe(js);
  });

  it('sends gzip when brotli is not accepted (or refused with q=0), and the plain file without Accept-Encoding', async () => {
    for (const accept of ['gzip, deflate', 'br;q=0, gzip']) {
      const res = await get('/assets/public-Ef56Gh78.css', { 'accept-encoding': accept });
      expect(res.headers['content-encoding']).toBe('gzip');
      expect(res.headers['content-type']).toBe('text/css; charset=utf-8');
      expect(res.headers.vary).toMatch(/accept-encoding/i);
      expect(decode(res)).toBe(css);
    }
    const plain = await get('/assets/public-Ef56Gh78.css');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.body.toString('utf8')).toBe(css);
  });

  it('serves the three entry points compressed and no-cache, on their routes', async () => {
    const cases: [string, string][] = [
      ['/', 'index'],
      ['/login', 'index'],
      ['/cases/12?tab=1', 'index'],
      ['/public', 'public'],
      ['/public?x=1#report', 'public'],
      ['/field', 'field'],
      ['/field/site/3', 'field'],
    ];
    for (const [url, name] of cases) {
      const res = await get(url, { 'accept-encoding': CHROME });
      expect(res.status, url).toBe(200);
      expect(res.headers['content-encoding'], url).toBe('br');
      expect(res.headers['content-type'], url).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.headers.vary, url).toMatch(/accept-encoding/i);
      expect(decode(res), url).toBe(page(name));
    }
    const gz = await get('/public', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(decode(gz)).toBe(page('public'));
  });

  it('keeps the service worker no-cache and compressed, and files without a smaller copy plain', async () => {
    const sw = await get('/field-sw.js', { 'accept-encoding': CHROME });
    expect(sw.headers['content-encoding']).toBe('br');
    expect(sw.headers['cache-control']).toBe('no-cache');
    expect(sw.headers['content-type']).toBe('application/javascript; charset=utf-8');
    const tiny = await get('/assets/tiny-Zz99Yy88.js', { 'accept-encoding': CHROME });
    expect(tiny.status).toBe(200);
    expect(tiny.headers['content-encoding']).toBeUndefined();
    expect(tiny.body.toString()).toBe('export{}');
    const png = await get('/assets/logo-Qq11Ww22.png', { 'accept-encoding': CHROME });
    expect(png.headers['content-encoding']).toBeUndefined();
    expect(png.headers['content-type']).toBe('image/png');
  });

  it('answers a revalidation of the brotli body with 304, and HEAD without a body', async () => {
    const first = await get('/public', { 'accept-encoding': CHROME });
    const again = await get('/public', { 'accept-encoding': CHROME, 'if-none-match': String(first.headers.etag) });
    expect(again.status).toBe(304);
    const head = await get('/assets/index-Ab12Cd34.js', { 'accept-encoding': CHROME }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-encoding']).toBe('br');
    expect(head.body.length).toBe(0);
  });

  it('never answers an API URL with a page', async () => {
    const res = await get('/api/nope', { 'accept-encoding': CHROME });
    expect([401, 404]).toContain(res.status);
    expect(res.headers['content-type']).toMatch(/application\/json/);
  });
});
