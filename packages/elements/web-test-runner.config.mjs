// Web Test Runner configuration of @lien/elements (loaded from this package so that its plugins
// resolve from this package's dependencies).
// Element tests run in a real Chromium (Debian's, or CHROME_PATH); TypeScript through esbuild
// with Lit's decorator settings.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { createReadStream, statSync } from 'node:fs';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChromium, CHROMIUM_ARGS } from '../../scripts/chromium.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

// Shared fixtures (the ANS example letters…) live outside the repository: `../shared/fixtures`
// from the repository root, or LIEN_FIXTURES_DIR. Tests fetch them at `/__fixtures__/<path>`; a
// missing file is a 404 and those tests skip visibly.
const fixturesDir = resolve(process.env.LIEN_FIXTURES_DIR ?? resolve(root, '../shared/fixtures'));
const FIXTURE_TYPES = {
  '.xml': 'application/xml',
  '.json': 'application/json',
  '.pdf': 'application/pdf',
};

/** Serves `/__fixtures__/*` read-only from the fixtures folder (no path outside it). */
async function serveFixtures(context, next) {
  const prefix = '/__fixtures__/';
  if (!context.path.startsWith(prefix)) return next();
  const file = resolve(fixturesDir, decodeURIComponent(context.path.slice(prefix.length)));
  let found = false;
  try {
    found = file.startsWith(fixturesDir + sep) && statSync(file).isFile();
  } catch {
    found = false;
  }
  if (!found) {
    context.status = 404;
    context.body = 'Fixture not found';
    return undefined;
  }
  context.type = FIXTURE_TYPES[extname(file)] ?? 'application/octet-stream';
  context.body = createReadStream(file);
  return undefined;
}

export default {
  rootDir: root,
  files: ['src/**/*.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'development'] },
  middleware: [serveFixtures],
  plugins: [
    esbuildPlugin({
      ts: true,
      target: 'es2022',
      tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)),
    }),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: ensureChromium(),
        args: CHROMIUM_ARGS,
      },
    }),
  ],
  concurrency: 1,
  testFramework: { config: { timeout: 5000 } },
  testsFinishTimeout: 240000,
};
