import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import { LocalizeController } from '../i18n/localize.js';
import type { FeatureTerms } from '../i18n/types.js';

/**
 * The thin base of every Lien element: a reactive `lang`, the localisation controller, a typed
 * `emit()`, and the element's dependencies (tags it renders, registered with it).
 */
export abstract class LienElement extends LitElement {
  /**
   * Elements this element renders in its shadow root, by tag. The define helper registers them
   * together with the element.
   */
  static dependencies: Record<string, typeof LienElement> = {};

  /** Terms the element brings with it, beyond the common table (see {@link LocalizeController}). */
  static terms?: FeatureTerms;

  /**
   * Language of the element's text (`fr`, `en`, `fr-BE`…). When absent, the nearest ancestor's
   * `lang` applies (crossing shadow roots), then the document's; French by default.
   */
  // Deliberately the global `lang` attribute, made reactive (as Shoelace does).
  // eslint-disable-next-line lit/no-native-attributes
  @property({ reflect: true }) override lang!: string;

  /** Terms and `Intl` formatters in the language that applies to this element. */
  protected readonly localize = new LocalizeController(
    this,
    (this.constructor as typeof LienElement).terms,
  );

  /** Dispatches one of the typed Lien events; returns false when a listener cancelled it. */
  protected emit<E extends Event>(event: E): boolean {
    return this.dispatchEvent(event);
  }
}
