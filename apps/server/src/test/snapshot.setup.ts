import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { templateName, withAdmin, type Variant } from './snapshot';

// Vitest global setup of the server project: one folder per run for the database snapshots
// (snapshot.ts), handed to the workers through the environment, and removed at the end with the
// PostgreSQL template databases. A run never reuses an older run's snapshot, so a changed
// migration or seed is always picked up.
export default function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwsnap'));
  process.env.CW_TEST_SNAPSHOT_DIR = dir;
  return async () => {
    const url = process.env.TEST_DATABASE_URL;
    if (url) {
      for (const variant of ['demo', 'demo-cases'] satisfies Variant[]) {
        await withAdmin(url, (c) => c.query(`drop database if exists ${templateName(dir, variant)} with (force)`)).catch(() => undefined);
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
