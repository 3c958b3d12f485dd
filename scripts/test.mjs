#!/usr/bin/env node
// `pnpm test`: every check and every test suite of the workspace, in dependency order, with real
// parts (Chromium, PGlite, PostgreSQL). Prints each step's outcome and a closing summary line
// "N passed, N failed". Set LIEN_TEST_ONLY=step1,step2 to run some steps only.
import { spawn } from 'node:child_process';
import { ensureChromium } from './chromium.mjs';
import { ensurePostgres } from './postgres.mjs';

const CI = Boolean(process.env.CI);
const only = process.env.LIEN_TEST_ONLY?.split(',')
  .map((s) => s.trim())
  .filter(Boolean);

/** Runs a command, streaming its output, and resolves with { code, output }. */
function run(command, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, {
      shell: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    let output = '';
    const forward = (stream, target) =>
      stream.on('data', (chunk) => {
        output += chunk;
        target.write(chunk);
      });
    forward(child.stdout, process.stdout);
    forward(child.stderr, process.stderr);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

// eslint-disable-next-line no-control-regex
const stripAnsi = (s) => s.replace(/\u001b\[[0-9;]*m/g, '');

/** Test counts from a runner's closing lines (vitest, web-test-runner, node:test). */
function countTests(output) {
  const text = stripAnsi(output);
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let wtr; // web-test-runner reprints its progress line: only the last one counts
  for (const line of text.split('\n')) {
    const vitest = /^\s*Tests\s+(.*)\((\d+)\)\s*$/.exec(line);
    if (vitest) {
      passed += Number(/(\d+) passed/.exec(vitest[1])?.[1] ?? 0);
      failed += Number(/(\d+) failed/.exec(vitest[1])?.[1] ?? 0);
      skipped += Number(/(\d+) skipped/.exec(vitest[1])?.[1] ?? 0);
      continue;
    }
    const progress = /test files \| (\d+) passed, (\d+) failed(?:, (\d+) skipped)?/.exec(line);
    if (progress) wtr = progress;
  }
  if (wtr) {
    passed += Number(wtr[1]);
    failed += Number(wtr[2]);
    skipped += Number(wtr[3] ?? 0);
  }
  return { passed, failed, skipped };
}

const steps = [];
const step = (name, command, options = {}) => steps.push({ name, command, ...options });

step('lint', 'pnpm exec eslint . && pnpm exec prettier --check . --log-level warn', {
  counts: false,
});
step('build', 'pnpm -r --workspace-concurrency=1 run build', { counts: false });
step('typecheck', 'pnpm -r run typecheck', { counts: false });
step('contract', 'pnpm --filter @lien/openapi test');
step('client', 'pnpm --filter @lien/client test');
step('server (PGlite)', 'pnpm --filter @lien/server test');
step('server (PostgreSQL)', 'pnpm --filter @lien/server test', { postgres: true });
step('elements (Chromium)', 'pnpm --filter @lien/elements test', { chromium: true });
step('end to end (Chromium)', 'pnpm --filter @lien/ehr-demo test', { chromium: true });
step('react example (Chromium)', 'pnpm --filter @lien/example-react test', { chromium: true });
step('vue example (Chromium)', 'pnpm --filter @lien/example-vue test', { chromium: true });
step('storybook build', 'pnpm run build-storybook', { counts: false });

const results = [];
let chromium;
let postgres;
const started = Date.now();
for (const s of steps) {
  if (only && !only.includes(s.name.split(' ')[0])) continue;
  const env = {};
  if (s.chromium) {
    chromium ??= ensureChromium();
    env.CHROME_PATH = chromium;
  }
  if (s.postgres) {
    postgres ??= ensurePostgres();
    if (!postgres.url) {
      const outcome = CI ? 'failed' : 'skipped';
      console.log(`\n■ ${s.name}: ${outcome} — no PostgreSQL server: ${postgres.why}`);
      results.push({
        name: s.name,
        ok: !CI,
        skipped: !CI,
        seconds: 0,
        counts: { passed: 0, failed: CI ? 1 : 0, skipped: 0 },
      });
      continue;
    }
    env.LIEN_TEST_DATABASE_URL = postgres.url;
    env.LIEN_TEST_POSTGRES_ONLY = '1';
  }
  console.log(`\n■ ${s.name}: ${s.command}`);
  const t0 = Date.now();
  const { code, output } = await run(s.command, env);
  const counts = s.counts === false ? null : countTests(output);
  results.push({ name: s.name, ok: code === 0, seconds: (Date.now() - t0) / 1000, counts });
}

let passed = 0;
let failed = 0;
let skipped = 0;
console.log('\n── Summary ─────────────────────────────────────────────');
for (const r of results) {
  const counts = r.counts
    ? ` ${r.counts.passed} passed, ${r.counts.failed} failed${r.counts.skipped ? `, ${r.counts.skipped} skipped` : ''}`
    : '';
  const status = r.skipped ? 'SKIP' : r.ok ? 'ok  ' : 'FAIL';
  console.log(`${status} ${r.name.padEnd(24)} ${r.seconds.toFixed(1).padStart(6)} s${counts}`);
  passed += r.counts?.passed ?? 0;
  failed += r.counts?.failed ?? 0;
  skipped += r.counts?.skipped ?? 0;
  if (!r.ok && !r.counts?.failed) failed += 1; // a failed step without counted tests still fails
}
console.log(`Total time ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
