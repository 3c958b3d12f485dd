/**
 * Design tokens: the public `--lien-*` custom properties a host sets to theme every element, with
 * their defaults (light and dark). Elements never read a public token directly: each maps to a
 * private `--_lien-*` property on `:host`, computed from the public one or its default, so
 * defaults live here only. `tokens.test.ts` checks that every token is defined and used.
 *
 * Themes: the colour scheme follows the page's CSS `color-scheme` (a host page declaring
 * `color-scheme: light dark` follows the system setting, `prefers-color-scheme`). Each element's
 * `theme` attribute (`light`, `dark`, `auto`) or the `--lien-color-scheme` token overrides it.
 * Density: `density="compact"` on an element, or `--lien-density` (a spacing factor) on any
 * ancestor.
 */
import { css, unsafeCSS } from 'lit';

/** One public design token. */
export interface DesignToken {
  /** What the token controls. */
  description: string;
  /** Default value (light scheme); omitted when the value is inherited from the page. */
  light?: string;
  /** Default in the dark scheme, when different. */
  dark?: string;
}

/** Every public design token, by custom property name. */
export const TOKENS = {
  '--lien-font-family': { description: 'Font family. Inherits the host page font when unset.' },
  '--lien-font-size': { description: 'Base font size. Inherits the host page size when unset.' },
  '--lien-font-size-small': { description: 'Size of secondary text.', light: '0.875em' },
  '--lien-line-height': { description: 'Line height.', light: '1.45' },
  '--lien-color-scheme': {
    description: 'CSS color-scheme of the elements: light, dark, or "light dark" (system).',
  },
  '--lien-color-text': { description: 'Main text.', light: '#1b1c20', dark: '#e8e9ee' },
  '--lien-color-text-muted': {
    description: 'Secondary text (AA on surface).',
    light: '#50535e',
    dark: '#b4b7c3',
  },
  '--lien-color-surface': { description: 'Background.', light: '#ffffff', dark: '#17181c' },
  '--lien-color-surface-raised': {
    description: 'Background of cards and panels.',
    light: '#f5f6f8',
    dark: '#22242a',
  },
  '--lien-color-border': {
    description: 'Separators and card borders (decorative).',
    light: '#d5d8de',
    dark: '#3d414b',
  },
  '--lien-color-control-border': {
    description: 'Borders of inputs and secondary buttons (3:1 against surface).',
    light: '#6b7080',
    dark: '#8e93a1',
  },
  '--lien-color-accent': {
    description: 'Primary actions and links.',
    light: '#0b5cad',
    dark: '#8ab4f8',
  },
  '--lien-color-on-accent': {
    description: 'Text on the accent colour.',
    light: '#ffffff',
    dark: '#0b1b33',
  },
  '--lien-color-accent-surface': {
    description: 'Background of badges and highlighted items.',
    light: '#e3eefb',
    dark: '#1d2f4a',
  },
  '--lien-color-focus': {
    description: 'Focus ring (3:1 against surface).',
    light: '#1a5fb4',
    dark: '#9fc3ff',
  },
  '--lien-color-danger': {
    description: 'Error text and borders.',
    light: '#b3261e',
    dark: '#f2b8b5',
  },
  '--lien-color-danger-surface': {
    description: 'Background of error messages.',
    light: '#fdecea',
    dark: '#3b1a18',
  },
  '--lien-color-success': {
    description: 'Confirmation text and borders.',
    light: '#1e6b35',
    dark: '#8fd6a3',
  },
  '--lien-color-success-surface': {
    description: 'Background of confirmations.',
    light: '#e7f4ea',
    dark: '#173020',
  },
  '--lien-color-warning': {
    description:
      'Borders and icons of warnings: results still pending, incomplete letters, modified treatments.',
    light: '#8a5300',
    dark: '#f0c36b',
  },
  '--lien-color-warning-surface': {
    description: 'Background of restricted-access and emergency notices.',
    light: '#fff4d6',
    dark: '#3a2f10',
  },
  '--lien-color-skeleton': {
    description: 'Placeholder blocks while loading.',
    light: '#e4e6eb',
    dark: '#2c2f36',
  },
  '--lien-radius': { description: 'Corner radius of cards, buttons, inputs.', light: '0.5rem' },
  '--lien-spacing': { description: 'Spacing unit; paddings are multiples.', light: '0.25rem' },
  '--lien-density': {
    description: 'Spacing factor (1 normal, 0.6 compact). `density="compact"` sets 0.6.',
    light: '1',
  },
  '--lien-focus-ring-width': { description: 'Width of the focus ring.', light: '2px' },
  '--lien-transition-duration': {
    description: 'Duration of small transitions (0 under prefers-reduced-motion).',
    light: '150ms',
  },
} satisfies Record<`--lien-${string}`, DesignToken>;

/** A public token name. */
export type TokenName = keyof typeof TOKENS;

/** The private property an element reads for a public token (`--lien-x` → `--_lien-x`). */
export const privateName = (token: string): string => token.replace(/^--/, '--_');

const entries = Object.entries(TOKENS) as [TokenName, DesignToken][];

const declarations = (pick: (token: DesignToken) => string | undefined) =>
  entries
    .filter(([, token]) => pick(token) !== undefined)
    .map(([name, token]) => `${privateName(name)}: var(${name}, ${pick(token)});`)
    .join('\n');

/** Light defaults (every browser), then light/dark pairs where `light-dark()` is supported. */
const lightCss = declarations((t) => t.light);
const lightDarkCss = declarations((t) =>
  t.dark === undefined ? undefined : `light-dark(${t.light}, ${t.dark})`,
);
const darkCss = declarations((t) => t.dark);

/** Token styles every element includes first. Built from {@link TOKENS} (static text only). */
export const tokenStyles = css`
  :host {
    ${unsafeCSS(lightCss)}
    color-scheme: var(--lien-color-scheme);
    font-family: var(--lien-font-family);
    font-size: var(--lien-font-size);
  }
  :host([theme='light']) {
    color-scheme: light;
  }
  :host([theme='dark']) {
    color-scheme: dark;
  }
  :host([theme='auto']) {
    color-scheme: light dark;
  }
  @supports (color: light-dark(#000, #fff)) {
    :host {
      ${unsafeCSS(lightDarkCss)}
    }
  }
  @supports not (color: light-dark(#000, #fff)) {
    :host([theme='dark']) {
      ${unsafeCSS(darkCss)}
    }
    @media (prefers-color-scheme: dark) {
      :host([theme='auto']) {
        ${unsafeCSS(darkCss)}
      }
    }
  }
  :host([density='compact']) {
    --_lien-density: 0.6;
  }
  @media (prefers-reduced-motion: reduce) {
    :host {
      --_lien-transition-duration: 0s;
    }
  }
`;
