#!/usr/bin/env node
// Benchmark of <lien-discharge-summary> (run with `node bench/discharge-bench.mjs` from
// packages/elements, after `pnpm --filter @lien/elements build`). Prints figures only, asserts
// nothing.
//
// 1. Parse + render time, in Chromium (playwright-core, the browser from scripts/chromium.mjs):
//    a page served by a tiny HTTP server on 127.0.0.1 loads dist/lien-elements.js; the ANS
//    example LDL-SES 2022.01 is handed N times (default 30, after 3 warm-up runs) to a fresh
//    element through its `content` property. One run is timed from the property set to the
//    `lien-letter-loaded` event (fired once the letter is read — DOMParser + reader — and
//    rendered: Lit update committed), then `updateComplete`, then one requestAnimationFrame.
//    The median (and min, p90, first cold run) is printed.
// 2. Size added to lien-elements.js by the discharge summary: esbuild bundles src/lien-elements.ts
//    twice with the same settings (minified ESM, browser) — once as is, once with every module of
//    src/discharge-summary/ replaced by an empty stub — and the difference of min and min+gzip
//    sizes is printed. What the stub removes is the element, its styles, its controller and the
//    letters reader (`@lien/client/letters`, reachable only from it). The discharge summary's
//    translation terms and event classes stay in both builds (they live in the shared tables and
//    event modules), so the figure slightly under-counts; the standalone bundle
//    dist/standalone/lien-discharge-summary.js (Lit included) is printed too.
//
// Options: --runs N, --json. The fixture comes from LIEN_FIXTURES_DIR or ../shared/fixtures
// (relative to the repository root).
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, ensureChromium } from '../../../scripts/chromium.mjs';

const args = process.argv.slice(2);
const runsArg = args.indexOf('--runs');
const RUNS = runsArg >= 0 ? Number(args[runsArg + 1]) : 30;
const WARMUP = 3;
const JSON_OUTPUT = args.includes('--json');

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const packageDir = here('..');
const repoRoot = here('../../../');
const bundlePath = resolve(packageDir, 'dist/lien-elements.js');
const standalonePath = resolve(packageDir, 'dist/standalone/lien-discharge-summary.js');
const fixturesDir = resolve(
  process.env.LIEN_FIXTURES_DIR ?? resolve(repoRoot, '../shared/fixtures'),
);
const letterPath = resolve(fixturesDir, 'cda/LDL-SES_2022.01.xml');

for (const [path, hint] of [
  [bundlePath, 'build the elements first (`pnpm --filter @lien/elements build`)'],
  [letterPath, 'set LIEN_FIXTURES_DIR to the folder holding cda/LDL-SES_2022.01.xml'],
]) {
  if (!existsSync(path)) {
    console.error(`${path} is missing: ${hint}.`);
    process.exit(1);
  }
}

// --- 1. Parse + render ------------------------------------------------------------------------

const PAGE = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>discharge summary bench</title>
<script type="module" src="/lien-elements.js"></script></head>
<body><main id="host"></main></body></html>`;

const FILES = {
  '/': { type: 'text/html; charset=utf-8', body: PAGE },
  '/lien-elements.js': { type: 'text/javascript', body: readFileSync(bundlePath) },
  '/letter.xml': { type: 'text/plain; charset=utf-8', body: readFileSync(letterPath) },
};

const server = createServer((request, response) => {
  const file = FILES[new URL(request.url ?? '/', 'http://127.0.0.1').pathname];
  response.writeHead(file ? 200 : 404, { 'content-type': file?.type ?? 'text/plain' });
  response.end(file?.body ?? 'not found');
});
await new Promise((done) => server.listen(0, '127.0.0.1', done));
const { port } = server.address();

/** Runs in the page: reads and renders the letter `runs` times on fresh elements. */
async function measure({ runs }) {
  await customElements.whenDefined('lien-discharge-summary');
  const xml = await (await fetch('/letter.xml')).text();
  const host = document.getElementById('host');
  const frame = () => new Promise((done) => requestAnimationFrame(() => done()));
  const times = [];
  const loads = [];
  for (let i = 0; i < runs; i++) {
    const element = document.createElement('lien-discharge-summary');
    host.replaceChildren(element);
    await element.updateComplete; // first (empty) render, not timed
    await frame();
    await frame();
    const loaded = new Promise((done) =>
      element.addEventListener('lien-letter-loaded', done, { once: true }),
    );
    const t0 = performance.now();
    element.content = { type: 'cda', xml };
    await loaded;
    await element.updateComplete;
    loads.push(performance.now() - t0);
    await frame();
    times.push(performance.now() - t0);
    if (!element.shadowRoot.querySelector('[part~="discharge-treatments"]')) {
      throw new Error('The letter did not render its treatments.');
    }
  }
  host.replaceChildren();
  return { times, loads };
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

let timing;
const browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`http://127.0.0.1:${port}/`);
  const { times, loads } = await page.evaluate(measure, { runs: RUNS + WARMUP });
  const measured = times.slice(WARMUP).sort((a, b) => a - b);
  const committed = loads.slice(WARMUP).sort((a, b) => a - b);
  timing = {
    chromium: browser.version(),
    runs: measured.length,
    firstMs: times[0],
    medianMs: quantile(measured, 0.5),
    minMs: measured[0],
    p90Ms: quantile(measured, 0.9),
    committedMedianMs: quantile(committed, 0.5),
  };
  if (errors.length) console.error(`page errors:\n  ${errors.join('\n  ')}`);
} finally {
  await browser.close();
  server.close();
}

// --- 2. Size added to lien-elements.js ---------------------------------------------------------

const stubDischargeSummary = {
  name: 'stub-discharge-summary',
  setup(builder) {
    builder.onResolve({ filter: /discharge-summary\// }, (resolved) => ({
      path: resolved.path,
      namespace: 'stub',
    }));
    builder.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
      contents:
        'export const LienDischargeSummary = undefined, DischargeSummaryController = undefined, sortLetters = undefined;',
      loader: 'js',
    }));
  },
};

async function bundleSize(plugins) {
  const result = await build({
    entryPoints: [resolve(packageDir, 'src/lien-elements.ts')],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['browser'],
    tsconfig: resolve(packageDir, 'tsconfig.build.json'),
    legalComments: 'none',
    write: false,
    plugins,
  });
  const code = result.outputFiles[0].contents;
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

const withIt = await bundleSize([]);
const without = await bundleSize([stubDischargeSummary]);
const standalone = existsSync(standalonePath) ? readFileSync(standalonePath) : undefined;
const size = {
  withMin: withIt.min,
  withGzip: withIt.gzip,
  withoutMin: without.min,
  withoutGzip: without.gzip,
  addedMin: withIt.min - without.min,
  addedGzip: withIt.gzip - without.gzip,
  ...(standalone
    ? {
        standaloneMin: standalone.length,
        standaloneGzip: gzipSync(standalone, { level: 9 }).length,
      }
    : {}),
};

if (JSON_OUTPUT) {
  console.log(JSON.stringify({ timing, size }, null, 2));
} else {
  const ms = (n) => `${n.toFixed(1)} ms`;
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  console.log(
    `\n<lien-discharge-summary> parse + render of the ANS LDL-SES 2022.01 example ` +
      `(content property → lien-letter-loaded + updateComplete + 1 rAF), Chromium ${timing.chromium}, ` +
      `${timing.runs} runs after ${WARMUP} warm-up`,
  );
  console.log(
    `  median ${ms(timing.medianMs)}   min ${ms(timing.minMs)}   p90 ${ms(timing.p90Ms)}   ` +
      `first (cold) ${ms(timing.firstMs)}   [without the rAF: median ${ms(timing.committedMedianMs)}]`,
  );
  console.log('\nSize of lien-elements.js (esbuild, minified ESM; same settings for both builds)');
  console.log(
    `  with the discharge summary     ${kb(size.withMin)} min   ${kb(size.withGzip)} min+gz`,
  );
  console.log(
    `  without (modules stubbed)      ${kb(size.withoutMin)} min   ${kb(size.withoutGzip)} min+gz`,
  );
  console.log(
    `  added by the discharge summary ${kb(size.addedMin)} min   ${kb(size.addedGzip)} min+gz`,
  );
  if (standalone) {
    console.log(
      `  standalone lien-discharge-summary.js (rollup + terser, Lit included): ` +
        `${kb(size.standaloneMin)} min   ${kb(size.standaloneGzip)} min+gz`,
    );
  }
}
