// Build-time compression of the web app: next to every text file of apps/web/dist, a brotli (.br,
// quality 11) and a gzip (.gz, level 9) copy, so the server sends them as they are (@fastify/static
// `preCompressed`) without compressing on each request. Run by the Vite build (apps/web/vite.config.ts).
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Text types worth compressing; images and fonts are compressed formats already. */
const COMPRESSIBLE = /\.(?:html|js|mjs|css|svg|json|txt|xml|webmanifest|map)$/i;

export type Compressed = { file: string; raw: number; br: number | null; gz: number | null };

async function* walk(dir: string): AsyncGenerator<string> {
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue; // .vite/manifest.json is read by the build scripts, never served to pages
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.isFile() && COMPRESSIBLE.test(entry.name)) yield full;
  }
}

/** Writes `file.br` and `file.gz`, each only when it is smaller than the file (a stale copy is removed). */
async function compressOne(file: string): Promise<Compressed> {
  const raw = await fs.readFile(file);
  const [br, gz] = await Promise.all([
    brotli(raw, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
        [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    }),
    gzip(raw, { level: 9 }),
  ]);
  const keep = async (ext: string, data: Buffer) => {
    if (data.length < raw.length) {
      await fs.writeFile(file + ext, data);
      return data.length;
    }
    await fs.rm(file + ext, { force: true });
    return null;
  };
  return { file, raw: raw.length, br: await keep('.br', br), gz: await keep('.gz', gz) };
}

/** Compresses every text file under `dir`; zlib's async calls run on the libuv thread pool. */
export async function precompressDir(dir: string): Promise<Compressed[]> {
  const files: string[] = [];
  for await (const file of walk(dir)) files.push(file);
  return Promise.all(files.map(compressOne));
}

export function summary(results: Compressed[]): string {
  const total = (k: 'raw' | 'br' | 'gz') => results.reduce((n, r) => n + (r[k] ?? r.raw), 0);
  const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
  return `precompressed ${results.length} files: ${kib(total('raw'))} → brotli ${kib(total('br'))}, gzip ${kib(total('gz'))}`;
}
