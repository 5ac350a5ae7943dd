// What the inspector's phone page's first screen (field.html) fetches, as served (precompressed
// gzip; brotli shown too), CSS and HTML included. Lazy chunks (the leaflet map) are listed apart.
// Usage: node apps/web/scripts/field-bundle-size.mjs   (after `vite build`); exit 1 above 150 KiB gz.
import { chunkFiles, entryKey, htmlAssets, manifest, report, served } from './served.mjs';

const entry = entryKey('field.html');
if (!entry) throw new Error('field.html is not in the build');
const files = new Set(htmlAssets('field.html'));
chunkFiles(entry, files);
const { over } = report('first screen of /field', files, 150);
for (const key of new Set(
  [...files].flatMap((f) =>
    Object.values(manifest)
      .filter((c) => c.file === f)
      .flatMap((c) => c.dynamicImports ?? []),
  ),
)) {
  const file = manifest[key].file;
  console.log(`${(served(file).gz / 1024).toFixed(1).padStart(8)} KiB gz  ${file} (lazy, not counted)`);
}
const forbidden = [...files].filter((f) => /antd|echarts|ant-design/.test(f));
if (forbidden.length) console.log(`FORBIDDEN in the first screen: ${forbidden.join(', ')}`);
process.exitCode = over || forbidden.length ? 1 : 0;
