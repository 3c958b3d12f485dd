/**
 * The contexts through which elements receive their data source. Keys are global symbols
 * (`Symbol.for`), so two bundled copies of the library on one page still match.
 *
 * Provide them with `<lien-provider>`, or, in a host that is not built with Lit, with
 * {@link provideLien} (a `ContextProvider` on any element, e.g. `document.body`).
 */
import { ContextProvider, createContext } from '@lit/context';
import type { CurrentUser, LienDomainApi } from '@lien/client';

/** The Lien client (`LienDomainApi`) the elements call. */
export const clientContext = createContext<LienDomainApi | undefined>(Symbol.for('lien.client'));

/** The signed-in professional; `null` when unknown. */
export const userContext = createContext<CurrentUser | null | undefined>(Symbol.for('lien.user'));

/** What {@link provideLien} returns: update or stop providing. */
export interface LienContextHandle {
  /** Replaces the client given to every element below the target. */
  setClient(client: LienDomainApi | undefined): void;
  /** Replaces the current user given to every element below the target. */
  setUser(user: CurrentUser | null | undefined): void;
}

/**
 * Provides a client (and optionally the current user) to every Lien element below `target`,
 * without `<lien-provider>`: the path for hosts that are not Lit.
 *
 * ```js
 * import { createLienClient } from '@lien/client';
 * import { provideLien } from '@lien/elements';
 * import '@lien/elements/define';
 * const client = createLienClient({ baseUrl: '/fhir', getAccessToken });
 * provideLien(document.body, { client, user: await client.currentUser() });
 * ```
 */
export function provideLien(
  target: HTMLElement,
  init: { client: LienDomainApi | undefined; user?: CurrentUser | null },
): LienContextHandle {
  const client = new ContextProvider(target, { context: clientContext, initialValue: init.client });
  const user = new ContextProvider(target, { context: userContext, initialValue: init.user });
  // Announce the providers so elements that connected earlier (buffered by the define helper's
  // ContextRoot, or subscribed to an outer provider) re-attach here.
  client.hostConnected();
  user.hostConnected();
  return {
    setClient: (value) => client.setValue(value),
    setUser: (value) => user.setValue(value),
  };
}
