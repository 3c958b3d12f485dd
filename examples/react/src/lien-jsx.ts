/**
 * JSX typings of the Lien elements, typed from the classes of `@lien/elements`: React 19 treats
 * an unknown lowercase tag with a hyphen as a custom element, and TypeScript learns its props from
 * `React.JSX.IntrinsicElements`. Which properties each element takes, and its events, come from
 * `@lien/examples-shared/elements` (the Vue example's typings use the same list). A `.ts` file
 * (not `.d.ts`), so that `skipLibCheck` does not hide a mistake in it; it holds types only and
 * emits nothing.
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type {
  LienElements,
  LienEventListeners,
  LienEventName,
  LienTag,
} from '@lien/examples-shared/elements';

/**
 * React 19 adds a listener for a custom element's prop named `on` + the event's exact name
 * (`onlien-actor-declared` listens to `lien-actor-declared`). The events bubble and cross shadow
 * roots, so any Lien element (or `<lien-provider>` around them) may listen to all of them.
 */
type LienEventProps = {
  [K in LienEventName as `on${K}`]?: LienEventListeners[K];
};

/**
 * The standard HTML props (`id`, `className`, `children`, `ref`…), the element's own properties
 * chosen by name, and its events. React 19 sets a prop as a property when the element has it
 * (`'patient' in element`), as an attribute otherwise: so these are property names (`baseUrl`,
 * `headingLevel`), typed as the class declares them.
 */
type LienIntrinsicElements = {
  [T in LienTag]: DetailedHTMLProps<
    HTMLAttributes<LienElements[T]['element']>,
    LienElements[T]['element']
  > &
    LienElements[T]['properties'] &
    LienEventProps;
};

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- React's JSX types live in a namespace
  namespace JSX {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds the Lien tags
    interface IntrinsicElements extends LienIntrinsicElements {}
  }
}
