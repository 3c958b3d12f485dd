/**
 * Template typings of the Lien elements for `vue-tsc`, typed from the classes of `@lien/elements`.
 * The compiler treats `lien-*` tags as custom elements (`isCustomElement` in vite.config.ts);
 * declaring them as global components tells `vue-tsc` their props, their events and what a
 * template ref to them holds. A `.ts` file (not `.d.ts`), so that `skipLibCheck` does not hide a
 * mistake in it; it holds types only and emits nothing.
 */
import type {
  LienBreakTheGlass,
  LienCareCircle,
  LienDeclareActor,
  LienDischargeSummary,
  LienProvider,
} from '@lien/elements';
import type { AllowedComponentProps, EmitFn, HTMLAttributes, VNodeProps } from 'vue';

/**
 * Every event of the elements, as `@lien/elements` lists them in `GlobalEventHandlersEventMap`
 * (`lien-actor-declared`, `lien-contact`, `lien-letter-loaded`…), each with its own event class.
 * They bubble and cross shadow roots: any Lien element, `<lien-provider>` included, hears them all.
 */
type LienEvents = {
  [K in Extract<keyof GlobalEventHandlersEventMap, `lien-${string}`>]: (
    event: GlobalEventHandlersEventMap[K],
  ) => void;
};

/**
 * A custom element as `vue-tsc` sees a component: the element itself (what a template ref gets),
 * its standard HTML attributes, the properties chosen by name (typed as the class declares them;
 * written `:heading-level` or `:headingLevel` in a template) and its events (`@lien-contact`).
 */
type LienElement<E extends HTMLElement, K extends keyof E> = new () => E & {
  /** For template type checking only: not a property of the element. */
  $props: HTMLAttributes & Partial<Pick<E, K>> & VNodeProps & AllowedComponentProps;
  /** For template type checking only: not a property of the element. */
  $emit: EmitFn<LienEvents>;
};

/** What every themed element accepts. */
type Themed = 'theme' | 'density' | 'client';

declare module 'vue' {
  interface GlobalComponents {
    'lien-provider': LienElement<
      LienProvider,
      'baseUrl' | 'fhirUser' | 'client' | 'getAccessToken' | 'user'
    >;
    'lien-care-circle': LienElement<
      LienCareCircle,
      Themed | 'patient' | 'careCircle' | 'variant' | 'headingLevel'
    >;
    'lien-declare-actor': LienElement<
      LienDeclareActor,
      Themed | 'patient' | 'careCircle' | 'remedies' | 'breakTheGlass' | 'roles' | 'user'
    >;
    'lien-break-the-glass': LienElement<LienBreakTheGlass, Themed | 'patient'>;
    'lien-discharge-summary': LienElement<
      LienDischargeSummary,
      Themed | 'patient' | 'document' | 'content' | 'letter' | 'headingLevel'
    >;
  }
}
