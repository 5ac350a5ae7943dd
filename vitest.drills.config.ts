import { defineConfig } from 'vitest/config';

// Drills (`npm run test:drills`, also run by .ci/run): real server processes killed for real
// (kill -9, SIGTERM). Kept out of `npm test`, which stays in-process and quick.
export default defineConfig({
  test: {
    name: 'drills',
    include: ['apps/server/src/**/*.drill.test.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
