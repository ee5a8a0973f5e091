import { defineConfig } from 'vitest/config';

/**
 * End-to-end: the built app served headless, driven in Chromium (found once by the global setup:
 * RECUR_CHROMIUM, an installed one, or the one inside @sparticuz/chromium). One file at a time.
 */
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.spec.ts'],
    globalSetup: ['tests/e2e/support/global-setup.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
