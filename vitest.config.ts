import { defineConfig } from 'vitest/config';

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
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
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
