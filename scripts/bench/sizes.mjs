// Sizes a user pays for: minified + gzip, dependencies included, measured by bundling the public
// entry points with esbuild (browser target) — the way an application bundler would.
import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

/**
 * Bundles like an application would, with code splitting: `min`/`gz` count what loads up front (the
 * entry and the chunks it imports statically); `lazyGz` what is loaded on demand by `import()`.
 */
async function bundleSize(contents, resolveDir) {
  const result = await build({
    stdin: { contents, resolveDir, loader: 'js' },
    bundle: true,
    splitting: true,
    outdir: '/virtual',
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    legalComments: 'none',
  });
  const outputs = result.metafile.outputs;
  const byPath = new Map(result.outputFiles.map((f) => [f.path, f.contents]));
  const entry = Object.keys(outputs).find((k) => outputs[k].entryPoint);
  const eager = new Set();
  const visit = (key) => {
    if (eager.has(key)) return;
    eager.add(key);
    for (const imp of outputs[key].imports) if (imp.kind === 'import-statement') visit(imp.path);
  };
  visit(entry);
  const file = (key) => byPath.get(`/virtual/${key.split('/').pop()}`);
  const gz = (key) => gzipSync(file(key), { level: 9 }).length;
  let min = 0;
  let gzEager = 0;
  let lazyGz = 0;
  for (const key of Object.keys(outputs)) {
    if (!key.endsWith('.js')) continue;
    if (eager.has(key)) {
      min += outputs[key].bytes;
      gzEager += gz(key);
    } else lazyGz += gz(key);
  }
  return { min, gz: gzEager, lazyGz };
}

function fileSize(path) {
  const code = readFileSync(path);
  return { min: code.length, gz: gzipSync(code, { level: 9 }).length };
}

export async function measureSizes() {
  const rows = [];
  const clientDir = `${root}/packages/client`;
  const whole = await bundleSize(
    "import * as lien from '@lien/client'; export default lien;",
    `${root}/packages/elements`,
  );
  rows.push({ what: '@lien/client (whole API, with openapi-fetch)', ...whole, target: 6 * 1024 });
  const fetchOnly = await bundleSize("export { default } from 'openapi-fetch';", clientDir);
  rows.push({ what: '  of which openapi-fetch', ...fetchOnly });
  // Where the rest goes: the client's modules added one layer at a time, in dependency order,
  // each row the growth of what loads up front. The last row ends at the whole API as measured
  // above (its namespace object, built by `import *`, included).
  const layers = [
    ['LienError and error mapping', ['errors.js', 'http/unwrap.js']],
    ['resilient fetch (retries, Retry-After, timeout)', ['http/resilient-fetch.js']],
    ['access-token claims (fhirUser)', ['http/token.js']],
    ['care-circle view model', ['fhir/labels.js', 'fhir/care-circle.js']],
    ['createLienClient and its methods', ['index.js']],
  ];
  let previous = fetchOnly;
  let entry = "export { default as createClient } from 'openapi-fetch';";
  for (const [what, files] of layers) {
    for (const file of files) entry += `\nexport * from '${clientDir}/dist/${file}';`;
    const size = files.includes('index.js') ? whole : await bundleSize(entry, clientDir);
    rows.push({ what: `    + ${what}`, min: size.min - previous.min, gz: size.gz - previous.gz });
    previous = size;
  }

  const elementsDist = `${root}/packages/elements/dist`;
  if (existsSync(`${elementsDist}/lien-elements.js`)) {
    rows.push({
      what: 'lien-elements.js (everything, Lit and client inside)',
      ...fileSize(`${elementsDist}/lien-elements.js`),
      target: 30 * 1024,
    });
    // What #4 ships (the care-circle elements, with Lit and the client), bundled the way an
    // application that does not show discharge letters would: the discharge summary and its
    // letter reader are the difference with lien-elements.js.
    const careCircleSet = await bundleSize(
      [
        "import '@lien/elements/provider/define';",
        "import '@lien/elements/care-circle/define';",
        "import '@lien/elements/declare-actor/define';",
        "export { createLienClient } from '@lien/client';",
      ].join('\n'),
      `${root}/examples/ehr-demo`,
    );
    rows.push({
      what: '  of which the care-circle elements (#4, no letters)',
      ...careCircleSet,
      target: 30 * 1024,
    });
    // The same on a page in English: its table, loaded on demand, is then needed at once.
    const inEnglish = await bundleSize(
      [
        "import '@lien/elements/provider/define';",
        "import '@lien/elements/care-circle/define';",
        "import '@lien/elements/declare-actor/define';",
        `export { en } from '${elementsDist}/i18n/en.js';`,
        "export { createLienClient } from '@lien/client';",
      ].join('\n'),
      `${root}/examples/ehr-demo`,
    );
    rows.push({
      what: '    same, page in English (English table loaded)',
      ...inEnglish,
      target: 30 * 1024,
    });
    const standalone = `${elementsDist}/standalone`;
    if (existsSync(standalone)) {
      for (const file of readdirSync(standalone)
        .filter((f) => f.endsWith('.js'))
        .sort()) {
        rows.push({ what: `  standalone ${file}`, ...fileSize(`${standalone}/${file}`) });
      }
    }
  }
  return rows;
}

export function printSizes(rows) {
  console.log('\nSizes (minified + gzip)');
  for (const r of rows) {
    const verdict = r.target
      ? r.gz <= r.target
        ? `  ≤ ${kb(r.target)} ✓`
        : `  > ${kb(r.target)} ✗`
      : '';
    console.log(
      `  ${r.what.padEnd(56)} ${kb(r.min).padStart(9)} min  ${kb(r.gz).padStart(8)} gz${verdict}` +
        (r.lazyGz ? `  (+ ${kb(r.lazyGz)} gz on demand)` : ''),
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printSizes(await measureSizes());
}
