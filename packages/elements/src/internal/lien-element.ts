import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import { LocalizeController, languageReady } from '../i18n/localize.js';
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

  /**
   * Waits for the table of the element's language when it is loaded on demand (English), so that
   * the element never renders in French first.
   */
  // Lit's own signature: nothing to wait for keeps the update synchronous, as Lit does it.
  // eslint-disable-next-line @typescript-eslint/no-invalid-void-type
  protected override scheduleUpdate(): void | Promise<unknown> {
    // Its own `lang` first: set as a property, it is new before the controller reads it.
    const ready = languageReady(this.lang || this.localize.lang);
    return ready ? ready.then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  /** Dispatches one of the typed Lien events; returns false when a listener cancelled it. */
  protected emit<E extends Event>(event: E): boolean {
    return this.dispatchEvent(event);
  }
}
