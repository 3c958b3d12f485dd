// The library build (rollup.config.mjs) against package.json's `exports`: every entry point is
// built, and exports at run time what its source module exports. Rollup drops an object's unused
// properties in a module that is not an input, so an entry point left out of the inputs would
// ship incomplete (it happened to `@lien/client/systems`).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { rollup, type OutputOptions, type RollupOptions } from 'rollup';
// @ts-expect-error -- plain JavaScript, no declarations: typed just below.
import rollupConfig from '../rollup.config.mjs';

const config = rollupConfig as RollupOptions & { output: OutputOptions };

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  exports: Record<string, string | { import?: string }>;
};
const entries = Object.entries(pkg.exports)
  .map(([name, target]) => [name, typeof target === 'string' ? target : target.import] as const)
  .filter((entry): entry is readonly [string, string] => !!entry[1]?.endsWith('.js'));

describe('library build', () => {
  it('builds every entry point of package.json with all the exports of its source', async () => {
    const bundle = await rollup({ ...config, onwarn: () => undefined });
    const { output } = await bundle.generate(config.output);
    await bundle.close();
    expect(entries.length).toBeGreaterThanOrEqual(3);
    for (const [name, target] of entries) {
      const file = target.replace(/^\.\/dist\//, '');
      const chunk = output.find((o) => o.type === 'chunk' && o.fileName === file);
      expect(chunk, `${name} → ${target} is built`).toBeDefined();
      expect(chunk?.type === 'chunk' && chunk.isEntry, `${name} is an input`).toBe(true);
      const module = new URL(`../src/${file.replace(/\.js$/, '.ts')}`, import.meta.url).href;
      const source = (await import(/* @vite-ignore */ module)) as object;
      const code = chunk?.type === 'chunk' ? chunk.code : '';
      for (const [key, value] of Object.entries(source)) {
        // Objects of constants are shipped whole: each property is in the built module.
        if (value && typeof value === 'object' && !Array.isArray(value))
          for (const property of Object.keys(value))
            expect(code, `${name}: ${key}.${property}`).toMatch(new RegExp(`\\b${property}:`));
      }
      expect([...(chunk?.type === 'chunk' ? chunk.exports : [])].sort(), name).toEqual(
        Object.keys(source).sort(),
      );
    }
  });
});
