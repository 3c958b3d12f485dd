/**
 * Error and restricted-access notices shared by the elements that load patient data
 * (`<lien-care-circle>`, `<lien-discharge-summary>`): same structure, parts and behaviour, each
 * element giving its own texts. Server text is bound as text only.
 */
import type { AccessRemedy, LienDomainApi } from '@lien/client';
import type { TemplateResult } from 'lit';
import { html, nothing } from 'lit';
import type { LocalizeController } from '../i18n/localize.js';
import { errorMessage, serverDetails } from './errors.js';

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
  return html`<div class="notice warning" part="forbidden">
    <p class="notice-title">${t.term('forbiddenTitle')}</p>
    <p>${options.body}</p>
    ${
      remedies.length && patient
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
