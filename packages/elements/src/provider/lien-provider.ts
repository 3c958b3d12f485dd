import type {
  AccessTokenGetter,
  CurrentUser,
  LienClientOptions,
  LienDomainApi,
} from '@lien/client';
import { createLienClient } from '@lien/client';
import { ContextProvider } from '@lit/context';
import type { PropertyValues, TemplateResult } from 'lit';
import { css, html } from 'lit';
import { property } from 'lit/decorators.js';
import { clientContext, userContext } from '../context.js';
import { LienElement } from '../internal/lien-element.js';

/**
 * Hands a Lien client and the signed-in professional to every Lien element inside it (through
 * Lit context). Give it a ready `client`, or a `base-url` (and a `getAccessToken` function)
 * and it creates one with `createLienClient`. The current user comes from the `user` property,
 * or from `client.currentUser()`.
 *
 * Its `lang` applies to every element inside (they follow the nearest `lang`).
 *
 * ```html
 * <lien-provider base-url="https://lien.example.fr/fhir" lang="fr">
 *   <lien-care-circle patient="Patient/123"></lien-care-circle>
 * </lien-provider>
 * <!-- the getter may come from a later module script: requests wait for it until DOMContentLoaded -->
 * <script type="module">
 *   import '@lien/elements/define';
 *   document.querySelector('lien-provider').getAccessToken = () => myEhr.accessToken();
 * </script>
 * ```
 *
 * Hosts that prefer no wrapper element can call `provideLien(document.body, { client })`.
 *
 * @summary Provides the Lien client and the current user to the elements inside it.
 * @tagname lien-provider
 *
 * @slot - The host's content, with Lien elements anywhere inside (shadow roots included).
 */
export class LienProvider extends LienElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  /** FHIR base URL of the Lien server (`https://…/fhir`); used when no `client` is given. */
  @property({ attribute: 'base-url', reflect: true }) baseUrl?: string;

  /**
   * The caller's `Practitioner/…` or `PractitionerRole/…` reference, when the access token does
   * not carry a `fhirUser` claim; used when no `client` is given.
   */
  @property({ attribute: 'fhir-user' }) fhirUser?: string;

  /** A ready client (any `LienDomainApi`). Takes precedence over `base-url`. */
  @property({ attribute: false }) client?: LienDomainApi;

  /**
   * Returns the caller's access token (called before each request, and with
   * `{ forceRefresh: true }` after a 401); used by the client created from `base-url`. Read at
   * each request: setting it after the client was created does not recreate it, but replacing a
   * getter by another (another user signing in) does, and the elements reload. While
   * the page is still loading and no getter is set, requests wait for `DOMContentLoaded`: a
   * getter set by the page's own module scripts is then in place before the first request. Hosts
   * that authenticate otherwise (cookie, proxy) set no getter: requests go out without a token.
   */
  @property({ attribute: false }) getAccessToken?: LienClientOptions['getAccessToken'];

  /**
   * The signed-in professional. When not set, the provider asks `client.currentUser()`;
   * `null` means "unknown" (no request).
   */
  @property({ attribute: false }) user?: CurrentUser | null;

  private readonly clientProvider = new ContextProvider(this, { context: clientContext });
  private readonly userProvider = new ContextProvider(this, { context: userContext });
  private created?: LienDomainApi;
  private userRequest?: AbortController;

  /** The client the elements receive: `client`, or the one created from `base-url`. */
  get effectiveClient(): LienDomainApi | undefined {
    return this.client ?? this.created;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A getter replacing another is another user signing in: a new client, so that the elements
    // reload what they show for that user (and the user is asked again). The first getter, set
    // after the client was created, needs none: the client reads it at each request.
    const signedInAgain = changed.has('getAccessToken') && !!changed.get('getAccessToken');
    if (changed.has('baseUrl') || changed.has('fhirUser') || signedInAgain) {
      this.created = this.baseUrl
        ? createLienClient({
            baseUrl: this.baseUrl,
            getAccessToken: (options) => this.accessToken(options),
            ...(this.fhirUser && { fhirUser: this.fhirUser }),
          })
        : undefined;
    }
    const client = this.effectiveClient;
    const clientChanged = this.clientProvider.value !== client;
    if (clientChanged) this.clientProvider.setValue(client);
    if (this.user !== undefined) {
      this.userRequest?.abort();
      this.userProvider.setValue(this.user);
    } else if (clientChanged || changed.has('user')) {
      this.loadUser(client);
    }
  }

  /**
   * The token from the getter as it is now. While the document is loading without a getter,
   * waits for `DOMContentLoaded` (module scripts, which set the getter, have run by then).
   */
  private async accessToken(
    options?: Parameters<AccessTokenGetter>[0],
  ): Promise<string | undefined> {
    const doc = this.ownerDocument;
    if (!this.getAccessToken && doc.readyState === 'loading') {
      await new Promise((resolve) =>
        doc.addEventListener('DOMContentLoaded', resolve, { once: true }),
      );
    }
    return this.getAccessToken?.(options);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.userRequest?.abort();
  }

  private loadUser(client: LienDomainApi | undefined): void {
    this.userRequest?.abort();
    this.userProvider.setValue(undefined);
    if (!client) return;
    const request = new AbortController();
    this.userRequest = request;
    client.currentUser({ signal: request.signal }).then(
      (user) => {
        if (!request.signal.aborted) this.userProvider.setValue(user);
      },
      () => {
        if (!request.signal.aborted) this.userProvider.setValue(null);
      },
    );
  }

  override render(): TemplateResult {
    return html`<slot></slot>`;
  }
}
