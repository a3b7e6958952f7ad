import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from './e2e/support/chromium.ts';

/**
 * A port of its own, so the tests never meet a studio the developer is running on 8787. E2E_PORT gives a
 * second concurrent run its own relay and its own bundle directory.
 */
const PORT = Number(process.env.E2E_PORT ?? 8799);
/** Where a concurrent run keeps its bundle and results, apart from the default run's. */
const SEPARATE_RUN_DIR = process.env.E2E_PORT ? `node_modules/.cache/atelier-e2e-${PORT}` : null;
// Relays a test starts itself (e2e/support/relayProcess.ts) inherit this, so they serve this run's bundle too.
if (SEPARATE_RUN_DIR) process.env.STUDIO_STATIC_DIR = `${SEPARATE_RUN_DIR}/dist`;
const BASE_URL = `http://127.0.0.1:${PORT}`;
const browser = chromiumExecutable();

export default defineConfig({
  testDir: 'e2e',
  outputDir: SEPARATE_RUN_DIR ? `${SEPARATE_RUN_DIR}/results` : 'test-results',
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    baseURL: BASE_URL,
    viewport: { width: 1440, height: 900 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        browserName: 'chromium',
        launchOptions: {
          // Playwright's own build needs no path; Debian's is named explicitly.
          executablePath: browser && !browser.managed ? browser.path : undefined,
          args: CHROMIUM_ARGS,
        },
      },
    },
  ],
  webServer: {
    command: 'npx tsx src/relay/main.ts --build-if-stale',
    url: `${BASE_URL}/healthz`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
    env: {
      HOST: '127.0.0.1',
      PORT: String(PORT),
      STUDIO_UPSTREAM: 'offline',
      ...(SEPARATE_RUN_DIR ? { STUDIO_STATIC_DIR: `${SEPARATE_RUN_DIR}/dist` } : {}),
      // Unpaced, whatever a developer's .env sets for demos: a test that needs a run in flight holds it
      // (e2e/support/heldUpstream.ts) rather than counting on the offline engine being slow.
      STUDIO_OFFLINE_LATENCY: 'none',
    },
  },
});
