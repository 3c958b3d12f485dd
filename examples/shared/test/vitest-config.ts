import { defineConfig } from 'vitest/config';

// The framework examples' vitest config (each example's vitest.config.ts re-exports it), end to
// end: the real server (in-process, in-memory PGlite, demo seed, dev auth) serving the example's
// dist/, and Debian's Chromium driven by playwright-core. One file, one server, one browser.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 90_000,
    reporters: ['default'],
  },
});
