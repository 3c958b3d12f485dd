import type {
  AccessRemedy,
  CareCircle,
  CurrentUser,
  DeclarationResult,
  LabelledCode,
  LienDomainApi,
} from '@lien/client';
import { consume } from '@lit/context';
import type { PropertyValues, TemplateResult } from 'lit';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { clientContext, userContext } from '../context.js';
import type { LienActorChangeDetail } from '../events/lien-actor-declared.js';
import { LienActorDeclaredEvent } from '../events/lien-actor-declared.js';
import type { LienBreakTheGlassEvent } from '../events/lien-break-the-glass.js';
import { LienActorWithdrawnEvent } from '../events/lien-actor-withdrawn.js';
import { LienErrorEvent } from '../events/lien-error.js';
import { errorMessage, isLienError, missingInput, serverDetails } from '../internal/errors.js';
import { LienThemedElement } from '../internal/lien-themed-element.js';
import { mayBreakTheGlass } from '../internal/remedies.js';
import { LienBreakTheGlass } from './lien-break-the-glass.js';
import { styles } from './lien-declare-actor.styles.js';

/** Where the element stands. */
export type DeclareActorState =
  'checking' | 'idle' | 'declaring' | 'declared' | 'withdrawing' | 'error';

const isDeclared = (circle: CareCircle) =>
  circle.members.some((member) => member.active && member.isCurrentUser);

/**
 * One click to declare oneself an actor of a patient's care (with the attestation that the
 * patient authorised it), and to withdraw. Knows whether the current user is already an active
 * member (from `careCircle`, or one `getCareCircle` request). When the server refused access
 * and offers emergency access to a physician, shows the break-the-glass button.
 *
 * @summary "Declare myself" button with attestation, withdraw, and emergency access.
 * @tagname lien-declare-actor
 *
 * @fires {LienActorDeclaredEvent} lien-actor-declared - The user declared themselves (bubbles,
 * composed): care circles of the same patient refresh.
 * @fires {LienActorWithdrawnEvent} lien-actor-withdrawn - The user withdrew (bubbles, composed).
 * @fires {LienErrorEvent} lien-error - A request failed (the element shows the error too).
 * @fires {LienBreakTheGlassEvent} lien-break-the-glass - From the emergency-access dialog.
 *
 * @slot attestation - Replaces the attestation text shown beside the button.
 *
 * @csspart base - The wrapper.
 * @csspart attestation - The attestation text.
 * @csspart role - The optional role select.
 * @csspart button - The main button (declare or withdraw).
 * @csspart declare-button - The main button when it offers to declare (and while declaring).
 * @csspart withdraw-button - The main button when it offers to withdraw (and while withdrawing).
 * @csspart declared - The "you are an actor" confirmation.
 * @csspart error - The error message.
 * @csspart retry-button - The retry button of the error message.
 * @csspart break-the-glass - The `<lien-break-the-glass>` element.
 */
export class LienDeclareActor extends LienThemedElement {
  static override styles = styles;
  static override dependencies = { 'lien-break-the-glass': LienBreakTheGlass };

  /** The patient: `Patient/123`, or an INS as `system|value`. */
  @property({ reflect: true }) patient?: string;

  /**
   * The patient's care circle, when the host already has it: the initial state (declared or
   * not) is read from it, without a request.
   */
  @property({ attribute: false }) careCircle?: CareCircle;

  /**
   * Remedies the server offered after refusing access (`LienError.remedies`): the user is not
   * an actor; `break-the-glass` shows the emergency access to physicians. Set by
   * `<lien-care-circle>`'s restricted-access state; no request is made to know the state.
   */
  @property({ attribute: false }) remedies?: readonly AccessRemedy[];

  /** Offers emergency access (break the glass) to physicians even without a refusal. */
  @property({ type: Boolean, attribute: 'break-the-glass' }) breakTheGlass = false;

  /**
   * Roles the user may choose from when declaring (optional select); none: no select. Each shows
   * its label in the page language when the localisation layer knows the code, else its `display`.
   */
  @property({ attribute: false }) roles: LabelledCode[] = [];

  /** The Lien client. Provided by `<lien-provider>` (context); may also be set directly. */
  @consume({ context: clientContext, subscribe: true })
  @property({ attribute: false })
  client?: LienDomainApi;

  /** The signed-in professional. Provided by `<lien-provider>` (context); may be set directly. */
  @consume({ context: userContext, subscribe: true })
  @property({ attribute: false })
  user?: CurrentUser | null;

  /** Where the element stands: checking, idle, declaring, declared, withdrawing, error. */
  @state() state: DeclareActorState = 'idle';

  @state() private error?: unknown;
  @state() private announcement = '';
  @state() private denied?: readonly AccessRemedy[];
  @state() private selectedRole = '';
  private failed: 'declare' | 'withdraw' = 'declare';
  private check?: AbortController;
  /**
   * Bumped when the patient or the client changes: a declaration or withdrawal still in flight
   * for the previous one then leaves what is shown alone (its event is still sent, for the
   * patient it was made for).
   */
  private generation = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    this.ownerDocument.addEventListener('lien-actor-declared', this.onChangeElsewhere);
    this.ownerDocument.addEventListener('lien-actor-withdrawn', this.onChangeElsewhere);
    this.ownerDocument.addEventListener('lien-break-the-glass', this.onEmergencyAccess);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.ownerDocument.removeEventListener('lien-actor-declared', this.onChangeElsewhere);
    this.ownerDocument.removeEventListener('lien-actor-withdrawn', this.onChangeElsewhere);
    this.ownerDocument.removeEventListener('lien-break-the-glass', this.onEmergencyAccess);
    this.check?.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('patient') || changed.has('client')) {
      this.generation += 1;
      this.announcement = '';
      this.selectedRole = '';
    }
    if (
      changed.has('careCircle') ||
      changed.has('remedies') ||
      changed.has('patient') ||
      changed.has('client')
    ) {
      this.initialState();
    }
  }

  /** Reads the initial state from `careCircle`, `remedies`, or one request. */
  private initialState(): void {
    this.check?.abort();
    this.check = undefined;
    this.error = undefined;
    this.denied = this.remedies;
    if (this.careCircle) {
      this.state = isDeclared(this.careCircle) ? 'declared' : 'idle';
      return;
    }
    const { client, patient } = this;
    if (this.remedies || !client || !patient) {
      this.state = 'idle';
      return;
    }
    const check = new AbortController();
    this.check = check;
    this.state = 'checking';
    client.getCareCircle(patient, { signal: check.signal }).then(
      (circle) => {
        if (check.signal.aborted) return;
        this.state = isDeclared(circle) ? 'declared' : 'idle';
      },
      (error: unknown) => {
        if (check.signal.aborted) return;
        // Not knowing is not an error: declaring is idempotent. A refusal tells the remedies.
        if (isLienError(error) && error.code === 'forbidden') this.denied = error.remedies;
        this.state = 'idle';
      },
    );
  }

  private get busy(): boolean {
    return this.state === 'declaring' || this.state === 'withdrawing' || this.state === 'checking';
  }

  /** Declares the current user an actor (attestation: true). A second call while pending is ignored. */
  async declare(): Promise<void> {
    if (this.busy) return;
    await this.run('declare');
  }

  /** Ends the current user's participation. A second call while pending is ignored. */
  async withdraw(): Promise<void> {
    if (this.busy) return;
    await this.run('withdraw');
  }

  private async run(operation: 'declare' | 'withdraw'): Promise<void> {
    const { client, patient, generation } = this;
    this.announcement = '';
    const missing = missingInput(client, patient);
    if (missing || !client || !patient) {
      this.failed = operation;
      this.error = missing;
      this.state = 'error';
      return;
    }
    this.state = operation === 'declare' ? 'declaring' : 'withdrawing';
    this.error = undefined;
    // The answer is about `patient` with `client`: shown only if they are still the element's.
    const current = () => generation === this.generation;
    try {
      if (operation === 'declare') {
        const chosen = this.roles.find((role) => role.code === this.selectedRole);
        const result = await client.declareSelf(patient, {
          attestation: true,
          ...(chosen && {
            role: {
              coding: [
                {
                  system: chosen.system,
                  code: chosen.code,
                  ...(chosen.display ? { display: chosen.display } : {}),
                },
              ],
              text: this.localize.label(chosen),
            },
          }),
        });
        if (current()) {
          this.state = 'declared';
          this.denied = undefined;
          this.announcement = this.localize.term('announceDeclared');
        }
        this.emit(new LienActorDeclaredEvent(this.detail(patient, result)));
      } else {
        const result = await client.withdrawSelf(patient);
        if (current()) {
          this.state = 'idle';
          this.announcement = this.localize.term('announceWithdrawn');
        }
        this.emit(new LienActorWithdrawnEvent(this.detail(patient, result)));
      }
    } catch (error) {
      if (!current()) return;
      this.failed = operation;
      this.error = error;
      this.state = 'error';
      if (isLienError(error)) this.emit(new LienErrorEvent({ error, operation }));
    }
  }

  private detail(patient: string, result: DeclarationResult): LienActorChangeDetail {
    return {
      patient,
      patientReference: result.careCircle.patient,
      member: result.member,
      careTeam: result.careCircle.careTeam,
      version: result.careCircle.version,
      careCircle: result.careCircle,
    };
  }

  /** Another element declared or withdrew the same user for the same patient: follow. */
  private readonly onChangeElsewhere = (
    event: LienActorDeclaredEvent | LienActorWithdrawnEvent,
  ) => {
    if (event.composedPath()[0] === this || this.busy) return;
    const { patient, patientReference } = event.detail;
    if (patient !== this.patient && patientReference !== this.patient) return;
    this.error = undefined;
    this.state = event.type === 'lien-actor-declared' ? 'declared' : 'idle';
  };

  /**
   * An emergency access was granted for this patient (here or anywhere on the page): the refusal
   * no longer holds, so check again and stop offering break-the-glass.
   */
  private readonly onEmergencyAccess = (event: LienBreakTheGlassEvent) => {
    const { patient, patientReference } = event.detail;
    if (patient !== this.patient && patientReference !== this.patient) return;
    if (this.busy || this.remedies) {
      this.denied = undefined;
      return;
    }
    this.initialState();
  };

  private get breakTheGlassOffered(): boolean {
    const offered = this.breakTheGlass || !!this.denied?.includes('break-the-glass');
    // The server decides; the element only hides it from users known not to be physicians.
    return offered && mayBreakTheGlass(this.user);
  }

  override render(): TemplateResult {
    const t = this.localize;
    // An actor until the server says otherwise: while withdrawing, and after a failed withdrawal.
    const declared =
      this.state === 'declared' ||
      this.state === 'withdrawing' ||
      (this.state === 'error' && this.failed === 'withdraw');
    const pending = this.state === 'declaring' || this.state === 'withdrawing';
    const canDeclare = !this.denied || this.denied.includes('declare-actor');
    const label =
      this.state === 'declaring'
        ? t.term('declarePending')
        : this.state === 'withdrawing'
          ? t.term('withdrawPending')
          : declared
            ? t.term('withdrawButton')
            : t.term('declareButton');
    const details = serverDetails(this.error);

    return html`<div class="base" part="base">
      ${
        this.state === 'checking'
          ? html`<p class="muted small" role="status">${t.term('checking')}</p>`
          : html`${
                declared
                  ? html`<p class="notice success declared" part="declared">
                      <span class="check" aria-hidden="true"></span>${t.term('declared')}
                    </p>`
                  : canDeclare
                    ? html`<p id="attestation" class="attestation" part="attestation">
                          <slot name="attestation">${t.term('attestation')}</slot>
                        </p>
                        ${this.renderRoles()}`
                    : nothing
              }
              <div class="actions">
                ${
                  declared || canDeclare
                    ? html`<button
                        id="action"
                        class="button ${declared ? '' : 'primary'}"
                        part="button ${declared ? 'withdraw-button' : 'declare-button'}"
                        type="button"
                        aria-disabled=${pending ? 'true' : 'false'}
                        aria-describedby=${declared ? nothing : 'attestation'}
                        @click=${() => (declared ? this.withdraw() : this.declare())}
                      >
                        ${label}
                      </button>`
                    : nothing
                }
                ${
                  !declared && this.breakTheGlassOffered
                    ? html`<lien-break-the-glass
                        part="break-the-glass"
                        .patient=${this.patient}
                        .client=${this.client}
                        theme=${this.theme ?? nothing}
                        density=${this.density ?? nothing}
                      ></lien-break-the-glass>`
                    : nothing
                }
              </div>`
      }
      ${
        this.state === 'error'
          ? html`<div class="notice danger" part="error" role="alert">
              <p>
                ${this.failed === 'declare' ? t.term('declareError') : t.term('withdrawError')}
                ${errorMessage(t, this.error)}
              </p>
              ${details ? html`<p class="small">${t.term('errorDetails', details)}</p>` : nothing}
              <button
                class="button"
                part="retry-button"
                type="button"
                @click=${() => this.run(this.failed)}
              >
                ${t.term('retry')}
              </button>
            </div>`
          : nothing
      }
      <p class="visually-hidden" role="status" aria-live="polite">${this.announcement}</p>
    </div>`;
  }

  private renderRoles(): TemplateResult | typeof nothing {
    if (!this.roles.length) return nothing;
    const t = this.localize;
    return html`<div class="role" part="role">
      <label for="role">${t.term('roleLabel')}</label>
      <select
        id="role"
        .value=${this.selectedRole}
        @change=${(e: Event) => (this.selectedRole = (e.target as HTMLSelectElement).value)}
      >
        <option value="">${t.term('roleNone')}</option>
        ${this.roles.map(
          (role) =>
            html`<option value=${role.code} ?selected=${role.code === this.selectedRole}>
              ${t.label(role)}
            </option>`,
        )}
      </select>
    </div>`;
  }
}
