/**
 * Error and restricted-access notices shared by the elements that load patient data
 * (`<lien-care-circle>`, `<lien-discharge-summary>`): same structure, parts and behaviour, each
 * element giving its own texts. Server text is bound as text only.
 */
import type { AccessRemedy, CurrentUser, LienDomainApi } from '@lien/client';
import type { TemplateResult } from 'lit';
import { html, nothing } from 'lit';
import type { LocalizeController } from '../i18n/localize.js';
import type { MissingInputError } from './errors.js';
import { errorMessage, serverDetails } from './errors.js';
import { availableRemedies } from './remedies.js';

/** What {@link errorNotice} shows. */
export interface ErrorNoticeOptions {
  /** The notice's title ("… n’a pas pu être chargé"). */
  title: string;
  /** The error; its translated message (by code) and the server's details are shown. */
  error: unknown;
  /** Overrides the translated message (for a more precise one in the element's context). */
  message?: string;
  /** Called by the retry button. */
  retry: () => void;
}

/** An error notice (`part="error"`, `role="alert"`) with the server's details and a retry button. */
export function errorNotice(t: LocalizeController, options: ErrorNoticeOptions): TemplateResult {
  const details = serverDetails(options.error);
  return html`<div class="notice danger" part="error" role="alert">
    <p class="notice-title">${options.title}</p>
    <p>${options.message ?? errorMessage(t, options.error)}</p>
    ${details ? html`<p class="small muted">${t.term('errorDetails', details)}</p>` : nothing}
    <button class="button" part="retry-button" type="button" @click=${options.retry}>
      ${t.term('retry')}
    </button>
  </div>`;
}

/** What {@link forbiddenNotice} shows. */
export interface ForbiddenNoticeOptions {
  /** Why the data is restricted, in the element's words. */
  body: string;
  /** Remedies the server offered (`LienError.remedies`). */
  remedies: readonly AccessRemedy[];
  /** The patient, needed to act on a remedy; without it no remedy is offered. */
  patient: string | undefined;
  client: LienDomainApi | undefined;
  /**
   * The signed-in professional: a remedy the user cannot act on (emergency access for a user
   * known not to be a physician) counts as none.
   */
  user: CurrentUser | null | undefined;
  theme: string | undefined;
  density: string | undefined;
}

/**
 * The restricted-access notice (`part="forbidden"`): explains, then offers the remedies the server
 * named through a `<lien-declare-actor>` (declaring; emergency access for physicians). The
 * element using it must list `lien-declare-actor` in its `dependencies`.
 */
export function forbiddenNotice(
  t: LocalizeController,
  options: ForbiddenNoticeOptions,
): TemplateResult {
  const { remedies, patient } = options;
  const actionable = availableRemedies(remedies, options.user).length > 0;
  return html`<div
    class="notice warning"
    part="forbidden"
    role="group"
    aria-labelledby="forbidden-title"
  >
    <p id="forbidden-title" class="notice-title">${t.term('forbiddenTitle')}</p>
    <p>${options.body}</p>
    ${
      actionable && patient
        ? html`<lien-declare-actor
            .patient=${patient}
            .remedies=${remedies}
            .client=${options.client}
            theme=${options.theme ?? nothing}
            density=${options.density ?? nothing}
          ></lien-declare-actor>`
        : html`<p class="muted">${t.term('forbiddenNoRemedy')}</p>`
    }
  </div>`;
}

/**
 * The state of an element that cannot load anything (`part="unconfigured"`): no client (Lien is
 * not configured on the page) or no patient. Not busy, not an alert: the page is set up so.
 */
export function missingNotice(t: LocalizeController, missing: MissingInputError): TemplateResult {
  return html`<p class="notice" part="unconfigured">${errorMessage(t, missing)}</p>`;
}
