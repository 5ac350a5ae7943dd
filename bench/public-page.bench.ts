// Issue 18 item 22: the citizens' page on a phone. Builds the web app, starts the built app
// (scripts/start.mjs, embedded database with the demo county), opens /public in Debian chromium with
// Chrome DevTools' "Slow 4G" network and a 4× slower CPU, and reports the largest contentful paint
// (median of BENCH_RUNS cold visits, each in a fresh browser context: empty cache) against the
// 2.5 s target, with the bytes the browser transferred. Then one unthrottled cold visit each of the
// office sign-in and the inspector's page: their scripts and styles must arrive compressed.
// Run: npx tsx bench/public-page.bench.ts   (BENCH_RUNS=7, BENCH_PORT=3316, BENCH_SKIP_BUILD=1)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type CDPSession } from '@playwright/test';
import config from '../playwright.config';
import { root, startProcess, stop } from './lib';

const runs = Number(process.env.BENCH_RUNS ?? 7);
const port = Number(process.env.BENCH_PORT ?? 3316);
const base = `http://127.0.0.1:${port}`;
const TARGET_MS = 2500;

// Chrome DevTools' "Slow 4G" preset (front_end/core/sdk/NetworkManager.ts): 1.6 Mbit/s down and
// 750 kbit/s up at 90 %, 150 ms round trip × 3.75.
const SLOW_4G = {
  offline: false,
  downloadThroughput: ((1.6 * 1000 * 1000) / 8) * 0.9,
  uploadThroughput: ((750 * 1000) / 8) * 0.9,
  latency: 150 * 3.75,
  connectionType: 'cellular4g' as const,
};
const CPU_SLOWDOWN = 4;

type Resource = { url: string; type: string; encoding: string; transferred: number; body: number };
type Visit = { lcpMs: number | null; fcpMs: number | null; lcpElement: string; resources: Resource[] };

/** Records every response of a page through its own CDP session: type, content-encoding and bytes on the wire. */
async function recordResources(cdp: CDPSession) {
  const byId = new Map<string, Resource>();
  const done: Resource[] = [];
  cdp.on('Network.responseReceived', (e) => {
    const h = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
    byId.set(e.requestId, { url: e.response.url, type: e.type ?? 'Other', encoding: h['content-encoding'] ?? 'identity', transferred: 0, body: 0 });
  });
  cdp.on('Network.dataReceived', (e) => {
    const r = byId.get(e.requestId);
    if (r) r.body += e.dataLength;
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = byId.get(e.requestId);
    if (!r) return;
    r.transferred = e.encodedDataLength;
    done.push(r);
  });
  await cdp.send('Network.enable');
  return done;
}

// The last largest-contentful-paint entry is the page's LCP (until the first input, which a bench never sends).
const LCP_OBSERVER = `
  window.__lcp = null;
  new PerformanceObserver((list) => {
    const e = list.getEntries().at(-1);
    const el = e.element;
    // No element: a node removed since, or text in a shadow tree (a form field's placeholder).
    window.__lcp = { t: e.startTime, el: (el ? el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : '') : 'no element (placeholder or removed)') + (e.url ? ' ' + e.url : '') + ', ' + e.size + ' px²' };
  }).observe({ type: 'largest-contentful-paint', buffered: true });
`;

async function visit(browser: Browser, url: string, throttle: boolean): Promise<Visit> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3, locale: 'zh-CN' });
  try {
    await context.addInitScript(LCP_OBSERVER);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const resources = await recordResources(cdp);
    if (throttle) {
      await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    }
    await page.goto(url, { waitUntil: 'networkidle', timeout: 120_000 });
    await page.waitForTimeout(1000); // a late paint would still be reported
    const lcp = await page.evaluate(() => (globalThis as unknown as { __lcp: { t: number; el: string } | null }).__lcp);
    const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null);
    return { lcpMs: lcp?.t ?? null, fcpMs: fcp, lcpElement: lcp?.el ?? '-', resources };
  } finally {
    await context.close();
  }
}

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const scriptsAndStyles = (v: Visit) => v.resources.filter((r) => r.type === 'Script' || r.type === 'Stylesheet');
const sum = (rs: Resource[], k: 'transferred' | 'body') => rs.reduce((n, r) => n + r[k], 0);
const encodings = (rs: Resource[]) => [...new Set(rs.map((r) => r.encoding))].join(', ');

async function main() {
  const loadBefore = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  if (process.env.BENCH_SKIP_BUILD !== '1') {
    const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('web build failed');
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-bench-public-'));
  const server = await startProcess(
    process.execPath,
    ['scripts/start.mjs'],
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      CASE_JOB_INTERVAL_MS: '0',
      SKIP_WEB_BUILD: '1',
    },
    `${base}/api/health`,
    240_000,
  );
  const browser = await chromium.launch(config.use?.launchOptions);
  try {
    await visit(browser, `${base}/public`, false); // warm the server (first answers of a fresh process)
    const visits: Visit[] = [];
    for (let i = 0; i < runs; i++) visits.push(await visit(browser, `${base}/public`, true));
    const lcps = visits.map((v) => v.lcpMs ?? Infinity);
    const lcp = median(lcps);
    const last = visits.at(-1)!;
    const assets = scriptsAndStyles(last);
    const login = await visit(browser, `${base}/login`, false);
    const field = await visit(browser, `${base}/field`, false);
    const loadAfter = os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
    const lines = [
      `### public-page.bench.ts — ${new Date().toISOString()}`,
      `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${browser.version()} (Debian chromium); load average before: ${loadBefore}, after: ${loadAfter}`,
      `/public, phone viewport, Slow 4G (${SLOW_4G.downloadThroughput / 1000} kB/s down, ${SLOW_4G.latency} ms), CPU ${CPU_SLOWDOWN}× slower, ${runs} cold visits:`,
      `  largest contentful paint: median ${Math.round(lcp)} ms (runs ${lcps.map((t) => Math.round(t)).join(' / ')}; element ${last.lcpElement}) — target ≤ ${TARGET_MS} ms: ${lcp <= TARGET_MS ? 'PASS' : 'FAIL'}`,
      `  first contentful paint: median ${Math.round(median(visits.map((v) => v.fcpMs ?? Infinity)))} ms`,
      `  transferred: ${kib(sum(last.resources, 'transferred'))} in ${last.resources.length} responses; scripts and styles ${kib(sum(assets, 'transferred'))} on the wire (${kib(sum(assets, 'body'))} unpacked; ${encodings(assets)})`,
      ...assets.map((r) => `    ${kib(r.transferred).padStart(10)}  ${r.encoding.padEnd(8)} ${new URL(r.url).pathname}`),
      `  leaflet fetched before the map is touched: ${last.resources.some((r) => /leaflet|PointMap/i.test(r.url)) ? 'yes' : 'no'}`,
      ...[
        ['office sign-in /login', login],
        ['inspector /field', field],
      ].map(([label, v]) => {
        const rs = scriptsAndStyles(v as Visit);
        return `${label as string} (unthrottled): scripts and styles ${kib(sum(rs, 'transferred'))} on the wire, ${kib(sum(rs, 'body'))} unpacked, ${rs.length} files, encodings: ${encodings(rs)}`;
      }),
      '',
    ];
    console.log(lines.join('\n'));
    fs.appendFileSync(path.join(root, 'bench/RESULTS.md'), `${lines.join('\n')}\n`);
  } finally {
    await browser.close();
    await stop(server.child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
