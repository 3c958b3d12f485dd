// Custom Elements Manifest: generated from the JSDoc of the element classes (@summary,
// @fires, @csspart, @cssprop, @slot, attributes and properties). Feeds the README tables,
// Storybook's controls and editor hints.
//
// The design tokens have one source, `TOKENS` in src/styles/tokens.ts; the plugin below adds
// them to the CSS custom properties of every themed element, with their defaults.
import { readFileSync } from 'node:fs';

function designTokens() {
  const source = readFileSync(new URL('./src/styles/tokens.ts', import.meta.url), 'utf8');
  const tokens = [];
  const entries = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*'(--lien-[a-z-]+)':\s*\{([^}]*)\}/g;
  for (const [, doc, name, body] of source.matchAll(entries)) {
    const read = (key) => new RegExp(`${key}:\\s*'([^']*)'`, 's').exec(body)?.[1];
    const description = doc
      .replace(/\s*\n\s*\*\s?/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    const light = read('light');
    const dark = read('dark');
    tokens.push({
      name,
      description: dark ? `${description} Dark default: \`${dark}\`.` : description,
      ...(light && { default: light }),
    });
  }
  return tokens;
}

function designTokensPlugin() {
  const tokens = designTokens();
  const themed = new Set([
    'LienCareCircle',
    'LienDeclareActor',
    'LienBreakTheGlass',
    'LienDischargeSummary',
  ]);
  return {
    name: 'lien-design-tokens',
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        for (const declaration of mod.declarations ?? []) {
          if (!themed.has(declaration.name)) continue;
          declaration.cssProperties = [...(declaration.cssProperties ?? []), ...tokens];
        }
      }
    },
  };
}

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.stories.ts', 'src/testing/**', 'src/**/*.d.ts'],
  outdir: '.',
  litelement: true,
  plugins: [designTokensPlugin()],
};
