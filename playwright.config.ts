import { defineConfig } from '@playwright/test';

// UI tests: real Chromium (Debian's, never a downloaded one) against
// `zedops serve` and the real test environment's Docker; then the Electron
// smoke test (e2e/electron.spec.ts), which runs only where Electron's runtime exists.
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './e2e/global-setup.ts',
  outputDir: 'test-results/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 2,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  projects: [
    { name: 'chromium', testIgnore: /(^|[\\/])electron\.spec\.ts$/ },
    // The Electron smoke test switches better-sqlite3 to Electron's build while it runs (and back),
    // so it waits until no browser test (and no `zedops serve` on the Node build) is running.
    { name: 'electron', testMatch: /(^|[\\/])electron\.spec\.ts$/, dependencies: ['chromium'] },
  ],
  use: {
    browserName: 'chromium',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.ZEDOPS_CHROMIUM ?? '/usr/bin/chromium',
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
});
