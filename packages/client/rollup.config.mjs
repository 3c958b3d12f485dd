// Library build: ESM modules preserved one for one (so bundlers tree-shake), no minification
// (consumers minify); declarations come from tsc. Sizes are measured by `pnpm bench`.
import esbuild from 'rollup-plugin-esbuild';
import { nodeResolve } from '@rollup/plugin-node-resolve';

export default {
  // One input per entry point of package.json's `exports`: a module that is not one keeps only
  // what the other entries use.
  input: ['src/index.ts', 'src/letters/index.ts', 'src/fhir/systems.ts'],
  external: [/^openapi-fetch/],
  plugins: [
    nodeResolve({ extensions: ['.ts', '.js'] }),
    esbuild({ target: 'es2022', tsconfig: 'tsconfig.build.json' }),
  ],
  output: {
    dir: 'dist',
    format: 'esm',
    preserveModules: true,
    preserveModulesRoot: 'src',
    sourcemap: true,
  },
};
