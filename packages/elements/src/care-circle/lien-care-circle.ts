import type { CareCircle, CareCircleMember, CurrentUser, LienDomainApi } from '@lien/client';
import { consume } from '@lit/context';
import type { PropertyValues, TemplateResult } from 'lit';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { clientContext, userContext } from '../context.js';
import { LienDeclareActor } from '../declare-actor/lien-declare-actor.js';
import type { LienBreakTheGlassEvent } from '../events/lien-break-the-glass.js';
import type { ContactChannel } from '../events/lien-contact.js';
import { LienContactEvent } from '../events/lien-contact.js';
import type { MissingInputError } from '../internal/errors.js';
import { isLienError, missingInput } from '../internal/errors.js';
import { LienThemedElement } from '../internal/lien-themed-element.js';
import { errorNotice, forbiddenNotice, missingNotice } from '../internal/notices.js';
import { CareCircleController } from './care-circle-controller.js';
import { validEmail, validPhone } from './contact.js';
import type { GroupingLocale, Setting } from './grouping.js';
import { groupCareCircle, memberMatches } from './grouping.js';
import { styles } from './lien-care-circle.styles.js';

/** Above this number of active members, a filter box and a match count are shown. */
export const FILTER_THRESHOLD = 10;

const SETTING_TERMS = {
  hospital: 'groupHospital',
  community: 'groupCommunity',
  other: 'groupOther',
} as const satisfies Record<Setting, string>;

/**
 * A patient's care circle (cercle de soins): who takes part in the patient's care, where they
 * practise, since when, and how to reach them.
 *
 * The médecin traitant comes first, then hospital and community care, each grouped by
 * profession. Former members are behind a toggle. The element loads the circle with one request
 * (`client.getCareCircle`) through the client it receives from `<lien-provider>`, or renders a
 * `careCircle` view model handed to it (then no request at all). It reloads when a declaration,
 * withdrawal or emergency access for the same patient happens anywhere on the page.
 *
 * @summary The care circle of a patient, with contact actions, in any host page.
 * @tagname lien-care-circle
 *
 * @fires {LienContactEvent} lien-contact - The user activated a contact action. Cancelable:
 * cancel it to open the host's own secure messaging or telephony instead of the `mailto:` /
 * `tel:` link.
 * @fires {LienErrorEvent} lien-error - Loading failed (the element shows the error too).
 *
 * @slot empty - Replaces the invitation to declare oneself shown when nobody is in the circle
 * (by default a `<lien-declare-actor>`).
 *
 * @csspart base - The wrapper of every state.
 * @csspart header - Title and member count.
 * @csspart title - The title.
 * @csspart count - The number of members.
 * @csspart filter - The filter box (large circles only).
 * @csspart group - A group of members (médecin traitant, hospital, community…).
 * @csspart group-heading - The heading of a group.
 * @csspart profession-heading - The heading of a profession within a group.
 * @csspart member - One member.
 * @csspart member-name - A member's name.
 * @csspart badge - The "Vous" / "You" badge of the current user.
 * @csspart contact - Every contact action.
 * @csspart contact-mssante - MSSanté (secure mail) actions.
 * @csspart contact-phone - Phone actions.
 * @csspart former-toggle - The button showing former members.
 * @csspart skeleton - Placeholder shown while loading.
 * @csspart empty - The empty state.
 * @csspart error - The error state.
 * @csspart forbidden - The restricted-access state.
 * @csspart unconfigured - The state of an element without a client (Lien is not configured on
 * the page) or without a patient.
 * @csspart emergency - The notice shown while an emergency (break-the-glass) access is open.
 * @csspart retry-button - The retry button of the error state.
 *
 * @cssprop --lien-care-circle-card-min-width - Minimum width of a member card in the `full`
 * variant (cards flow in columns). Default `16rem`.
 */
export class LienCareCircle extends LienThemedElement {
  static override styles = styles;
  static override dependencies = { 'lien-declare-actor': LienDeclareActor };

  /** The patient: `Patient/123`, or an INS as `system|value`. */
  @property({ reflect: true }) patient?: string;

  /**
   * The care circle to render, as the client's view model. When set, the element renders it and
   * makes no request (stories, tests, hosts that already hold the data).
   */
  @property({ attribute: false }) careCircle?: CareCircle;

  /** `full` (cards, in a main area) or `compact` (a list, for a sidebar). */
  @property({ reflect: true }) variant: 'full' | 'compact' = 'full';

  /** Level of the title heading (1–6); group headings follow one and two levels below. */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 2;

  /** The Lien client. Provided by `<lien-provider>` (context); may also be set directly. */
  @consume({ context: clientContext, subscribe: true })
  @property({ attribute: false })
  client?: LienDomainApi;

  /**
   * The signed-in professional. Provided by `<lien-provider>` (context); may be set directly. Tells
   * the restricted-access state whether the user can act on the remedies the server offers.
   */
  @consume({ context: userContext, subscribe: true })
  @property({ attribute: false })
  user?: CurrentUser | null;

  @state() private showFormer = false;
  @state() private query = '';

  /** Fills the circle from the client (one request per patient). */
  private readonly data = new CareCircleController(this, () => ({
    client: this.client,
    patient: this.patient,
    careCircle: this.careCircle,
  }));

  /** Last circle loaded, kept to show (busy) during a refresh of the same patient. */
  private last?: {
    patient: string | undefined;
    client: LienDomainApi | undefined;
    circle: CareCircle;
  };

  /**
   * Set when a declaration or emergency access made inside this element (empty or restricted
   * state) will replace the focused button: focus then moves to the title once reloaded.
   */
  private focusTitleAfterLoad = false;

  /** Emergency access granted for this patient on this page, until when (ISO). */
  @state() private emergencyUntil?: string;

  constructor() {
    super();
    const fromInside = () => (this.focusTitleAfterLoad = true);
    this.addEventListener('lien-actor-declared', fromInside);
    this.addEventListener('lien-break-the-glass', fromInside);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.ownerDocument.addEventListener('lien-break-the-glass', this.onEmergencyAccess);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.ownerDocument.removeEventListener('lien-break-the-glass', this.onEmergencyAccess);
  }

  private readonly onEmergencyAccess = (event: LienBreakTheGlassEvent): void => {
    const { patient, patientReference, expires } = event.detail;
    const mine = this.patient;
    if (
      patient === mine ||
      patientReference === mine ||
      patientReference === this.last?.circle.patient
    ) {
      this.emergencyUntil = expires;
    }
  };

  /** Loads the care circle again. */
  refresh(): void {
    this.data.refresh();
  }

  protected override updated(): void {
    if (!this.focusTitleAfterLoad || !this.shadowRoot) return;
    if (this.shadowRoot.querySelector('[part="base"][aria-busy="false"]') === null) return;
    this.focusTitleAfterLoad = false;
    const focused = this.shadowRoot.activeElement;
    if (focused === null || !focused.isConnected) {
      this.shadowRoot.querySelector<HTMLElement>('#title')?.focus();
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('patient') || changed.has('client')) {
      this.query = '';
      this.showFormer = false;
      if (changed.get('patient') !== undefined) this.emergencyUntil = undefined;
    }
  }

  /**
   * Every state, and one polite live region that stays in the DOM (outside the busy section)
   * and says what the state became: loading, loaded (how many members), empty, restricted.
   * Errors speak through their own `role="alert"`.
   */
  override render(): TemplateResult {
    const { body, status } = this.renderState();
    return html`${body}
      <p class="visually-hidden" role="status" aria-live="polite">${status}</p>`;
  }

  private renderState(): { body: TemplateResult; status: string } {
    const t = this.localize;
    const shown = (circle: CareCircle, busy: boolean) => {
      const active = circle.members.filter((m) => m.active).length;
      return {
        body: this.renderCircle(circle, busy),
        status: active
          ? t.term('careCircleLoaded', t.term('memberCount', active))
          : t.term('emptyTitle'),
      };
    };
    if (this.careCircle) return shown(this.careCircle, false);
    const missing = missingInput(this.client, this.patient);
    if (missing) return { body: this.renderMissing(missing), status: '' };
    const loading = { body: this.renderLoading(), status: t.term('loading') };
    return this.data.task.render({
      initial: () => loading,
      pending: () => {
        const last = this.last;
        return last && last.patient === this.patient && last.client === this.client
          ? shown(last.circle, true)
          : loading;
      },
      complete: (circle) => {
        this.last = { patient: this.patient, client: this.client, circle };
        return shown(circle, false);
      },
      error: (error) => ({
        body: this.renderError(error),
        status: isLienError(error) && error.code === 'forbidden' ? t.term('forbiddenTitle') : '',
      }),
    });
  }

  // --- States ------------------------------------------------------------------------------

  private renderTitle(count?: number): TemplateResult {
    const t = this.localize;
    return html`<header class="header" part="header">
      <div
        role="heading"
        aria-level=${this.level(0)}
        id="title"
        class="title"
        part="title"
        tabindex="-1"
      >
        ${t.term('careCircleTitle')}
      </div>
      ${
        count === undefined
          ? nothing
          : html`<span class="count muted small" part="count"
              >${t.term('memberCount', count)}</span
            >`
      }
    </header>`;
  }

  /** No client (Lien is not configured on the page) or no patient: nothing to load, not busy. */
  private renderMissing(missing: MissingInputError): TemplateResult {
    return html`<section class="base" part="base" aria-labelledby="title" aria-busy="false">
      ${this.renderTitle()} ${missingNotice(this.localize, missing)}
    </section>`;
  }

  private renderLoading(): TemplateResult {
    return html`<section class="base" part="base" aria-labelledby="title" aria-busy="true">
      ${this.renderTitle()}
      <div class="skeletons" part="skeleton" aria-hidden="true">
        ${[0, 1, 2].map(
          () =>
            html`<div class="skeleton-card">
              <span class="skeleton w60"></span>
              <span class="skeleton w40"></span>
              <span class="skeleton w75"></span>
            </div>`,
        )}
      </div>
    </section>`;
  }

  private renderError(error: unknown): TemplateResult {
    const t = this.localize;
    const forbidden = isLienError(error) && error.code === 'forbidden';
    return html`<section class="base" part="base" aria-labelledby="title" aria-busy="false">
      ${this.renderTitle()}
      ${
        forbidden
          ? forbiddenNotice(t, {
              body: t.term('forbiddenBody'),
              remedies: error.remedies,
              patient: this.patient,
              client: this.client,
              user: this.user,
              theme: this.theme,
              density: this.density,
            })
          : errorNotice(t, { title: t.term('errorTitle'), error, retry: () => this.refresh() })
      }
    </section>`;
  }

  private renderCircle(circle: CareCircle, busy: boolean): TemplateResult {
    const t = this.localize;
    const locale = this.groupingLocale();
    const active = circle.members.filter((m) => m.active);
    const filtering = active.length > FILTER_THRESHOLD;
    const query = filtering ? this.query.trim() : '';
    const shown = query
      ? circle.members.filter((m) => !m.active || memberMatches(m, query, locale))
      : circle.members;
    const grouped = groupCareCircle(shown, locale);
    const shownActive = shown.filter((m) => m.active).length;
    const former = grouped.former;

    return html`<section
      class="base"
      part="base"
      aria-labelledby="title"
      aria-busy=${busy ? 'true' : 'false'}
    >
      ${this.renderTitle(active.length)} ${this.renderEmergency()}
      ${
        filtering
          ? html`<div class="filter" part="filter">
              <label for="filter">${t.term('filterLabel')}</label>
              <input
                id="filter"
                type="search"
                autocomplete="off"
                aria-describedby="filter-hint"
                .value=${this.query}
                @input=${(e: InputEvent) => (this.query = (e.target as HTMLInputElement).value)}
              />
              <span id="filter-hint" class="small muted">${t.term('filterHint')}</span>
              <p role="status" class="small filter-count">
                ${query ? t.term('filteredCount', shownActive, active.length) : nothing}
              </p>
            </div>`
          : nothing
      }
      ${active.length === 0 ? this.renderEmpty(circle) : nothing}
      ${
        grouped.generalPractitioners.length
          ? this.renderGroup(
              'pcp',
              t.term('groupGeneralPractitioner'),
              html`<ul class="members" role="list">
                ${grouped.generalPractitioners.map((m) => this.renderMember(m))}
              </ul>`,
            )
          : nothing
      }
      ${grouped.settings.map((group) =>
        this.renderGroup(
          group.setting,
          t.term(SETTING_TERMS[group.setting]),
          group.professions.map(
            (profession, index) =>
              html`<div class="profession">
                <div
                  role="heading"
                  aria-level=${this.level(2)}
                  id=${`${group.setting}-${index}`}
                  class="profession-heading"
                  part="profession-heading"
                >
                  ${profession.label || t.term('professionOther')}
                </div>
                <ul class="members" role="list" aria-labelledby=${`${group.setting}-${index}`}>
                  ${profession.members.map((m) => this.renderMember(m))}
                </ul>
              </div>`,
          ),
        ),
      )}
      ${
        former.length
          ? html`<div class="former">
              <button
                class="button former-toggle"
                part="former-toggle"
                type="button"
                aria-expanded=${this.showFormer ? 'true' : 'false'}
                aria-controls="former"
                @click=${() => (this.showFormer = !this.showFormer)}
              >
                <span class="chevron" aria-hidden="true"></span>
                ${t.term('formerMembers', former.length)}
              </button>
              <ul id="former" class="members former-list" role="list" ?hidden=${!this.showFormer}>
                ${this.showFormer ? former.map((m) => this.renderMember(m)) : nothing}
              </ul>
            </div>`
          : nothing
      }
    </section>`;
  }

  private renderEmergency(): TemplateResult | typeof nothing {
    const until = this.emergencyUntil;
    if (!until || Date.parse(until) <= Date.now()) return nothing;
    const t = this.localize;
    return html`<p class="notice warning" part="emergency">
      <time datetime=${until}>${t.term('btgActive', t.timeOrDate(until))}</time>
    </p>`;
  }

  private renderEmpty(circle: CareCircle): TemplateResult {
    const t = this.localize;
    return html`<div class="notice" part="empty">
      <p class="notice-title">${t.term('emptyTitle')}</p>
      <p>${t.term('emptyBody')}</p>
      <slot name="empty">
        <lien-declare-actor
          .patient=${this.patient ?? circle.patient}
          .careCircle=${circle}
          .client=${this.client}
          theme=${this.theme ?? nothing}
          density=${this.density ?? nothing}
        ></lien-declare-actor>
      </slot>
    </div>`;
  }

  private renderGroup(
    id: string,
    heading: string,
    content: TemplateResult | TemplateResult[],
  ): TemplateResult {
    return html`<section class="group" part="group" aria-labelledby=${`group-${id}`}>
      <div
        role="heading"
        aria-level=${this.level(1)}
        id=${`group-${id}`}
        class="group-heading"
        part="group-heading"
      >
        ${heading}
      </div>
      ${content}
    </section>`;
  }

  /**
   * One member. Large circles render a hundred of these at once, so the parts every member has
   * (profession, organisation, period) live in this one template, left empty and `hidden` when
   * absent, rather than in nested templates of their own; contacts keep theirs, so that a
   * `part` always names a real action. About four template instances per member instead of eight.
   */
  private renderMember(member: CareCircleMember): TemplateResult {
    const t = this.localize;
    const full = this.variant === 'full';
    const name = t.name(member.name);
    const professionLabel = member.profession ? t.label(member.profession) : undefined;
    const roles = member.roles
      .filter((role) => !(member.isGeneralPractitioner && role.code === 'PCP'))
      .map((role) => t.label(role))
      .filter((label) => label && label !== professionLabel);
    const profession = [professionLabel, member.specialty && t.label(member.specialty)].filter(
      (part): part is string => !!part,
    );
    const organization = member.organization;
    const period = this.period(member);
    const mail = member.active ? validEmail(member.mssante) : undefined;
    const phones = member.active ? member.phones : [];
    const contacts = !!mail || phones.length > 0;

    return html`<li class=${member.active ? 'member' : 'member is-former'} part="member">
      <div class="member-head">
        <span class="name" part="member-name">${name}</span>${
          member.isCurrentUser
            ? html`<span class="badge you" part="badge">${t.term('youBadge')}</span>`
            : nothing
        }
      </div>
      <p class="member-profession" ?hidden=${!profession.length}>
        ${profession.length ? t.term('professionLine', profession) : ''}
      </p>
      ${roles.length ? html`<p class="roles small">${t.term('roles', t.list(roles))}</p>` : nothing}
      <p class="organization small muted" ?hidden=${!organization}>
        ${organization ? t.term('organizationLine', organization.name, full ? organization.city : undefined) : ''}
      </p>
      <p class="since small muted" ?hidden=${!period}>
        <time datetime=${period?.datetime ?? nothing}>${period?.text ?? ''}</time>
      </p>
      ${
        contacts
          ? html`<div class="contacts" role="group" aria-label=${t.term('contactActions', name)}>
              ${
                mail
                  ? html`<a
                        class="contact"
                        part="contact contact-mssante"
                        href=${`mailto:${mail}`}
                        @click=${(e: MouseEvent) => this.contact(e, member, 'mssante', mail)}
                        >${t.term('contactMssante')}<span class="visually-hidden">
                          ${t.term('contactFor', name)}</span
                        ></a
                      ><span class="address small muted" ?hidden=${!full}
                        >${full ? mail : ''}</span
                      >`
                  : nothing
              }
              ${phones.map((text) => {
                const e164 = validPhone(text);
                return e164
                  ? html`<a
                      class="contact"
                      part="contact contact-phone"
                      href=${`tel:${e164}`}
                      @click=${(e: MouseEvent) => this.contact(e, member, 'phone', e164)}
                      >${t.term('contactPhone', text)}<span class="visually-hidden">
                        ${t.term('contactFor', name)}</span
                      ></a
                    >`
                  : html`<span class="small muted">${t.term('contactPhone', text)}</span>`;
              })}
            </div>`
          : nothing
      }
    </li>`;
  }

  /** The member's period as a line of text and its machine-readable date, if known. */
  private period(member: CareCircleMember): { datetime: string; text: string } | undefined {
    const t = this.localize;
    const since = member.since && !Number.isNaN(Date.parse(member.since)) ? member.since : null;
    const until = member.until && !Number.isNaN(Date.parse(member.until)) ? member.until : null;
    if (!member.active) {
      if (!until) return undefined;
      const range = since ? t.dateRange(since, until) : t.date(until);
      return { datetime: until, text: t.term('memberPeriod', range) };
    }
    if (!since) return undefined;
    const duration = t.durationSince(since);
    const date = t.date(since);
    return {
      datetime: since,
      text: duration ? t.term('memberSince', duration, date) : t.term('memberSinceToday', date),
    };
  }

  // --- Behaviour ---------------------------------------------------------------------------

  private contact(
    event: MouseEvent,
    member: CareCircleMember,
    channel: ContactChannel,
    address: string,
  ): void {
    const proceed = this.emit(new LienContactEvent({ member, channel, address }));
    if (!proceed) event.preventDefault();
  }

  private level(offset: number): string {
    const base = Number.isInteger(this.headingLevel) ? this.headingLevel : 2;
    return String(Math.min(Math.max(base, 1) + offset, 6));
  }

  private groupingLocale(): GroupingLocale {
    const t = this.localize;
    return {
      label: (code) => t.label(code),
      name: (member) => t.name(member.name),
      collator: t.collator(),
    };
  }
}
