import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

// Browser specs (e2e/): e2e/global-setup.ts starts a Kasa server and the merchant stub once; the server
// runs on PostgreSQL when TEST_DATABASE_URL is set (a fresh database of that server), else on PGlite.
// Debian's Chromium when it is installed (Playwright cannot download its own browser everywhere),
// else Playwright's own. The flags keep Chromium from reaching out to the network on its own.
const systemChromium = '/usr/bin/chromium';
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export default defineConfig({
  testDir: './e2e',
  testMatch: /.*\.spec\.ts$/,
  globalSetup: './e2e/global-setup.ts',
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // The longest spec (axe scans of five page states) takes ~13 s; room for a loaded machine.
  timeout: 30_000,
  expect: { timeout: 5_000 },
  // `list` ends with Playwright's summary line ("N passed (Xs)", "N failed") in any environment.
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    browserName: 'chromium',
    headless: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: existsSync(systemChromium) ? { executablePath: systemChromium, args: chromiumArgs } : { args: chromiumArgs },
  },
  projects: [{ name: 'chromium' }],
});
