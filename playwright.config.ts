/**
 * Browser tests against the production build, driven through Debian's chromium: Playwright never
 * downloads a browser here, so executablePath is always set. `npm run e2e` builds before serving;
 * scripts/test.mjs has just built, so it sets E2E_SKIP_BUILD to avoid building twice.
 */
import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 4173);
const preview = `npx vite preview --port ${port} --strictPort --host 127.0.0.1`;

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  // The tests wait on states the app shows (the readout at record n, a layout idle), never on fixed
  // sleeps; on a busy shared machine reaching a state can take long, so the limits are generous:
  // they only cost time when something is really wrong.
  timeout: 180_000,
  expect: { timeout: 60_000 },
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    screenshot: 'on',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: process.env.E2E_SKIP_BUILD ? preview : `npx vite build && ${preview}`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
