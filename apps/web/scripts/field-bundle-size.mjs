// Gzipped JavaScript of the inspector's phone page's first screen (field.html): its entry chunk and
// every chunk it imports statically. Lazy chunks (the leaflet map) are listed apart and not counted.
// Usage: node apps/web/scripts/field-bundle-size.mjs   (after `vite build`); exit 1 above 150 KiB.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGET = 150 * 1024;
const dist = new URL('../dist/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('.vite/manifest.json', dist), 'utf8'));
const gz = (file) => gzipSync(readFileSync(new URL(file, dist))).length;
const kib = (n) => `${(n / 1024).toFixed(1).padStart(8)} KiB gz`;

const entry = Object.keys(manifest).find((k) => manifest[k].isEntry && k.endsWith('field.html'));
if (!entry) throw new Error('field.html is not in the build');
const seen = new Set();
const walk = (key) => {
  if (seen.has(key)) return;
  seen.add(key);
  for (const dep of manifest[key]?.imports ?? []) walk(dep);
};
walk(entry);
let total = 0;
for (const key of seen) {
  const size = gz(manifest[key].file);
  total += size;
  console.log(`${kib(size)}  ${manifest[key].file}`);
}
console.log(`${kib(total)}  first screen of /field, JavaScript (budget 150 KiB)`);
const css = [...seen].flatMap((k) => manifest[k].css ?? []);
for (const file of new Set(css)) console.log(`${kib(gz(file))}  ${file} (CSS, not counted)`);
for (const key of new Set([...seen].flatMap((k) => manifest[k].dynamicImports ?? []))) {
  console.log(`${kib(gz(manifest[key].file))}  ${manifest[key].file} (lazy, not counted)`);
}
const forbidden = [...seen].filter((k) => /antd|echarts|@ant-design/.test(k));
if (forbidden.length) console.log(`FORBIDDEN in the first screen: ${forbidden.join(', ')}`);
process.exitCode = total > BUDGET || forbidden.length ? 1 : 0;
