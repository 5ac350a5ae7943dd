// `npm run bench`: every bench in this folder, one after another, each in its own process (they
// start servers on fixed ports). Each appends its results to RESULTS.md. Benches that need
// PostgreSQL use BENCH_PG_URL (default: the local server). Pass names to run only some:
//   npm run bench -- foundation open311
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dir = import.meta.dirname;
const wanted = process.argv.slice(2);
const benches = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort()
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)));
const failed: string[] = [];
for (const file of benches) {
  console.log(`\n== ${file}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, file)], { stdio: 'inherit', cwd: path.join(dir, '..') });
  if (run.status !== 0) failed.push(file);
}
console.log(failed.length ? `\nfailed: ${failed.join(', ')}` : `\n${benches.length} benches done`);
process.exit(failed.length ? 1 : 0);
