// Bundles the API server (apps/server/src + packages/domain) into apps/server/dist/server.mjs with
// esbuild (~0.3 s), leaving every npm package external. `npm start` runs the bundle with plain Node:
// nothing is transpiled at start-up (second start 3.5 s against 5.0 s through the tsx loader in
// bench/foundation.bench.ts on the same day). Development keeps tsx (`npm run dev:server`).
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
export const SERVER_BUNDLE = path.join(root, 'apps/server/dist/server.mjs');

export async function buildServer() {
  await build({
    entryPoints: [path.join(root, 'apps/server/src/main.ts')],
    outfile: SERVER_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    plugins: [
      {
        name: 'external-packages',
        setup(b) {
          // Our own domain package is TypeScript source: bundle it; every other package stays in node_modules.
          b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@chuangwen/') ? undefined : { path: args.path, external: true }));
        },
      },
    ],
  });
  return SERVER_BUNDLE;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now();
  await buildServer();
  console.log(`server bundle: ${path.relative(root, SERVER_BUNDLE)} (${Date.now() - started} ms)`);
}
