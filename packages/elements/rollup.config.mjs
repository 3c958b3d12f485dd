// Builds of @lien/elements:
// 1. the library: ESM modules preserved one for one under dist/ (bundlers tree-shake; lit,
//    @lit/*, @lien/client stay external), declarations come from tsc;
// 2. dist/lien-elements.js: one minified file with everything inside (Lit and @lien/client
//    included, no CDN), for a plain <script type="module">;
// 3. dist/standalone/<tag>.js: one minified bundle per element, for size measurement
//    (`pnpm size`).
import { readdirSync } from 'node:fs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';
import minifyCss from './scripts/minify-css-literals.mjs';

const library = readdirSync('src', { recursive: true })
  .map((file) => file.replaceAll('\\', '/'))
  .filter((file) => file.endsWith('.ts'))
  .filter((file) => !/\.(test|stories|d)\.ts$/.test(file) && !file.startsWith('testing/'))
  // Declaration-only modules (`types.ts`) have no JavaScript: tsc writes their .d.ts, and as
  // inputs they would only be empty chunks.
  .filter((file) => !/(^|\/)types\.ts$/.test(file))
  .map((file) => `src/${file}`);

const STANDALONE = {
  'lien-provider': 'src/provider/define.ts',
  'lien-care-circle': 'src/care-circle/define.ts',
  'lien-declare-actor': 'src/declare-actor/define.ts',
  'lien-break-the-glass': 'src/declare-actor/define-break-the-glass.ts',
  'lien-discharge-summary': 'src/discharge-summary/define.ts',
};

// Styles lose their comments and indentation first (see scripts/minify-css-literals.mjs).
const typescript = () => [
  minifyCss(),
  esbuild({ target: 'es2022', tsconfig: 'tsconfig.build.json' }),
];

/**
 * In the one-file bundles, the English table is imported like the French one rather than loaded
 * on demand: there is no second file to load it from, and kept beside the French table it
 * compresses with it (gzip shares their keys).
 */
const englishInside = () => ({
  name: 'lien-english-inside',
  transform(code, id) {
    if (!id.replaceAll('\\', '/').endsWith('/src/i18n/localize.ts')) return null;
    const lazy = "import('./en.js')";
    if (!code.includes(lazy)) this.error('localize.ts no longer loads English with ' + lazy);
    return {
      code: code
        .replace(
          "import { fr } from './fr.js';",
          "import { fr } from './fr.js';\nimport * as english from './en.js';",
        )
        .replace(lazy, 'Promise.resolve(english)'),
      map: null,
    };
  },
});

const bundle = (input, file) => ({
  input,
  plugins: [
    nodeResolve({ extensions: ['.ts', '.js'], browser: true }),
    englishInside(),
    ...typescript(),
    terser({ ecma: 2022, module: true, format: { comments: false } }),
  ],
  // One file: dynamic imports of dependencies (if any) are inlined.
  output: { file, format: 'esm', sourcemap: true, inlineDynamicImports: true },
});

export default [
  {
    input: library,
    external: [/^lit(\/|$)/, /^@lit\//, /^@lien\/client(\/|$)/, /^dompurify/],
    plugins: [nodeResolve({ extensions: ['.ts', '.js'] }), ...typescript()],
    output: {
      dir: 'dist',
      format: 'esm',
      preserveModules: true,
      preserveModulesRoot: 'src',
      sourcemap: true,
    },
  },
  bundle('src/lien-elements.ts', 'dist/lien-elements.js'),
  ...Object.entries(STANDALONE).map(([tag, input]) => bundle(input, `dist/standalone/${tag}.js`)),
];
