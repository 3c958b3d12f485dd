import type { BreakTheGlassGrant, LienDomainApi } from '@lien/client';
import { consume } from '@lit/context';
import type { PropertyValues, TemplateResult } from 'lit';
import { html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { clientContext } from '../context.js';
import { LienBreakTheGlassEvent } from '../events/lien-break-the-glass.js';
import { LienErrorEvent } from '../events/lien-error.js';
import {
  MissingInputError,
  errorMessage,
  isLienError,
  missingInput,
  serverDetails,
} from '../internal/errors.js';
import { LienThemedElement } from '../internal/lien-themed-element.js';
import { styles } from './lien-break-the-glass.styles.js';

/** Minimum length of the reason for an emergency access. */
export const MIN_REASON_LENGTH = 10;

/**
 * Emergency access to a patient's record ("bris de glace"), for physicians: a button opening a
 * modal dialog that asks for a reason (at least 10 characters), says that the access is traced,
 * calls `client.breakTheGlass` and shows when the access ends.
 *
 * Usually rendered by `<lien-declare-actor>` when the server offers the remedy; usable alone.
 *
 * @summary Break-the-glass (emergency access) button and dialog.
 * @tagname lien-break-the-glass
 *
 * @fires {LienBreakTheGlassEvent} lien-break-the-glass - Emergency access was granted; fired
 * when the user closes the confirmation (so that the page reloads only once it has been read).
 * If the dialog was closed while the request was pending (Escape), it opens again to show the
 * confirmation. If the patient or client changed meanwhile, the event is fired at once, for the
 * patient the access was requested for (`detail.patient`), and nothing is shown.
 * @fires {LienErrorEvent} lien-error - The request failed (the dialog shows the error too).
 *
 * @csspart trigger - The button opening the dialog.
 * @csspart dialog - The native `<dialog>`.
 * @csspart reason - The reason text area.
 * @csspart submit-button - The button requesting access.
 * @csspart cancel-button - The button closing the dialog without requesting.
 * @csspart granted - The confirmation with the expiry time.
 */
export class LienBreakTheGlass extends LienThemedElement {
  static override styles = styles;

  /** The patient: `Patient/123`, or an INS as `system|value`. */
  @property({ reflect: true }) patient?: string;

  /** The Lien client. Provided by `<lien-provider>` (context); may also be set directly. */
  @consume({ context: clientContext, subscribe: true })
  @property({ attribute: false })
  client?: LienDomainApi;

  @state() private reason = '';
  @state() private attempted = false;
  @state() private pending = false;
  @state() private error?: unknown;
  /** The access granted, with the patient it was requested for. */
  @state() private grant?: { grant: BreakTheGlassGrant; patient: string };

  /** Bumped when the patient or client changes: a request in flight is then someone else's. */
  private generation = 0;

  @query('dialog') private dialog!: HTMLDialogElement;
  @query('#reason') private reasonField?: HTMLTextAreaElement;
  @query('#trigger') private trigger!: HTMLButtonElement;

  /** Opens the dialog. */
  async show(): Promise<void> {
    await this.updateComplete;
    if (this.dialog.open) return;
    this.reset();
    await this.updateComplete;
    this.dialog.showModal();
    this.reasonField?.focus();
  }

  /** Closes the dialog. */
  hide(): void {
    if (this.dialog?.open) this.dialog.close();
  }

  private reset(): void {
    this.reason = '';
    this.attempted = false;
    this.error = undefined;
    this.grant = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (this.hasUpdated && (changed.has('patient') || changed.has('client'))) {
      // Another patient: the dialog (reason, error, confirmation) was about the previous one.
      this.generation += 1;
      this.pending = false;
      this.announceGrant();
      this.reset();
      this.hide();
    }
  }

  private get reasonValid(): boolean {
    return this.reason.trim().length >= MIN_REASON_LENGTH;
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.pending) return;
    this.attempted = true;
    if (!this.reasonValid) {
      this.reasonField?.focus();
      return;
    }
    const { client, patient, generation } = this;
    const missing = missingInput(client, patient);
    if (missing || !client || !patient) {
      this.error = missing;
      return;
    }
    this.pending = true;
    this.error = undefined;
    let granted: BreakTheGlassGrant;
    try {
      granted = await client.breakTheGlass(patient, this.reason.trim());
    } catch (error) {
      if (generation !== this.generation) return;
      this.pending = false;
      this.error = error;
      if (isLienError(error)) {
        this.emit(new LienErrorEvent({ error, operation: 'break-the-glass' }));
      }
      return;
    }
    this.grant = { grant: granted, patient };
    if (generation !== this.generation || !this.isConnected) {
      // Requested for a patient no longer shown: no confirmation, but the page must know.
      this.announceGrant();
      return;
    }
    this.pending = false;
    await this.updateComplete;
    // Closed while pending (a second Escape is not always cancellable): the access was granted
    // all the same, so the confirmation is shown again rather than lost.
    if (!this.dialog.open) this.dialog.showModal();
    this.renderRoot.querySelector<HTMLButtonElement>('#close')?.focus();
  }

  /** Fires `lien-break-the-glass` for the access granted, once. */
  private announceGrant(): void {
    const granted = this.grant;
    if (!granted) return;
    this.grant = undefined;
    this.emit(
      new LienBreakTheGlassEvent({
        patient: granted.patient,
        patientReference: granted.grant.patient,
        expires: granted.grant.expires,
      }),
    );
  }

  private onClose(): void {
    // Reopened since (the `close` event comes a task later): nothing closed.
    if (this.dialog.open) return;
    // Closed while the request is pending: the answer reopens the dialog if access is granted.
    if (this.pending) return void (this.isConnected && this.trigger?.focus());
    this.announceGrant();
    if (this.isConnected) this.trigger?.focus();
  }

  override render(): TemplateResult {
    const t = this.localize;
    return html`<button
        id="trigger"
        class="button trigger"
        part="trigger"
        type="button"
        aria-haspopup="dialog"
        @click=${() => this.show()}
      >
        ${t.term('btgButton')}
      </button>
      <dialog
        part="dialog"
        aria-labelledby="btg-title"
        aria-describedby=${this.grant ? 'btg-granted' : 'btg-explain btg-traced'}
        @close=${() => this.onClose()}
        @cancel=${(e: Event) => this.pending && e.preventDefault()}
      >
        <h2 id="btg-title" class="dialog-title">${t.term('btgTitle')}</h2>
        ${this.grant ? this.renderGranted(this.grant.grant) : this.renderForm()}
      </dialog>`;
  }

  private renderForm(): TemplateResult {
    const t = this.localize;
    const invalid = this.attempted && !this.reasonValid;
    const details = serverDetails(this.error);
    return html`<form novalidate @submit=${this.submit}>
      <p id="btg-explain">${t.term('btgExplain')}</p>
      <p id="btg-traced" class="notice warning traced">${t.term('btgTraced')}</p>
      <div class="field">
        <label for="reason">${t.term('btgReasonLabel')}</label>
        <textarea
          id="reason"
          part="reason"
          rows="3"
          required
          aria-invalid=${invalid ? 'true' : 'false'}
          aria-describedby=${invalid ? 'reason-error reason-hint' : 'reason-hint'}
          .value=${this.reason}
          @input=${(e: InputEvent) => (this.reason = (e.target as HTMLTextAreaElement).value)}
        ></textarea>
        <span id="reason-hint" class="small muted"
          >${t.term('btgReasonHint', MIN_REASON_LENGTH)}</span
        >
        ${
          invalid
            ? html`<span id="reason-error" class="field-error small"
                >${t.term('btgReasonTooShort', MIN_REASON_LENGTH)}</span
              >`
            : nothing
        }
      </div>
      ${
        this.error
          ? html`<div class="notice danger" role="alert">
              <p>
                ${
                  this.error instanceof MissingInputError
                    ? errorMessage(t, this.error)
                    : `${t.term('btgError')} ${errorMessage(t, this.error)}`
                }
              </p>
              ${details ? html`<p class="small">${t.term('errorDetails', details)}</p>` : nothing}
            </div>`
          : nothing
      }
      <div class="actions">
        <button
          class="button"
          part="cancel-button"
          type="button"
          @click=${() => !this.pending && this.hide()}
        >
          ${t.term('btgCancel')}
        </button>
        <button
          class="button primary"
          part="submit-button"
          type="submit"
          aria-disabled=${this.pending ? 'true' : 'false'}
        >
          ${this.pending ? t.term('btgPending') : t.term('btgSubmit')}
        </button>
      </div>
    </form>`;
  }

  private renderGranted(grant: BreakTheGlassGrant): TemplateResult {
    const t = this.localize;
    const expires = new Date(grant.expires);
    return html`<p id="btg-granted" class="notice success" part="granted" role="status">
        <time datetime=${grant.expires}
          >${t.term('btgGranted', t.timeOrDate(expires), t.relativeTime(expires))}</time
        >
      </p>
      <p class="small muted">${t.term('btgTraced')}</p>
      <div class="actions">
        <button
          id="close"
          class="button primary"
          type="button"
          aria-describedby="btg-granted"
          @click=${() => this.hide()}
        >
          ${t.term('btgClose')}
        </button>
      </div>`;
  }
}
