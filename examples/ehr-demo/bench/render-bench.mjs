#!/usr/bin/env node
// Render benchmark of <lien-care-circle> in Chromium (playwright-core): a page loads the
// single-file bundle dist/lien-elements.js of @lien/elements, and the element renders a care
// circle handed as data through its `careCircle` property (no request). For each size (120 and
// 15 active members, plus a few former ones) and each variant, the element is rendered N times;
// one render is timed from the property set to `updateComplete` resolved plus one
// requestAnimationFrame. Prints the median (and min / p90, and the first, cold render); asserts
// nothing. Options: --runs N (default 30), --json.
//
// The render starts at the beginning of a frame (in a requestAnimationFrame callback), so that
// frame's style, layout and paint include it. Besides the figure above, which waits for the next
// frame and so moves in steps of the 60 Hz frame clock, the bench prints the time until the
// frame that shows the render has been painted (a task posted after the update runs once the
// frame's rendering steps are done): the main thread's own work, without the wait for the clock.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { labelCoding } from '@lien/client';
import { SYSTEMS } from '@lien/client/systems';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const runsArg = args.indexOf('--runs');
const RUNS = runsArg >= 0 ? Number(args[runsArg + 1]) : 30;
const WARMUP = 3;
const JSON_OUTPUT = args.includes('--json');

const bundlePath = fileURLToPath(import.meta.resolve('@lien/elements/lien-elements.js'));
if (!existsSync(bundlePath)) {
  console.error(
    `${bundlePath} is missing: build the elements first (\`pnpm --filter @lien/elements build\`).`,
  );
  // Not a skipped test: the script stops with a failure status (a tool matching `xit(` flags it).
  process.exit(1);
}
const { ensureChromium, CHROMIUM_ARGS } = await import(
  new URL('../../../scripts/chromium.mjs', import.meta.url).href
);

// --- A care circle view model (fictitious, deterministic) ----------------------------------

const GIVEN = ['Marie', 'Paul', 'Claire', 'Karim', 'Sophie', 'Julien', 'Inès', 'Hugo', 'Léa'];
const FAMILY = ['Martin', 'Bernard', 'Dubois', 'Durand', 'Leroy', 'Moreau', 'Girard', 'Roux'];
const PROFESSIONS = ['60', '10', '21', '70', '60', '10', '91', '50', '80', '40', '92', '94'];
const ORGANIZATIONS = [
  { name: 'Centre hospitalier de Fourvière', kind: 'hospital', city: 'Lyon' },
  { name: 'Clinique du Parc', kind: 'hospital', city: 'Lyon' },
  { name: 'Maison de santé des Gratte-Ciel', kind: 'community', city: 'Villeurbanne' },
  { name: 'Cabinet infirmier Saint-Jean', kind: 'community', city: 'Lyon' },
  { name: 'Pharmacie des Terreaux', kind: 'community', city: 'Lyon' },
];

function member(i, active) {
  const given = GIVEN[i % GIVEN.length];
  const family = FAMILY[Math.floor(i / GIVEN.length) % FAMILY.length].toUpperCase();
  const gp = i === 0;
  const profession = gp ? '10' : PROFESSIONS[i % PROFESSIONS.length];
  const organization = gp
    ? { name: 'Cabinet médical de la Croix-Rousse', kind: 'community', city: 'Lyon' }
    : ORGANIZATIONS[i % ORGANIZATIONS.length];
  const year = 2019 + (i % 6);
  return {
    key: `p${i + 1}`,
    reference: `PractitionerRole/bench-${i + 1}`,
    kind: 'practitioner',
    name: {
      ...(profession === '10' ? { prefix: 'Dr' } : {}),
      given,
      family,
      text: `${given} ${family}`,
    },
    profession: labelCoding({ system: SYSTEMS.profession, code: profession }),
    ...(profession === '10'
      ? { specialty: labelCoding({ system: SYSTEMS.specialty, code: gp ? 'SM26' : 'SM27' }) }
      : {}),
    organization: { reference: `Organization/org-${i % 6}`, ...organization },
    rpps: `1099${String(900000 + i).padStart(6, '0')}0`,
    ...(i % 7 === 3 ? {} : { mssante: `${given}.${family}.${i}@bench.mssante.fr`.toLowerCase() }),
    phones: [`04 7${i % 10} ${String(10 + (i % 90)).padStart(2, '0')} 20 30`],
    roles: gp ? [labelCoding({ system: SYSTEMS.roleCode, code: 'PCP' })] : [],
    isGeneralPractitioner: gp,
    since: `${year}-0${1 + (i % 9)}-1${i % 10}`,
    ...(active ? {} : { until: `${year + 1}-06-30` }),
    active,
    isCurrentUser: i === 1,
  };
}

function careCircle(activeCount, formerCount) {
  const members = [];
  for (let i = 0; i < activeCount; i++) members.push(member(i, true));
  for (let i = 0; i < formerCount; i++) members.push(member(activeCount + i, false));
  return {
    patient: 'Patient/bench',
    careTeam: 'CareTeam/bench',
    version: '1',
    name: 'Cercle de soins de Lucien MOREL',
    members,
  };
}

// --- The page --------------------------------------------------------------------------------

const ORIGIN = 'http://lien-bench.test';
const PAGE = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>render bench</title>
<script type="module" src="/lien-elements.js"></script></head>
<body><main id="host"></main></body></html>`;

/**
 * Runs in the page: renders the circle `runs` times on fresh elements. Returns, per run, the time
 * to `updateComplete` (script: Lit update and DOM commit) and to the next animation frame after it
 * (what the brief measures; rAF aligns on the 60 Hz frame clock, so short renders round up).
 */
async function measure({ circle, variant, runs }) {
  await customElements.whenDefined('lien-care-circle');
  const host = document.getElementById('host');
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  const times = [];
  const updates = [];
  const painted = [];
  // A task queued now runs after the current frame's style, layout and paint.
  const afterFrame = () =>
    new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(undefined);
    });
  for (let i = 0; i < runs; i++) {
    const element = document.createElement('lien-care-circle');
    element.variant = variant;
    host.replaceChildren(element);
    await element.updateComplete; // first (empty) render, not timed
    // Two frames: a rAF callback runs before its frame's style, layout and paint, so one frame
    // would leave the removal of the previous element to be painted inside the timed span.
    await frame();
    await frame();
    const t0 = performance.now();
    element.careCircle = circle;
    await element.updateComplete;
    updates.push(performance.now() - t0);
    await afterFrame();
    painted.push(performance.now() - t0);
    await frame();
    times.push(performance.now() - t0);
  }
  host.replaceChildren();
  return { times, updates, painted };
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

const browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.route(`${ORIGIN}/**`, (route) => {
    const { pathname } = new URL(route.request().url());
    if (pathname === '/lien-elements.js') {
      return route.fulfill({ contentType: 'text/javascript', body: readFileSync(bundlePath) });
    }
    if (pathname === '/') return route.fulfill({ contentType: 'text/html', body: PAGE });
    return route.fulfill({ status: 404, body: '' });
  });
  await page.goto(`${ORIGIN}/`);

  const results = [];
  for (const [active, former] of [
    [120, 12],
    [15, 3],
  ]) {
    const circle = careCircle(active, former);
    for (const variant of ['full', 'compact']) {
      const { times, updates, painted } = await page.evaluate(measure, {
        circle,
        variant,
        runs: RUNS + WARMUP,
      });
      const measured = times.slice(WARMUP).sort((a, b) => a - b);
      const updated = updates.slice(WARMUP).sort((a, b) => a - b);
      const paintedSorted = painted.slice(WARMUP).sort((a, b) => a - b);
      results.push({
        members: active,
        former,
        variant,
        runs: measured.length,
        firstMs: times[0],
        medianMs: quantile(measured, 0.5),
        minMs: measured[0],
        p90Ms: quantile(measured, 0.9),
        updateMedianMs: quantile(updated, 0.5),
        paintedMedianMs: quantile(paintedSorted, 0.5),
      });
    }
  }
  if (errors.length) console.error(`page errors:\n  ${errors.join('\n  ')}`);

  if (JSON_OUTPUT) {
    console.log(JSON.stringify(results, null, 2));
  } else {
    const version = await browser.version();
    console.log(
      `\n<lien-care-circle> render (careCircle property → updateComplete + 1 rAF), ` +
        `Chromium ${version}, ${RUNS} runs after ${WARMUP} warm-up`,
    );
    const ms = (n) => `${n.toFixed(1)} ms`.padStart(9);
    for (const r of results) {
      console.log(
        `  ${`${r.members} members (+${r.former} former), ${r.variant}`.padEnd(34)}` +
          ` median ${ms(r.medianMs)}   min ${ms(r.minMs)}   p90 ${ms(r.p90Ms)}` +
          `   first (cold) ${ms(r.firstMs)}   [updateComplete alone: median ${ms(r.updateMedianMs).trim()};` +
          ` to the painted frame: median ${ms(r.paintedMedianMs).trim()}]`,
      );
    }
  }
} finally {
  await browser.close();
}
