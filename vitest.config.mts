import { defineConfig } from 'vitest/config';

// Two projects: unit tests are pure logic and run anywhere in seconds;
// integration tests run against the real test environment (testenv/), which
// the global setup brings up (and installs, when run as root).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['**/*.test.ts', '**/*.test.tsx'],
          exclude: ['**/*.int.test.ts', 'node_modules/**', 'out/**', 'e2e/**'],
        },
      },
      {
        test: {
          name: 'integration',
          environment: 'node',
          include: ['**/*.int.test.ts'],
          exclude: ['node_modules/**', 'out/**'],
          globalSetup: ['testenv/global-setup.ts', 'testenv/build-cli.ts'],
          testTimeout: 90_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
