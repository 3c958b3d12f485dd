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

/** The defaults of one public design token (what it controls is in its JSDoc, and the README). */
export interface DesignToken {
  /** Default value (light scheme); omitted when the value is inherited from the page. */
  light?: string;
  /** Default in the dark scheme, when different. */
  dark?: string;
}

/**
 * Every public design token, by custom property name, with its defaults. The JSDoc of each token
 * says what it controls: the manifest (and so the README) takes it from there, and it costs
 * nothing at run time.
 */
export const TOKENS = {
  /** Font family. Inherits the host page font when unset. */
  '--lien-font-family': {},
  /** Base font size. Inherits the host page size when unset. */
  '--lien-font-size': {},
  /** Size of secondary text. */
  '--lien-font-size-small': { light: '0.875em' },
  /** Line height. */
  '--lien-line-height': { light: '1.45' },
  /** CSS color-scheme of the elements: light, dark, or "light dark" (system). */
  '--lien-color-scheme': {},
  /** Main text. */
  '--lien-color-text': { light: '#1b1c20', dark: '#e8e9ee' },
  /** Secondary text (AA on surface). */
  '--lien-color-text-muted': { light: '#50535e', dark: '#b4b7c3' },
  /** Background. */
  '--lien-color-surface': { light: '#ffffff', dark: '#17181c' },
  /** Background of cards and panels. */
  '--lien-color-surface-raised': { light: '#f5f6f8', dark: '#22242a' },
  /** Separators and card borders (decorative). */
  '--lien-color-border': { light: '#d5d8de', dark: '#3d414b' },
  /** Borders of inputs and secondary buttons (3:1 against surface). */
  '--lien-color-control-border': { light: '#6b7080', dark: '#8e93a1' },
  /** Primary actions and links. */
  '--lien-color-accent': { light: '#0b5cad', dark: '#8ab4f8' },
  /** Text on the accent colour. */
  '--lien-color-on-accent': { light: '#ffffff', dark: '#0b1b33' },
  /** Background of badges and highlighted items. */
  '--lien-color-accent-surface': { light: '#e3eefb', dark: '#1d2f4a' },
  /** Focus ring (3:1 against surface). */
  '--lien-color-focus': { light: '#1a5fb4', dark: '#9fc3ff' },
  /** Error text and borders. */
  '--lien-color-danger': { light: '#b3261e', dark: '#f2b8b5' },
  /** Background of error messages. */
  '--lien-color-danger-surface': { light: '#fdecea', dark: '#3b1a18' },
  /** Confirmation text and borders. */
  '--lien-color-success': { light: '#1e6b35', dark: '#8fd6a3' },
  /** Background of confirmations. */
  '--lien-color-success-surface': { light: '#e7f4ea', dark: '#173020' },
  /** Borders and icons of warnings: results still pending, incomplete letters, modified treatments. */
  '--lien-color-warning': { light: '#8a5300', dark: '#f0c36b' },
  /** Background of restricted-access and emergency notices. */
  '--lien-color-warning-surface': { light: '#fff4d6', dark: '#3a2f10' },
  /** Placeholder blocks while loading. */
  '--lien-color-skeleton': { light: '#e4e6eb', dark: '#2c2f36' },
  /** Corner radius of cards, buttons, inputs. */
  '--lien-radius': { light: '0.5rem' },
  /** Spacing unit; paddings are multiples. */
  '--lien-spacing': { light: '0.25rem' },
  /** Spacing factor (1 normal, 0.6 compact). `density="compact"` sets 0.6. */
  '--lien-density': { light: '1' },
  /** Width of the focus ring. */
  '--lien-focus-ring-width': { light: '2px' },
  /** Duration of small transitions (0 under prefers-reduced-motion). */
  '--lien-transition-duration': { light: '150ms' },
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
