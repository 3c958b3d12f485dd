import { expect } from '@open-wc/testing';
import type { CSSResult, CSSResultGroup } from 'lit';
import { styles as careCircleStyles } from '../care-circle/lien-care-circle.styles.js';
import { styles as breakTheGlassStyles } from '../declare-actor/lien-break-the-glass.styles.js';
import { styles as declareActorStyles } from '../declare-actor/lien-declare-actor.styles.js';
import { styles as dischargeSummaryStyles } from '../discharge-summary/lien-discharge-summary.styles.js';
import { sharedStyles } from './shared.js';
import { TOKENS, privateName, tokenStyles } from './tokens.js';

const flatten = (group: CSSResultGroup): string =>
  Array.isArray(group)
    ? group.map((g: CSSResultGroup) => flatten(g)).join('\n')
    : (group as CSSResult).cssText;

/** What the elements' own rules read (everything except the token declarations). */
const componentCss = [
  sharedStyles.slice(1),
  careCircleStyles,
  declareActorStyles,
  breakTheGlassStyles,
  dischargeSummaryStyles,
]
  .map((group) => flatten(group as CSSResultGroup))
  .join('\n')
  .replace(flatten(tokenStyles), '');

describe('design tokens', () => {
  it('are all used by some element', () => {
    // Used: an element rule reads the private property, or the token rules read the public
    // one directly (font, colour scheme: inherited from the page when unset).
    const unused = Object.keys(TOKENS).filter(
      (name) =>
        !componentCss.includes(`var(${privateName(name)})`) &&
        !flatten(tokenStyles).includes(`var(${name})`),
    );
    expect(unused).to.deep.equal([]);
  });

  it('cover every private token the elements read', () => {
    const read = [...componentCss.matchAll(/var\((--_lien-[a-z-]+)/g)].map((m) => m[1]);
    const defined = new Set(Object.keys(TOKENS).map(privateName));
    expect([...new Set(read)].filter((name) => name && !defined.has(name))).to.deep.equal([]);
  });

  it('are the only public --lien-* properties, apart from documented element properties', () => {
    const publicRead = [...componentCss.matchAll(/var\((--lien-[a-z-]+)/g)].map((m) => m[1]);
    const elementProperties = ['--lien-care-circle-card-min-width'];
    expect(
      [...new Set(publicRead)].filter(
        (name) => name && !(name in TOKENS) && !elementProperties.includes(name),
      ),
    ).to.deep.equal([]);
  });

  it('give a dark default for every colour', () => {
    const missing = Object.entries(TOKENS)
      .filter(([name]) => name.startsWith('--lien-color-') && name !== '--lien-color-scheme')
      .filter(([, token]) => !('dark' in token))
      .map(([name]) => name);
    expect(missing).to.deep.equal([]);
  });
});
