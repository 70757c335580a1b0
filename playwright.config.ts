// End-to-end tests drive the real renderer bundle in the browser shell (system Chromium through
// playwright-core). Each test launches its own shell on a fresh data directory, so no browser
// project or Playwright-managed browser download is involved.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: 'list',
  forbidOnly: !!process.env.CI,
});
