import { existsSync } from 'node:fs';

import { defineConfig, devices } from '@playwright/test';

/**
 * Playwright cannot download its own browsers here, so the e2e suite runs the
 * system Chromium: CHROMIUM_PATH, else /usr/bin/chromium (Debian/Ubuntu:
 * `sudo apt-get install -y chromium`). With none found it fails loudly.
 */
export function findChromium(): string {
  const candidates = [
    process.env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ].filter((p): p is string => typeof p === 'string' && p.length > 0);
  const found = candidates.find((p) => existsSync(p));
  if (found === undefined) {
    throw new Error(
      'No Chromium found for the e2e tests (looked at CHROMIUM_PATH, /usr/bin/chromium, ' +
        '/usr/bin/chromium-browser, /usr/bin/google-chrome). Install one with ' +
        '`sudo apt-get update && sudo apt-get install -y chromium` (Debian/Ubuntu), ' +
        'or set CHROMIUM_PATH to a Chromium or Chrome binary.',
    );
  }
  return found;
}

/** Flags Chromium needs as root in a sandbox with no network. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const port = Number(process.env.E2E_PORT ?? 4317);
/** A plain static host (no COOP/COEP/CSP headers) serving dist/ under a sub-path. */
const staticPort = port + 1;
export const STATIC_BASE = `http://127.0.0.1:${staticPort}/flowbench/`;

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'on-first-retry',
    viewport: { width: 1280, height: 800 },
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1280, height: 800 },
        launchOptions: { executablePath: findChromium(), args: chromiumArgs },
      },
    },
  ],
  webServer: [
    {
      command: `npx vite build --logLevel warn && npx vite preview --port ${port} --strictPort --host 127.0.0.1`,
      url: `http://127.0.0.1:${port}`,
      reuseExistingServer: !process.env.CI,
      timeout: 180_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      // Answers 404 until the build above has written dist/index.html.
      command: `npx tsx scripts/static-server.ts --dir dist --prefix /flowbench/ --port ${staticPort}`,
      url: STATIC_BASE,
      reuseExistingServer: !process.env.CI,
      timeout: 180_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
