import { defineConfig } from 'vitest/config';

// End to end: the real server (in-process, in-memory PGlite, demo seed, dev auth) serving dist/,
// and Debian's Chromium driven by playwright-core. One file, one server, one browser.
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
