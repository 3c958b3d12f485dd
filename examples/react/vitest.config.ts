// End to end, with the settings every framework example shares (@lien/examples-shared): one file,
// one server, one browser. The shared config is TypeScript in a workspace package, which Node 20
// cannot load as Vite's default config loader leaves it: hence `vitest run --configLoader runner`
// in package.json, which transpiles it.
export { default } from '@lien/examples-shared/test/vitest-config';
