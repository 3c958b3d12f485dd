#!/usr/bin/env node
// `pnpm bench`: builds, then prints the figures the targets are checked against — sizes, render
// times in Chromium, server throughput and latency on PGlite and PostgreSQL. It prints figures; it
// asserts nothing. LIEN_BENCH_ONLY=sizes,render,server runs some parts only.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { measureSizes, printSizes } from './bench/sizes.mjs';
import { ensureChromium } from './chromium.mjs';
import { ensurePostgres } from './postgres.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const only = process.env.LIEN_BENCH_ONLY?.split(',').map((s) => s.trim());
const wants = (part) => !only || only.includes(part);

function run(command, env = {}) {
  const result = spawnSync(command, {
    shell: true,
    stdio: 'inherit',
    cwd: root,
    env: { ...process.env, ...env },
  });
  return result.status === 0;
}

console.log(
  `Lien benchmarks — ${new Date().toISOString()}, Node ${process.version}, ${(await import('node:os')).cpus().length} cores`,
);
if (
  !process.env.LIEN_BENCH_NO_BUILD &&
  !run('pnpm -r --workspace-concurrency=1 run build > /dev/null')
) {
  console.error('The build failed: run `pnpm build` to see why.');
  process.exit(1);
}

if (wants('sizes')) printSizes(await measureSizes());

const renderBench = `${root}/examples/ehr-demo/bench/render-bench.mjs`;
if (wants('render') && existsSync(renderBench)) {
  console.log('\nRender times in Chromium');
  run(`node ${renderBench}`, { CHROME_PATH: ensureChromium() });
}

const dischargeBench = `${root}/packages/elements/bench/discharge-bench.mjs`;
if (wants('render') && existsSync(dischargeBench)) {
  console.log('\nDischarge letter parse + render in Chromium (ANS LDL-SES 2022.01)');
  run(`node ${dischargeBench}`, { CHROME_PATH: ensureChromium() });
}

const serverBench = `${root}/packages/server/bench/server-bench.mjs`;
if (wants('server') && existsSync(serverBench)) {
  console.log('\nServer throughput (autocannon on loopback)');
  const postgres = ensurePostgres();
  if (!postgres.url) console.log(`  PostgreSQL runs skipped: ${postgres.why}`);
  run(`node ${serverBench}`, postgres.url ? { LIEN_BENCH_DATABASE_URL: postgres.url } : {});
}
