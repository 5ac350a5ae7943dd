// Budgets of what a first visit fetches, as served (precompressed gzip; brotli shown too), CSS and
// HTML included: the office sign-in and home (350 KiB gz) and the citizens' page (110 KiB gz).
// Usage: node apps/web/scripts/bundle-size.mjs   (after `vite build`); exit 1 over a budget.
import { chunkFiles, entryKey, htmlAssets, manifest, report, requestedOnFirstLoad } from './served.mjs';

// Office: index.html's assets, then the router loads the first page's chunk at once.
function office(label, pageName) {
  const files = new Set(htmlAssets('index.html'));
  chunkFiles(entryKey('index.html'), files);
  const page = Object.keys(manifest).find((k) => k.includes(pageName));
  if (page) chunkFiles(page, files);
  return report(label, files, 350);
}
const login = office('first screen, signed out (login)', 'LoginPage');
const home = office('first screen, signed in (home)', 'HomePage');

// Citizens' page: public.html's assets, and whatever else Chromium requests on the first load
// (Leaflet, in PointMap, must wait until the citizen touches the county outline).
// bench/public-page.bench.ts measures the same page on an emulated Slow 4G phone.
const files = new Set(htmlAssets('public.html'));
chunkFiles(entryKey('public.html'), files);
const requested = await requestedOnFirstLoad('/public', 'public.html');
const extra = (requested ?? []).filter((f) => !files.has(f));
if (extra.length) console.log(`requested on the first load although not in public.html: ${extra.join(', ')}`);
for (const f of extra) chunkFiles(Object.keys(manifest).find((k) => manifest[k].file === f) ?? f, files).add(f);
const citizens = report("citizens' page first screen", files, 110);
const lazy = (manifest[entryKey('public.html')]?.dynamicImports ?? []).map((k) => manifest[k]?.file);
console.log(`dynamic imports of the entry, fetched when the map is touched: ${lazy.join(', ')}`);

process.exitCode = login.over || home.over || citizens.over ? 1 : 0;
