import { property } from 'lit/decorators.js';
import { LienElement } from './lien-element.js';

/** Base of the visual elements: adds the `theme` and `density` hooks to {@link LienElement}. */
export abstract class LienThemedElement extends LienElement {
  /**
   * Colour scheme: `light`, `dark`, or `auto` (follows the system, `prefers-color-scheme`).
   * When absent, the page's CSS `color-scheme` (or `--lien-color-scheme`) applies.
   */
  @property({ reflect: true }) theme?: 'light' | 'dark' | 'auto';

  /** Spacing density: `compact` tightens paddings (same as `--lien-density: 0.6`). */
  @property({ reflect: true }) density?: 'normal' | 'compact';
}
