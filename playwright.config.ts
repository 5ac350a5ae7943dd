import { defineConfig, devices } from '@playwright/test';

// Browser tests drive Debian's chromium (no Playwright browser downloads here). By default they
// start their own server on port 3100 with a fresh data directory, so the demo county 示范县 is
// seeded every run; set E2E_BASE_URL to test a server that is already running instead.
const externalBaseUrl = process.env.E2E_BASE_URL;
const port = process.env.E2E_PORT ?? '3100';
const baseURL = externalBaseUrl ?? `http://127.0.0.1:${port}`;
// Computed once in the runner process and inherited by the workers through the environment.
process.env.E2E_DATA_DIR ??= `data/e2e-${Date.now()}`;

export default defineConfig({
  testDir: 'e2e',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], viewport: { width: 1440, height: 900 } } }],
  webServer: externalBaseUrl
    ? undefined
    : {
        command: 'node scripts/start.mjs',
        url: `${baseURL}/api/health`,
        reuseExistingServer: false,
        timeout: 240_000,
        stdout: 'ignore',
        stderr: 'pipe',
        env: {
          PORT: port,
          HOST: '127.0.0.1',
          DATA_DIR: process.env.E2E_DATA_DIR,
          // Every test signs in several times from one address.
          LOGIN_RATE_LIMIT: '1000',
        },
      },
});
