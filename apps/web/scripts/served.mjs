// What a browser fetches for a page's first load, counted as the server sends it: the HTML entry,
// the scripts, module preloads and style sheets it references, plus the chunks (and their CSS) that
// the first screen imports lazily but at once (the office's login and home pages). Each file counts
// with its precompressed size (.gz next to it, written by scripts/precompress.ts); a file without
// one is sent plain, so it counts raw. Shared by bundle-size.mjs and field-bundle-size.mjs.
import { existsSync, readFileSync, statSync } from 'node:fs';

export const dist = new URL('../dist/', import.meta.url);
export const manifest = JSON.parse(readFileSync(new URL('.vite/manifest.json', dist), 'utf8'));

const size = (file) => statSync(new URL(file, dist)).size;
/** Bytes on the wire for a gzip-only browser (the budget's unit) and for brotli (what Chromium gets). */
export function served(file) {
  const raw = size(file);
  const as = (ext) => (existsSync(new URL(file + ext, dist)) ? size(file + ext) : raw);
  return { raw, gz: as('.gz'), br: as('.br') };
}

/** The files an HTML entry point makes the browser fetch before any script runs. */
export function htmlAssets(html) {
  const text = readFileSync(new URL(html, dist), 'utf8');
  const files = [html];
  for (const tag of text.match(/<(script|link)\b[^>]*>/g) ?? []) {
    const rel = /\brel="([^"]+)"/.exec(tag)?.[1];
    const url = /\b(?:src|href)="\/([^"]+)"/.exec(tag)?.[1];
    if (!url) continue;
    if (tag.startsWith('<script') || rel === 'modulepreload' || rel === 'stylesheet') files.push(url);
  }
  return files;
}

/** A manifest chunk's file, its static imports' files and all their CSS. */
export function chunkFiles(key, out = new Set(), seen = new Set()) {
  if (seen.has(key) || !manifest[key]) return out;
  seen.add(key);
  out.add(manifest[key].file);
  for (const css of manifest[key].css ?? []) out.add(css);
  for (const dep of manifest[key].imports ?? []) chunkFiles(dep, out, seen);
  return out;
}

export const entryKey = (html) => Object.keys(manifest).find((k) => manifest[k].isEntry && k.endsWith(html));

const kib = (n) => `${(n / 1024).toFixed(1).padStart(8)} KiB`;

/** Prints each file and the total; returns the gzip total (what the budget is set in). */
export function report(label, files, budgetKiB) {
  let gz = 0;
  let br = 0;
  for (const file of files) {
    const s = served(file);
    gz += s.gz;
    br += s.br;
    console.log(`${kib(s.gz)} gz ${kib(s.br)} br  ${file}`);
  }
  const over = gz > budgetKiB * 1024;
  console.log(`${kib(gz)} gz ${kib(br)} br  ${label}, as served, CSS and HTML included (budget ${budgetKiB} KiB gz)${over ? ' OVER BUDGET' : ''}\n`);
  return { gz, br, over };
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json', '.png': 'image/png' };

/**
 * The scripts and style sheets Chromium actually requests when it opens `route` (served from dist by
 * a throwaway static server; every /api call answers 404, as on a network that fails): catches a
 * "lazy" chunk that the first render imports at once, which no manifest walk can see.
 * Returns null when no Chromium can be launched (allowed outside CI only).
 */
export async function requestedOnFirstLoad(route, html) {
  const http = await import('node:http');
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    if (pathname.startsWith('/api/')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      return res.end('{"error":{"code":"not_found","message":"not found","details":null}}');
    }
    const file = pathname === route ? html : pathname.slice(1);
    try {
      const body = readFileSync(new URL(file, dist));
      res.writeHead(200, { 'content-type': TYPES[/\.[a-z]+$/.exec(file)?.[0] ?? ''] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  let browser;
  try {
    const { chromium } = await import('@playwright/test');
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  } catch (err) {
    server.close();
    if (process.env.CI) throw err;
    console.log(`(no Chromium to check what ${route} requests: ${String(err).split('\n')[0]})`);
    return null;
  }
  try {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const files = [];
    page.on('request', (r) => {
      if (['script', 'stylesheet'].includes(r.resourceType()) && r.url().startsWith(base)) files.push(new URL(r.url()).pathname.slice(1));
    });
    await page.goto(`${base}${route}`, { waitUntil: 'networkidle' });
    await page.waitForTimeout(500); // a chunk imported by an effect after the last request settles
    return files;
  } finally {
    await browser.close();
    server.close();
  }
}
