/**
 * JSX typings of the Lien elements, typed from the classes of `@lien/elements`: React 19 treats
 * an unknown lowercase tag with a hyphen as a custom element, and TypeScript learns its props from
 * `React.JSX.IntrinsicElements`. A `.ts` file (not `.d.ts`), so that `skipLibCheck` does not hide
 * a mistake in it; it holds types only and emits nothing.
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type {
  LienBreakTheGlass,
  LienCareCircle,
  LienDeclareActor,
  LienDischargeSummary,
  LienProvider,
} from '@lien/elements';

/**
 * Every event of the elements, as `@lien/elements` lists them in `GlobalEventHandlersEventMap`:
 * `lien-actor-declared`, `lien-actor-withdrawn`, `lien-break-the-glass`, `lien-contact`,
 * `lien-error`, `lien-letter-loaded`, `lien-letter-error`, `lien-letter-select`.
 */
type LienEventName = Extract<keyof GlobalEventHandlersEventMap, `lien-${string}`>;

/**
 * React 19 adds a listener for a custom element's prop named `on` + the event's exact name
 * (`onlien-actor-declared` listens to `lien-actor-declared`). The events bubble and cross shadow
 * roots, so any Lien element (or `<lien-provider>` around them) may listen to all of them.
 */
type LienEventProps = {
  [K in LienEventName as `on${K}`]?: (event: GlobalEventHandlersEventMap[K]) => void;
};

/**
 * The standard HTML props (`id`, `className`, `children`, `ref`…), the element's own properties
 * chosen by name, and its events. React 19 sets a prop as a property when the element has it
 * (`'patient' in element`), as an attribute otherwise: so these are property names (`baseUrl`,
 * `headingLevel`), typed as the class declares them.
 */
type LienProps<E extends HTMLElement, K extends keyof E> = DetailedHTMLProps<HTMLAttributes<E>, E> &
  Partial<Pick<E, K>> &
  LienEventProps;

/** What every themed element accepts. */
type Themed = 'theme' | 'density' | 'client';

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- React's JSX types live in a namespace
  namespace JSX {
    interface IntrinsicElements {
      'lien-provider': LienProps<
        LienProvider,
        'baseUrl' | 'fhirUser' | 'client' | 'getAccessToken' | 'user'
      >;
      'lien-care-circle': LienProps<
        LienCareCircle,
        Themed | 'patient' | 'careCircle' | 'variant' | 'headingLevel'
      >;
      'lien-declare-actor': LienProps<
        LienDeclareActor,
        Themed | 'patient' | 'careCircle' | 'remedies' | 'breakTheGlass' | 'roles' | 'user'
      >;
      'lien-break-the-glass': LienProps<LienBreakTheGlass, Themed | 'patient'>;
      'lien-discharge-summary': LienProps<
        LienDischargeSummary,
        Themed | 'patient' | 'document' | 'content' | 'letter' | 'headingLevel'
      >;
    }
  }
}
