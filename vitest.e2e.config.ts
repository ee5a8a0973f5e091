import { defineConfig } from 'vitest/config';

/** End-to-end: the built app served headless, driven in Debian's Chromium. One file at a time. */
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.spec.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
