import { configDefaults, defineConfig } from 'vitest/config';

// One runner for every tier: pure domain logic, server (unit + integration through HTTP against
// PGlite, or PostgreSQL when TEST_DATABASE_URL is set) and web components under jsdom.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'domain',
          include: ['packages/domain/src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'server',
          include: ['apps/server/src/**/*.test.ts'],
          // Process drills (kill -9, SIGTERM) run with `npm run test:drills` (vitest.drills.config.ts).
          exclude: [...configDefaults.exclude, 'apps/server/src/**/*.drill.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
          // Migrates and seeds once per run; every file gets a copy (apps/server/src/test/snapshot.ts).
          globalSetup: ['apps/server/src/test/snapshot.setup.ts'],
        },
      },
      {
        test: {
          name: 'web',
          include: ['apps/web/src/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          testTimeout: 30_000,
          setupFiles: ['apps/web/src/test-setup.ts'],
        },
      },
    ],
  },
});
