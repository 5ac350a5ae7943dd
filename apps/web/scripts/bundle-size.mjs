// Prints the gzipped size of the JavaScript a first visit loads: the entry chunk, its static
// imports, and the login page chunk (the first screen of a signed-out visitor) with its imports.
// Usage: node apps/web/scripts/bundle-size.mjs   (after `vite build`)
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('.vite/manifest.json', dist), 'utf8'));

function collect(key, seen) {
  if (seen.has(key)) return;
  seen.add(key);
  for (const dep of manifest[key]?.imports ?? []) collect(dep, seen);
}

const entry = Object.keys(manifest).find((k) => manifest[k].isEntry && k.endsWith('index.html'));
const gz = (key) => gzipSync(readFileSync(new URL(manifest[key].file, dist))).length;

function report(label, pageName) {
  const keys = new Set();
  collect(entry, keys);
  const page = Object.keys(manifest).find((k) => k.includes(pageName));
  if (page) collect(page, keys);
  let total = 0;
  for (const key of keys) {
    const size = gz(key);
    total += size;
    console.log(`${(size / 1024).toFixed(1).padStart(8)} KiB gz  ${manifest[key].file}`);
  }
  console.log(`${(total / 1024).toFixed(1).padStart(8)} KiB gz  ${label} (budget 350 KiB)\n`);
  return total;
}

const worst = Math.max(report('first screen, signed out (login)', 'LoginPage'), report('first screen, signed in (home)', 'HomePage'));
process.exitCode = worst > 350 * 1024 ? 1 : 0;

// The citizens' page (public.html): its entry and static imports; leaflet loads lazily with the map.
const publicEntry = Object.keys(manifest).find((k) => manifest[k].isEntry && k.endsWith('public.html'));
if (publicEntry) {
  const keys = new Set();
  collect(publicEntry, keys);
  let total = 0;
  for (const key of keys) {
    const size = gz(key);
    total += size;
    console.log(`${(size / 1024).toFixed(1).padStart(8)} KiB gz  ${manifest[key].file}`);
  }
  console.log(`${(total / 1024).toFixed(1).padStart(8)} KiB gz  citizens' page first screen (budget 110 KiB)\n`);
  if (total > 110 * 1024) process.exitCode = 1;
}
