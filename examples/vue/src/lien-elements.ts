/**
 * Template typings of the Lien elements for `vue-tsc`, typed from the classes of `@lien/elements`.
 * The compiler treats `lien-*` tags as custom elements (`isCustomElement` in vite.config.ts);
 * declaring them as global components tells `vue-tsc` their props, their events and what a
 * template ref to them holds. Which properties each element takes, and its events, come from
 * `@lien/examples-shared/elements` (the React example's typings use the same list). A `.ts` file
 * (not `.d.ts`), so that `skipLibCheck` does not hide a mistake in it; it holds types only and
 * emits nothing.
 */
import type { LienElements, LienEventListeners, LienTag } from '@lien/examples-shared/elements';
import type { AllowedComponentProps, EmitFn, HTMLAttributes, VNodeProps } from 'vue';

/**
 * A custom element as `vue-tsc` sees a component: the element itself (what a template ref gets),
 * its standard HTML attributes, the properties chosen by name (typed as the class declares them;
 * written `:heading-level` or `:headingLevel` in a template) and its events (`@lien-contact`),
 * each with its own event class.
 */
type LienGlobalComponents = {
  [T in LienTag]: new () => LienElements[T]['element'] & {
    /** For template type checking only: not a property of the element. */
    $props: HTMLAttributes & LienElements[T]['properties'] & VNodeProps & AllowedComponentProps;
    /** For template type checking only: not a property of the element. */
    $emit: EmitFn<LienEventListeners>;
  };
};

declare module 'vue' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds the Lien tags to Vue's
  interface GlobalComponents extends LienGlobalComponents {}
}
