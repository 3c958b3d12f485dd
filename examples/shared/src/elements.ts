/**
 * What a page may give each Lien element, typed from the classes of `@lien/elements`: the
 * properties chosen by name for each tag, and the elements' events. The React example turns these
 * into `React.JSX.IntrinsicElements` (react/src/lien-jsx.ts), the Vue example into
 * `GlobalComponents` for `vue-tsc` (vue/src/lien-elements.ts). Types only: it emits nothing.
 */
import type {
  LienBreakTheGlass,
  LienCareCircle,
  LienDeclareActor,
  LienDischargeSummary,
  LienProvider,
} from '@lien/elements';

/** An element's class, and those of its properties a page sets, typed as the class has them. */
interface Settable<E extends HTMLElement, K extends keyof E> {
  element: E;
  properties: Partial<Pick<E, K>>;
}

/** What every themed element accepts. */
type Themed = 'theme' | 'density' | 'client';

/**
 * The Lien elements a page writes, by tag. The property names are the DOM properties' (`baseUrl`,
 * `headingLevel`), as the frameworks set them.
 */
export interface LienElements {
  'lien-provider': Settable<
    LienProvider,
    'baseUrl' | 'fhirUser' | 'client' | 'getAccessToken' | 'user'
  >;
  'lien-care-circle': Settable<
    LienCareCircle,
    Themed | 'patient' | 'careCircle' | 'variant' | 'headingLevel'
  >;
  'lien-declare-actor': Settable<
    LienDeclareActor,
    Themed | 'patient' | 'careCircle' | 'remedies' | 'breakTheGlass' | 'roles' | 'user'
  >;
  'lien-break-the-glass': Settable<LienBreakTheGlass, Themed | 'patient'>;
  'lien-discharge-summary': Settable<
    LienDischargeSummary,
    Themed | 'patient' | 'document' | 'content' | 'letter' | 'headingLevel'
  >;
}

export type LienTag = keyof LienElements;

/**
 * Every event of the elements, as `@lien/elements` lists them in `GlobalEventHandlersEventMap`:
 * `lien-actor-declared`, `lien-actor-withdrawn`, `lien-break-the-glass`, `lien-contact`,
 * `lien-error`, `lien-letter-loaded`, `lien-letter-error`, `lien-letter-select`. Each has its own
 * event class. They bubble and cross shadow roots: any Lien element, `<lien-provider>` included,
 * hears them all.
 */
export type LienEventName = Extract<keyof GlobalEventHandlersEventMap, `lien-${string}`>;

/** A listener for each event of the elements, given the event's own class. */
export type LienEventListeners = {
  [K in LienEventName]: (event: GlobalEventHandlersEventMap[K]) => void;
};
