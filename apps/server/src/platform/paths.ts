import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The server package folder (apps/server): the one holding `migrations/`. Found by walking up from
 * this module, which is src/platform/paths.ts under tsx and dist/server.mjs in the built bundle.
 */
function findServerDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (fs.existsSync(path.join(dir, 'migrations', 'meta', '_journal.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the server folder (migrations/meta/_journal.json) above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

export const SERVER_DIR = findServerDir();
