import { defineConfig } from 'vitest/config';

// Server suites run against PGlite, and also against PostgreSQL when LIEN_TEST_DATABASE_URL is set
// (LIEN_TEST_POSTGRES_ONLY=1 skips the PGlite runs). Each run creates its own database.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ['./test/global-setup.ts'],
  },
});
