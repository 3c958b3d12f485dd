import type {
  CurrentUser,
  LabelledCode,
  LetterContent,
  LetterSummary,
  LienDomainApi,
} from '@lien/client';
import type {
  DischargeLetterView,
  FollowUpItem,
  LetterBlock,
  LetterCodedText,
  LetterObservation,
  LetterProfessional,
  LetterSection,
  MandatoryItem,
  NarrativeNode,
  PendingResult,
  Treatment,
} from '@lien/client/letters';
import { consume } from '@lit/context';
import { TaskStatus } from '@lit/task';
import type { PropertyValues, TemplateResult } from 'lit';
import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { clientContext, userContext } from '../context.js';
import { LienDeclareActor } from '../declare-actor/lien-declare-actor.js';
import type { LienActorDeclaredEvent } from '../events/lien-actor-declared.js';
import type { LienBreakTheGlassEvent } from '../events/lien-break-the-glass.js';
import { LienLetterLoadedEvent } from '../events/lien-letter-loaded.js';
import { LienLetterSelectEvent } from '../events/lien-letter-select.js';
import { isLienError, missingInput } from '../internal/errors.js';
import { LienThemedElement } from '../internal/lien-themed-element.js';
import { errorNotice, forbiddenNotice, missingNotice } from '../internal/notices.js';
import type { LoadedLetter } from './discharge-summary-controller.js';
import { DischargeSummaryController, UnreadableLetter } from './discharge-summary-controller.js';
import {
  formatLengthOfStay,
  formatLetterDate,
  telHref,
  formatStay,
  groupIns,
  isIsoDate,
  labelOf,
  modeText,
  patientName,
  professionalDetail,
  professionalName,
} from './format.js';
import { LETTER_TERMS } from './i18n/index.js';
import { styles } from './lien-discharge-summary.styles.js';
import { renderNarrative } from './narrative.js';
import type { OriginalLink } from './original.js';
import { OriginalDocument } from './original.js';

/** Synthesis entries already shown in the header (admission and discharge modes, TA_ASIP). */
const MODE_OBSERVATIONS = new Set(['ORG-069', 'ORG-070', 'ORG-073', 'ORG-074']);

type Maybe = TemplateResult | typeof nothing;

/** The letter's language as a valid `lang` value (`fr-FR`…), French when absent or invalid. */
function letterLanguage(view: DischargeLetterView): string {
  const language = view.header.language?.trim();
  return language && /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i.test(language) ? language : 'fr';
}

/**
 * A hospital discharge letter (_lettre de liaison de sortie_, Code de la santé publique art.
 * R1112-1-2) as a GP needs it: the essentials first — who, where, when; the reason for the
 * stay; **treatments at discharge with what changed** (new / modified / continued / stopped,
 * in words, not colour only) and the **treatments stopped with their reason**; **results still
 * pending** in a visible alert block; the follow-up — then the synthesis and every other
 * section, collapsed, and a link to the original document.
 *
 * Reads CDA R2 letters (ANS LDL-SES 2020.01 / 2022.01), HL7 Europe Hospital Discharge Reports
 * (FHIR document Bundles) and PDFs, in the browser, through `readLetter` of
 * `@lien/client/letters`. A mandatory item the letter lacks is shown as absent ("Non renseigné
 * dans le courrier"), never hidden.
 *
 * Inputs, the first one set wins:
 * - `letter`: a ready `DischargeLetterView` (no request);
 * - `content`: the letter as the host holds it — `{ type: 'cda', xml }`, `{ type: 'fhir',
 *   bundle }`, `{ type: 'pdf', url }` or `{ type: 'pdf', blob }` (no request);
 * - `document="DocumentReference/…"`: one letter, fetched with `client.getLetter`. Give the
 *   letter's `patient` too (`document` still decides what is shown): the restricted-access state
 *   can then offer to declare oneself or an emergency access for that patient, and the INS of the
 *   letter is checked against it;
 * - `patient="Patient/123"` (or an INS `system|value`): the patient's latest letter
 *   (`client.listDischargeLetters`), with a chooser for the earlier ones.
 *
 * **Safety**: letters are untrusted. Their text is rendered from the reader's safe narrative
 * tree with Lit templates and text bindings only — no HTML string ever exists, so no
 * `unsafeHTML`, no `innerHTML` and no sanitiser (DOMPurify) is involved; links are kept only
 * for absolute `http:`/`https:` targets and open in a new tab with `rel="noopener noreferrer"`.
 * The original document opens as plain text (XML, JSON) or as a PDF, never as markup.
 *
 * **Print**: collapsed sections are expanded and the chooser and buttons hidden; black on white.
 *
 * @summary The essentials of a discharge letter: treatments and what changed, pending results, follow-up.
 * @tagname lien-discharge-summary
 *
 * @fires {LienLetterLoadedEvent} lien-letter-loaded - A letter is shown (once per letter);
 * `detail.view` is the normalised letter, `detail.reference` its DocumentReference.
 * @fires {LienLetterErrorEvent} lien-letter-error - A letter cannot be shown: a request
 * failed, or the document cannot be read (`detail.reason`). The element shows it too.
 * @fires {LienLetterSelectEvent} lien-letter-select - The user chose another letter of the
 * patient in the chooser.
 * @fires {LienErrorEvent} lien-error - A request failed (as for every element).
 *
 * @slot empty - Replaces the explanation shown under "Aucun courrier de sortie pour ce patient"
 * (for example with a link to the host's own document list).
 *
 * @csspart base - The wrapper of every state.
 * @csspart title - The title.
 * @csspart chooser - The letter chooser (patient mode, two letters or more).
 * @csspart header - Facility, patient, stay, modes, doctors.
 * @csspart facility - Facility and unit.
 * @csspart letter-title - A PDF letter's own title, under the facility.
 * @csspart facts - The list of header facts.
 * @csspart phone - Each phone number of the service that wrote the letter (a `tel:` link).
 * @csspart identity-warning - The notice shown when the letter's INS is not the patient's.
 * @csspart original-link - The links opening or downloading the original document.
 * @csspart missing - The notice listing the mandatory items the letter lacks.
 * @csspart absent - Each "Non renseigné dans le courrier" mark.
 * @csspart pdf-note - The note of a PDF-only letter, with the button opening it.
 * @csspart block - Every essential block (reason, treatments, pending results, follow-up).
 * @csspart reason - The reason for hospitalisation.
 * @csspart discharge-treatments - The treatments at discharge.
 * @csspart stopped-treatments - The treatments stopped during the stay.
 * @csspart treatment-table - The tables of treatments.
 * @csspart dosage-text - A treatment's dosage as the letter writes it.
 * @csspart badge - The change badges of treatments (also `badge-new`, `badge-modified`,
 * `badge-continued`, `badge-stopped`).
 * @csspart pending-results - The alert block of results still pending.
 * @csspart follow-up - The follow-up (appointments, exams, acts, recommendations).
 * @csspart as-written - The collapsible text of a section as the letter writes it.
 * @csspart sections - The synthesis and other sections.
 * @csspart section - One collapsible section.
 * @csspart warnings - The discreet notes on how the letter was read.
 * @csspart skeleton - Placeholder shown while loading.
 * @csspart empty - The state of a patient without letters.
 * @csspart error - The error state.
 * @csspart retry-button - The retry button of the error state.
 * @csspart forbidden - The restricted-access state.
 * @csspart unconfigured - The state of an element without a client (Lien is not configured on
 * the page) or with neither a patient nor a document.
 * @csspart unreadable - The state of a document that cannot be read.
 */
export class LienDischargeSummary extends LienThemedElement {
  static override styles = styles;
  static override dependencies = { 'lien-declare-actor': LienDeclareActor };
  static override terms = LETTER_TERMS;

  /**
   * The patient: `Patient/123`, or an INS as `system|value`. Alone, shows the patient's latest
   * letter and a chooser. With `document`, says whose letter it is: the restricted-access state
   * then offers its remedies for this patient, and the letter's INS is checked against it.
   */
  @property({ reflect: true }) patient?: string;

  /**
   * One letter: `DocumentReference/…`. Takes precedence over `patient` for what is shown; give
   * `patient` with it so that a refusal can offer to declare oneself or an emergency access.
   */
  @property({ reflect: true }) document?: string;

  /**
   * The letter's content, when the host holds it: `{ type: 'cda', xml }`, `{ type: 'fhir',
   * bundle }`, `{ type: 'pdf', url }` or `{ type: 'pdf', blob }`. Read in the browser, no
   * request. Takes precedence over `document` and `patient`.
   */
  @property({ attribute: false }) content?: LetterContent;

  /**
   * A letter already read (`DischargeLetterView` from `@lien/client/letters`): rendered as is, no
   * request (stories, tests, hosts that read letters themselves). Takes precedence over all.
   */
  @property({ attribute: false }) letter?: DischargeLetterView;

  /** Level of the title heading (1–6); block headings are one level below. */
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

  /** Loads the list and the letter through the client, or reads the content. */
  private readonly data = new DischargeSummaryController(this, () => ({
    client: this.client,
    patient: this.patient,
    document: this.document,
    content: this.content,
    letter: this.letter,
  }));

  private readonly original = new OriginalDocument();

  /** The letter rendered by the last render, and the last one announced by an event. */
  private shown?: { view: DischargeLetterView; reference: string | undefined };
  private announced?: DischargeLetterView;

  /**
   * The language of the letter's own text (its `languageCode`, French by default), set as `lang`
   * on the letter's words so that screen readers pronounce them right in an English interface.
   */
  private letterLang = 'fr';

  /** Set when an access obtained inside this element replaces the focused button. */
  private focusTitleAfterLoad = false;

  /** `<details>` opened for printing, closed again afterwards. */
  private openedForPrint = new Set<HTMLDetailsElement>();
  private printQuery?: MediaQueryList;

  constructor() {
    super();
    const fromInside = () => (this.focusTitleAfterLoad = true);
    this.addEventListener('lien-actor-declared', fromInside);
    this.addEventListener('lien-break-the-glass', fromInside);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const doc = this.ownerDocument;
    doc.addEventListener('lien-actor-declared', this.onAccessChange);
    doc.addEventListener('lien-break-the-glass', this.onAccessChange);
    const win = doc.defaultView;
    win?.addEventListener('beforeprint', this.onBeforePrint);
    win?.addEventListener('afterprint', this.onAfterPrint);
    this.printQuery = win?.matchMedia('print');
    this.printQuery?.addEventListener('change', this.onPrintMedia);
    if (this.hasUpdated) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    const doc = this.ownerDocument;
    doc.removeEventListener('lien-actor-declared', this.onAccessChange);
    doc.removeEventListener('lien-break-the-glass', this.onAccessChange);
    const win = doc.defaultView;
    win?.removeEventListener('beforeprint', this.onBeforePrint);
    win?.removeEventListener('afterprint', this.onAfterPrint);
    this.printQuery?.removeEventListener('change', this.onPrintMedia);
    // The Blob URL of the original document is revoked; reconnecting renders a new one.
    this.original.release();
  }

  /** Loads the letter (and, for a patient, the list of letters) again. */
  refresh(): void {
    this.data.refresh();
  }

  // --- Behaviour ---------------------------------------------------------------------------

  /**
   * Access changed for a patient (declared, emergency access): reload if it is ours. A `document`
   * shown without its `patient` cannot tell whose it is: it reloads when it was refused.
   */
  private readonly onAccessChange = (event: LienActorDeclaredEvent | LienBreakTheGlassEvent) => {
    if (this.letter || this.content) return;
    const { patient, patientReference } = event.detail;
    const mine = this.patient;
    if (mine) {
      if (patient === mine || patientReference === mine) this.refresh();
      return;
    }
    const task = this.data.letter;
    const refused =
      task.status === TaskStatus.ERROR &&
      isLienError(task.error) &&
      task.error.code === 'forbidden';
    if (this.document && refused) this.refresh();
  };

  private readonly onBeforePrint = () => this.expandForPrint(true);
  private readonly onAfterPrint = () => this.expandForPrint(false);
  private readonly onPrintMedia = (event: MediaQueryListEvent) =>
    this.expandForPrint(event.matches);

  /** Opens every collapsed section for printing; closes them again afterwards. */
  private expandForPrint(printing: boolean): void {
    if (printing) {
      for (const details of this.renderRoot.querySelectorAll('details')) {
        if (details.open) continue;
        details.open = true;
        this.openedForPrint.add(details);
      }
    } else {
      for (const details of this.openedForPrint) details.open = false;
      this.openedForPrint.clear();
    }
  }

  private choose(event: Event, letters: readonly LetterSummary[]): void {
    const reference = (event.target as HTMLSelectElement).value;
    const summary = letters.find((l) => l.reference === reference);
    if (!summary) return;
    this.data.choose(reference);
    this.emit(new LienLetterSelectEvent({ reference, summary }));
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('letter') || changed.has('content')) this.announced = undefined;
  }

  protected override updated(): void {
    // Rendered while printing (or in a print-only rendering): sections expanded too.
    if (this.printQuery?.matches) this.expandForPrint(true);
    const shown = this.shown;
    if (shown && shown.view !== this.announced) {
      this.announced = shown.view;
      this.emit(
        new LienLetterLoadedEvent({
          view: shown.view,
          ...(shown.reference ? { reference: shown.reference } : {}),
        }),
      );
    }
    // Access obtained inside this element replaced the focused button: once the reload ends,
    // whatever it shows (letter, empty, error, refusal), focus goes to the title.
    const settled = this.shadowRoot?.querySelector('[part="base"][aria-busy="false"]');
    if (this.focusTitleAfterLoad && this.shadowRoot && settled) {
      this.focusTitleAfterLoad = false;
      const focused = this.shadowRoot.activeElement;
      if (focused === null || !focused.isConnected) {
        this.shadowRoot.querySelector<HTMLElement>('#title')?.focus();
      }
    }
  }

  // --- Rendering ---------------------------------------------------------------------------

  /**
   * Every state in one section, and one polite live region that stays in the DOM (outside the
   * busy section) and says what the state became: loading, letter shown, no letter, restricted.
   * Errors speak through their own `role="alert"`.
   */
  override render(): TemplateResult {
    this.shown = undefined;
    const { body, busy, letters, current, status } = this.state();
    const t = this.localize;
    return html`<section class="base" part="base" aria-labelledby="title" aria-busy=${busy}>
        <div
          role="heading"
          aria-level=${this.level(0)}
          id="title"
          class="title"
          part="title"
          tabindex="-1"
        >
          ${t.term('dsTitle')}
        </div>
        ${letters && letters.length > 1 ? this.renderChooser(letters, current) : nothing} ${body}
      </section>
      <p class="visually-hidden" role="status" aria-live="polite">${status}</p>`;
  }

  /** What to show, from the inputs and the tasks' states. */
  private state(): {
    body: TemplateResult;
    busy: 'true' | 'false';
    /** What the live region says of this state. */
    status: string;
    letters?: LetterSummary[];
    current?: string;
  } {
    const t = this.localize;
    const shown = t.term('dsLoaded');
    if (this.letter) {
      return { body: this.renderLetter({ view: this.letter }), busy: 'false', status: shown };
    }
    if (!this.content) {
      const missing = missingInput(this.client, this.document ?? this.patient);
      if (missing) return { body: missingNotice(t, missing), busy: 'false', status: '' };
    }
    const loading = {
      body: this.renderLoading(),
      busy: 'true' as const,
      status: t.term('dsLoading'),
    };
    const failed = (error: unknown, listing: boolean) => ({
      body: this.renderError(error, listing),
      busy: 'false' as const,
      status: isLienError(error) && error.code === 'forbidden' ? t.term('forbiddenTitle') : '',
    });
    let letters: LetterSummary[] | undefined;
    if (!this.content && !this.document) {
      const list = this.data.list;
      if (list.status === TaskStatus.ERROR) return failed(list.error, true);
      if (list.status !== TaskStatus.COMPLETE || !this.data.letters) return loading;
      letters = this.data.letters;
      if (letters.length === 0) {
        return { body: this.renderEmpty(), busy: 'false', status: t.term('dsEmptyTitle') };
      }
    }
    const current = this.data.reference;
    const task = this.data.letter;
    const withList = { letters, ...(current ? { current } : {}) };
    switch (task.status) {
      case TaskStatus.COMPLETE:
        if (!task.value) return { ...loading, ...withList };
        return { body: this.renderLetter(task.value), busy: 'false', status: shown, ...withList };
      case TaskStatus.ERROR:
        return { ...failed(task.error, false), ...withList };
      default:
        return { ...loading, ...withList };
    }
  }

  private renderChooser(letters: readonly LetterSummary[], current: string | undefined) {
    const t = this.localize;
    return html`<div class="chooser" part="chooser">
      <label for="chooser">${t.term('dsChooser')}</label>
      <select id="chooser" @change=${(e: Event) => this.choose(e, letters)}>
        ${letters.map((letter) => {
          const when = letter.date ?? letter.period?.end;
          const date = when ? formatLetterDate(t, when) : undefined;
          const label = t.term('dsChooserOption', date, letter.facility);
          return html`<option value=${letter.reference} ?selected=${letter.reference === current}>
            ${letter.format === 'pdf' ? t.term('dsChooserOptionPdf', label) : label}
          </option>`;
        })}
      </select>
      <span class="small muted">${t.term('dsLetterCount', letters.length)}</span>
    </div>`;
  }

  private renderLoading(): TemplateResult {
    return html`<div class="skeletons" part="skeleton" aria-hidden="true">
      <span class="skeleton w60"></span>
      <span class="skeleton w40"></span>
      <span class="skeleton w75"></span>
      <span class="skeleton block-skeleton"></span>
      <span class="skeleton w60"></span>
      <span class="skeleton block-skeleton"></span>
    </div>`;
  }

  private renderEmpty(): TemplateResult {
    const t = this.localize;
    return html`<div class="notice" part="empty">
      <p class="notice-title">${t.term('dsEmptyTitle')}</p>
      <slot name="empty"><p class="muted">${t.term('dsEmptyBody')}</p></slot>
    </div>`;
  }

  private renderError(error: unknown, listing: boolean): TemplateResult {
    const t = this.localize;
    if (error instanceof UnreadableLetter) return this.renderUnreadable(error);
    if (isLienError(error) && error.code === 'forbidden') {
      return forbiddenNotice(t, {
        body: t.term('dsForbiddenBody'),
        remedies: error.remedies,
        patient: this.patient,
        client: this.client,
        user: this.user,
        theme: this.theme,
        density: this.density,
      });
    }
    const notFound = !listing && isLienError(error) && error.code === 'not-found';
    return errorNotice(t, {
      title: t.term(listing ? 'dsListErrorTitle' : 'dsErrorTitle'),
      error,
      ...(notFound ? { message: t.term('dsNotFound') } : {}),
      retry: () => this.refresh(),
    });
  }

  private renderUnreadable(error: UnreadableLetter): TemplateResult {
    const t = this.localize;
    const link = this.original.linkFor(error.content, undefined);
    return html`<div class="notice danger" part="unreadable" role="alert">
      <p class="notice-title">${t.term('dsUnreadableTitle')}</p>
      <p>${t.term('dsUnreadableReason', error.reason)}</p>
      <p class="muted">${t.term('dsUnreadableHint')}</p>
      ${link ? this.renderOriginalLinks(link) : nothing}
    </div>`;
  }

  // --- The letter --------------------------------------------------------------------------

  private renderLetter(loaded: LoadedLetter): TemplateResult {
    const { view } = loaded;
    this.letterLang = letterLanguage(view);
    this.shown = { view, reference: loaded.reference };
    const link = this.original.linkFor(loaded.content, view);
    const missing = new Set(view.missing);
    const pdf = view.source === 'pdf';
    return html`${this.renderIdentityCheck(view)} ${this.renderHeader(view, missing, link)}
    ${this.renderMissing(view.missing)} ${pdf ? this.renderPdfNote(view, link) : nothing}
    ${this.renderReason(view, missing)}
    ${this.renderTreatments('discharge', view.essentials.dischargeTreatments, missing)}
    ${this.renderTreatments('stopped', view.essentials.stoppedTreatments, missing)}
    ${this.renderPending(view.essentials.pendingResults, missing)}
    ${this.renderFollowUp(view.essentials.followUp, missing)} ${this.renderSections(view, missing)}
    ${this.renderWarnings(view)}`;
  }

  /** A danger notice when the letter's INS is not the INS the element was given. */
  private renderIdentityCheck(view: DischargeLetterView): Maybe {
    const given = this.patient?.includes('|') ? this.patient.split('|').pop()?.trim() : undefined;
    const ins = view.header.patient?.ins?.value;
    if (!given || !ins || given === ins) return nothing;
    return html`<p class="notice danger" part="identity-warning" role="alert">
      ${this.localize.term('dsOtherPatient')}
    </p>`;
  }

  private renderHeader(
    view: DischargeLetterView,
    missing: ReadonlySet<MandatoryItem>,
    link: OriginalLink | undefined,
  ): TemplateResult {
    const t = this.localize;
    const h = view.header;
    const facility = [h.facility?.name, h.unit].filter((part): part is string => !!part?.trim());
    const length = formatLengthOfStay(t, h.lengthOfStayDays);
    const stay =
      h.admissionDate && h.dischargeDate
        ? this.fact(
            t.term('dsStay'),
            html`<time datetime=${this.datetime(h.admissionDate)}
              >${t.term('dsStayRange', formatStay(t, h.admissionDate, h.dischargeDate), length)}</time
            >`,
          )
        : html`${this.fact(t.term('dsAdmissionDate'), this.date(h.admissionDate), missing.has('admission-date'))}
          ${this.fact(t.term('dsDischargeDate'), this.date(h.dischargeDate), missing.has('discharge-date'))}`;
    const admission = this.mode(h.admissionMode);
    const discharge = this.mode(h.dischargeMode);
    const signer =
      h.legalAuthenticator?.name && h.legalAuthenticator.name.text !== h.author?.name?.text
        ? h.legalAuthenticator
        : undefined;
    const status =
      h.documentStatus?.text ?? (h.documentStatus?.code && labelOf(t, h.documentStatus.code));
    return html`<header class="letter-header" part="header">
      ${
        facility.length || h.title
          ? html`<p class="facility" part="facility" lang=${this.letterLang}>
              ${facility.length ? t.term('dsFacilityLine', facility) : h.title}
            </p>`
          : nothing
      }
      ${
        // A PDF's own title says what the letter is (a CDA title is the model's generic one).
        view.source === 'pdf' && facility.length && h.title
          ? html`<p class="muted" part="letter-title" lang=${this.letterLang}>${h.title}</p>`
          : nothing
      }
      <dl class="facts" part="facts">
        ${this.fact(t.term('dsPatient'), this.renderPatient(view), missing.has('patient'))} ${stay}
        ${this.fact(t.term('dsAdmissionMode'), admission, missing.has('admission-mode'))}
        ${this.fact(t.term('dsDischargeMode'), discharge, missing.has('discharge-mode'))}
        ${this.fact(t.term('dsAuthor'), this.person(h.author), missing.has('hospital-doctor'))}
        ${this.fact(t.term('dsPhone'), this.phones(h))}
        ${signer ? this.fact(t.term('dsSigner'), this.person(signer)) : nothing}
        ${this.fact(
          t.term('dsGeneralPractitioner'),
          this.person(h.generalPractitioner),
          missing.has('general-practitioner'),
        )}
        ${h.referringDoctor ? this.fact(t.term('dsReferringDoctor'), this.person(h.referringDoctor)) : nothing}
        ${this.fact(t.term('dsDocumentDate'), this.date(h.documentDate))}
        ${status ? this.fact(t.term('dsDocumentStatus'), status) : nothing}
      </dl>
      ${link && view.source !== 'pdf' ? this.renderOriginalLinks(link) : nothing}
    </header>`;
  }

  /**
   * The phones of the service that wrote the letter (the author's organisation, the facility):
   * `tel:` links when the number is one (see {@link telHref}), else the text as written.
   */
  private phones(h: DischargeLetterView['header']): TemplateResult | undefined {
    const phones = [
      ...new Set(
        [...(h.author?.organization?.phones ?? []), ...(h.facility?.phones ?? [])]
          .map((p) => p.trim())
          .filter(Boolean),
      ),
    ];
    if (!phones.length) return undefined;
    const t = this.localize;
    return html`${phones.map((phone, i) => {
      const href = telHref(phone);
      return html`${i > 0 ? t.term('dsSeparator') : nothing}${
        href
          ? html`<a class="link" part="phone" href=${href}>${phone}</a>`
          : html`<span part="phone">${phone}</span>`
      }`;
    })}`;
  }

  /** One fact of the header: its value, "not stated" when mandatory and absent, else nothing. */
  private fact(
    label: string,
    value: string | TemplateResult | undefined,
    mandatory = false,
  ): Maybe {
    if (value === undefined || value === '') {
      if (!mandatory) return nothing;
      return html`<div class="fact">
        <dt>${label}</dt>
        <dd>${this.renderAbsent()}</dd>
      </div>`;
    }
    return html`<div class="fact">
      <dt>${label}</dt>
      <dd>${value}</dd>
    </div>`;
  }

  private renderAbsent(): TemplateResult {
    return html`<span class="absent" part="absent">${this.localize.term('dsAbsent')}</span>`;
  }

  private renderPatient(view: DischargeLetterView): TemplateResult | undefined {
    const t = this.localize;
    const patient = view.header.patient;
    if (!patient) return undefined;
    const born = patient.birthDate ? formatLetterDate(t, patient.birthDate) : undefined;
    return html`<span class="patient-name">${patientName(t, patient.name)}</span>${
        born
          ? html`${t.term('dsSeparator')}<span>${t.term('dsBorn', born, patient.sex)}</span>`
          : nothing
      }${
        patient.ins
          ? html`<span class="small muted"
              >${t.term('dsDetailSeparator')}${t.term('dsIns', groupIns(patient.ins.value))}${
                patient.ins.test ? html` <span class="tag">${t.term('dsInsTest')}</span>` : nothing
              }</span
            >`
          : nothing
      }`;
  }

  private person(person: LetterProfessional | undefined): string | undefined {
    if (!person?.name) return person?.organization?.name;
    const t = this.localize;
    return t.term('dsPersonAt', professionalName(t, person.name), professionalDetail(t, person));
  }

  /** Text of the letter itself, marked with the letter's language (WCAG 3.1.2). */
  private inLetter(text: string): TemplateResult {
    return html`<span lang=${this.letterLang}>${text}</span>`;
  }

  /** A code's label: the interface's when it knows the code, else the letter's own (marked). */
  private codeText(code: LabelledCode): string | TemplateResult {
    const label = labelOf(this.localize, code);
    return code.display !== undefined && label === code.display ? this.inLetter(label) : label;
  }

  /** An admission or discharge mode: the letter's text (marked), else its code's label. */
  private mode(mode: LetterCodedText | undefined): string | TemplateResult | undefined {
    if (!mode) return undefined;
    const text = modeText(this.localize, mode);
    if (!text) return undefined;
    return mode.code && text === labelOf(this.localize, mode.code)
      ? this.codeText(mode.code)
      : this.inLetter(text);
  }

  private date(value: string | undefined): TemplateResult | undefined {
    if (!value) return undefined;
    return html`<time datetime=${this.datetime(value)}
      >${formatLetterDate(this.localize, value)}</time
    >`;
  }

  /** A `datetime` attribute value: the letter's date when ISO, else nothing. */
  private datetime(value: string | undefined): string | typeof nothing {
    return isIsoDate(value) ? value : nothing;
  }

  private renderOriginalLinks(link: OriginalLink): TemplateResult {
    const t = this.localize;
    return html`<p class="original" part="original-link">
      <a class="link" href=${link.href} target="_blank" rel="noopener noreferrer"
        >${t.term(link.format === 'PDF' ? 'dsOpenPdf' : 'dsOpenOriginal')}
        ${t.term('dsOriginalFormat', link.format)}<span class="visually-hidden">
          ${t.term('dsNewTab')}</span
        ></a
      >
      ${
        link.download
          ? html`<a class="link" href=${link.href} download=${link.download}
              >${t.term('dsDownloadOriginal')}
              <span class="visually-hidden">${t.term('dsOriginalFormat', link.format)}</span></a
            >`
          : nothing
      }
    </p>`;
  }

  private renderMissing(items: readonly MandatoryItem[]): Maybe {
    if (!items.length) return nothing;
    const t = this.localize;
    const list = t.list(items.map((item) => t.term('dsMissingItem', item)));
    return html`<div class="notice warning" part="missing">
      <p class="notice-title">${t.term('dsMissingTitle')}</p>
      <p>${t.term('dsMissingBody', list)}</p>
    </div>`;
  }

  private renderPdfNote(view: DischargeLetterView, link: OriginalLink | undefined): TemplateResult {
    const t = this.localize;
    const pages = view.pdf?.pageCount;
    return html`<div class="notice" part="pdf-note">
      <p class="notice-title">
        ${t.term('dsPdfTitle')}${pages ? html` <span class="small muted">(${t.term('dsPdfPages', pages)})</span>` : nothing}
      </p>
      <p>${t.term('dsPdfNote')}</p>
      ${
        link
          ? html`<p class="actions" part="original-link">
              <a class="button primary" href=${link.href} target="_blank" rel="noopener noreferrer"
                >${t.term('dsOpenPdf')}<span class="visually-hidden">
                  ${t.term('dsNewTab')}</span
                ></a
              >
              ${
                link.download
                  ? html`<a class="button" href=${link.href} download=${link.download}
                      >${t.term('dsDownloadOriginal')}<span class="visually-hidden">
                        ${t.term('dsOriginalFormat', 'PDF')}</span
                      ></a
                    >`
                  : nothing
              }
            </p>`
          : nothing
      }
    </div>`;
  }

  /** A block of the essentials, with its heading. */
  private block(id: string, heading: string, content: unknown, extraClass = ''): TemplateResult {
    return html`<section
      class="block ${extraClass}"
      part="block ${id}"
      aria-labelledby=${`h-${id}`}
    >
      <div role="heading" aria-level=${this.level(1)} id=${`h-${id}`} class="block-heading">
        ${heading}
      </div>
      ${content}
    </section>`;
  }

  private narrative(nodes: readonly NarrativeNode[]): unknown {
    const t = this.localize;
    return html`<div class="narrative" lang=${this.letterLang}>
      ${renderNarrative(nodes, {
        newTab: t.term('dsNewTab'),
        imageOmitted: t.term('dsImageOmitted'),
        lang: t.lang,
      })}
    </div>`;
  }

  /** The letter's own text of a structured block, collapsed (it may say more than the entries). */
  private asWritten(block: LetterBlock<unknown>): Maybe {
    if (!block.structured || !block.narrative.length) return nothing;
    return html`<details class="as-written" part="as-written">
      <summary>${this.localize.term('dsAsWritten')}</summary>
      ${this.narrative(block.narrative)}
    </details>`;
  }

  private renderReason(view: DischargeLetterView, missing: ReadonlySet<MandatoryItem>): Maybe {
    const reason = view.essentials.reason;
    const t = this.localize;
    if (!reason) {
      return missing.has('reason')
        ? this.block('reason', t.term('dsReason'), this.renderAbsent())
        : nothing;
    }
    const content = reason.narrative.length
      ? this.narrative(reason.narrative)
      : html`<p lang=${this.letterLang}>${reason.text}</p>`;
    return this.block('reason', t.term('dsReason'), content);
  }

  private renderTreatments(
    which: 'discharge' | 'stopped',
    block: LetterBlock<Treatment> | undefined,
    missing: ReadonlySet<MandatoryItem>,
  ): Maybe {
    const t = this.localize;
    const id = which === 'discharge' ? 'discharge-treatments' : 'stopped-treatments';
    const heading = t.term(which === 'discharge' ? 'dsDischargeTreatments' : 'dsStoppedTreatments');
    if (!block) return missing.has(id) ? this.block(id, heading, this.renderAbsent()) : nothing;
    if (!block.structured || !block.items.length) {
      return this.block(id, heading, this.narrative(block.narrative));
    }
    const stopped = which === 'stopped';
    const columns = [
      t.term('dsColMedication'),
      t.term('dsColDosage'),
      t.term('dsColPeriod'),
      ...(stopped ? [t.term('dsColStopReason')] : [t.term('dsColChange'), t.term('dsColNotes')]),
    ];
    // Explicit table roles: in a narrow container the rows become stacked cards (CSS display),
    // which would otherwise drop the table semantics in some browsers.
    const table = html`<div class="table-scroll">
      <table class="treatments" part="treatment-table" role="table">
        <caption class="visually-hidden">
          ${t.term('dsTreatmentCount', heading, block.items.length)}
        </caption>
        <thead role="rowgroup">
          <tr role="row">
            ${columns.map((column) => html`<th scope="col" role="columnheader">${column}</th>`)}
          </tr>
        </thead>
        <tbody role="rowgroup">
          ${block.items.map((item) => this.renderTreatment(item, stopped, columns))}
        </tbody>
      </table>
    </div>`;
    return this.block(id, heading, html`${table}${this.asWritten(block)}`);
  }

  private renderTreatment(item: Treatment, stopped: boolean, columns: string[]): TemplateResult {
    const t = this.localize;
    const dosage = [item.dose, item.frequency, item.route].filter((p): p is string => !!p?.trim());
    // The letter's own words (dosage text, or the narrative the entry points to), whenever there
    // are some: what the hospital wrote is never lost to the coded parts.
    const coded = dosage.length ? t.term('dsDosage', dosage) : '';
    const written =
      item.text?.trim() &&
      item.text.trim().toLocaleLowerCase('fr') !== coded.toLocaleLowerCase('fr')
        ? item.text.trim()
        : undefined;
    const period = [
      item.start ? t.term('dsStart', formatLetterDate(t, item.start)) : undefined,
      item.end ? t.term('dsEnd', formatLetterDate(t, item.end)) : undefined,
      item.duration ? t.term('dsDuration', item.duration) : undefined,
    ].filter((p): p is string => !!p);
    // The indication and the comment, each once: a note the other one already says (the
    // indication "fibrillation atriale" in the comment "Fibrillation atriale, CHA2DS2-VASc 5")
    // is not repeated.
    const given = [item.reason, item.comment].map((p) => p?.trim()).filter((p): p is string => !!p);
    const says = (whole: string, part: string) =>
      whole.toLocaleLowerCase('fr').includes(part.toLocaleLowerCase('fr'));
    const notes = given.filter(
      (p, i) => !given.some((o, j) => j !== i && says(o, p) && (o.length > p.length || j < i)),
    );
    const lines = (values: string[], lang?: string) =>
      values.map((line) => html`<span class="line" lang=${lang ?? nothing}>${line}</span>`);
    const [, dosageLabel, periodLabel, fourth, fifth] = columns;
    return html`<tr role="row">
      <th scope="row" role="rowheader" class="medication" lang=${this.letterLang}>${item.name}</th>
      <td role="cell" data-label=${dosageLabel ?? ''} lang=${this.letterLang}>
        ${coded}${
          written
            ? html` <span class=${coded ? 'line muted small' : 'line'} part="dosage-text"
                >${written}</span
              >`
            : nothing
        }
      </td>
      <td role="cell" data-label=${periodLabel ?? ''}>${lines(period)}</td>
      ${
        stopped
          ? html`<td role="cell" data-label=${fourth ?? ''}>
              ${
                item.reason
                  ? this.inLetter(item.reason)
                  : html`<span class="absent" part="absent">${t.term('dsNoStopReason')}</span>`
              }
              ${
                item.comment && item.comment !== item.reason
                  ? html`<span class="line muted small" lang=${this.letterLang}
                      >${item.comment}</span
                    >`
                  : nothing
              }
            </td>`
          : html`<td role="cell" data-label=${fourth ?? ''}>${this.badge(item.status)}</td>
              <td role="cell" data-label=${fifth ?? ''}>${lines(notes, this.letterLang)}</td>`
      }
    </tr>`;
  }

  private badge(status: Treatment['status']): TemplateResult {
    const t = this.localize;
    if (!status) return html`<span class="muted small">${t.term('dsStatusUnknown')}</span>`;
    return html`<span class="badge badge-${status}" part="badge badge-${status}"
      ><span class="badge-mark" aria-hidden="true"></span>${t.term('dsStatus', status)}</span
    >`;
  }

  private renderPending(
    block: LetterBlock<PendingResult> | undefined,
    missing: ReadonlySet<MandatoryItem>,
  ): Maybe {
    const t = this.localize;
    const heading = t.term('dsPendingResults');
    if (!block) {
      return missing.has('pending-results')
        ? this.block('pending-results', heading, this.renderAbsent())
        : nothing;
    }
    const items =
      block.structured && block.items.length
        ? html`<ul class="pending-list">
            ${block.items.map(
              (item) =>
                html`<li>
                  ${this.inLetter(item.text)}${
                    item.date
                      ? html` <span class="muted small"
                          >(<time datetime=${this.datetime(item.date)}
                            >${formatLetterDate(t, item.date)}</time
                          >)</span
                        >`
                      : nothing
                  }
                </li>`,
            )}
          </ul>`
        : this.narrative(block.narrative);
    const content = html`<div class="alert">
      <span class="alert-icon" aria-hidden="true">!</span>
      <div class="alert-body">
        ${block.items.length ? html`<p class="alert-lead">${t.term('dsPendingCount', block.items.length)}</p>` : nothing}
        ${items} ${this.asWritten(block)}
      </div>
    </div>`;
    return this.block('pending-results', heading, content, 'pending');
  }

  private renderFollowUp(
    block: LetterBlock<FollowUpItem> | undefined,
    missing: ReadonlySet<MandatoryItem>,
  ): Maybe {
    const t = this.localize;
    const heading = t.term('dsFollowUp');
    if (!block) {
      return missing.has('follow-up')
        ? this.block('follow-up', heading, this.renderAbsent())
        : nothing;
    }
    if (!block.structured || !block.items.length) {
      return this.block('follow-up', heading, this.narrative(block.narrative));
    }
    const list = html`<ul class="follow-up-list">
      ${block.items.map(
        (item) =>
          html`<li class="follow-up-item">
            <span class="kind">${t.term('dsFollowUpKind', item.kind)}</span>
            <span class="follow-up-text" lang=${this.letterLang}>${item.text}</span>
            ${
              item.date
                ? html`<time class="follow-up-date" datetime=${this.datetime(item.date)}
                    >${formatLetterDate(t, item.date, true)}</time
                  >`
                : nothing
            }
            ${
              item.priority
                ? html`<span class="priority small" lang=${this.letterLang}>${item.priority}</span>`
                : nothing
            }
          </li>`,
      )}
    </ul>`;
    return this.block('follow-up', heading, html`${list}${this.asWritten(block)}`);
  }

  private renderSections(view: DischargeLetterView, missing: ReadonlySet<MandatoryItem>): Maybe {
    const t = this.localize;
    const sections = [
      ...view.sections.filter((s) => s.kind === 'synthesis'),
      ...view.sections.filter((s) => s.kind !== 'synthesis'),
    ];
    const synthesisMissing =
      missing.has('synthesis') && !sections.some((s) => s.kind === 'synthesis');
    if (!sections.length && !synthesisMissing) return nothing;
    return html`<section class="block sections" part="sections" aria-labelledby="h-sections">
      <div role="heading" aria-level=${this.level(1)} id="h-sections" class="block-heading">
        ${t.term('dsMoreSections')}
      </div>
      ${
        synthesisMissing
          ? html`<dl class="facts">
              ${this.fact(t.term('dsSectionKind', 'synthesis'), undefined, true)}
            </dl>`
          : nothing
      }
      ${sections.map((section) => this.renderSection(section, view))}
    </section>`;
  }

  private renderSection(section: LetterSection, view: DischargeLetterView): TemplateResult {
    const t = this.localize;
    const own = section.title?.trim();
    const title = own
      ? this.inLetter(own)
      : view.source === 'pdf'
        ? t.term('dsPdfText')
        : t.term('dsSectionKind', section.kind);
    // Entries whose words are already in the narrative are not repeated (nor the modes, shown
    // in the header).
    const observations = section.observations.filter(
      (o) => !MODE_OBSERVATIONS.has(o.code.code) && (!o.text || !section.narrative.length),
    );
    return html`<details class="section" part="section">
      <summary>${title}</summary>
      <div class="section-body">
        ${section.narrative.length ? this.narrative(section.narrative) : nothing}
        ${
          observations.length
            ? html`<dl class="observations">
                ${observations.map((o) => this.renderObservation(o))}
              </dl>`
            : nothing
        }
        ${section.subsections.map((sub) => this.renderSection(sub, view))}
      </div>
    </details>`;
  }

  private renderObservation(observation: LetterObservation): Maybe {
    const t = this.localize;
    const own = observation.valueText ?? observation.text;
    const value =
      (observation.valueCode && this.codeText(observation.valueCode)) ??
      (observation.valueBoolean === undefined
        ? undefined
        : t.term(observation.valueBoolean ? 'dsYes' : 'dsNo')) ??
      (own ? this.inLetter(own) : undefined);
    if (!value) return nothing;
    return html`<div class="fact">
      <dt>${this.codeText(observation.code)}</dt>
      <dd>${value}</dd>
    </div>`;
  }

  private renderWarnings(view: DischargeLetterView): Maybe {
    const t = this.localize;
    const codes = [
      ...new Set(
        view.warnings
          .map((w) => w.code)
          .filter((code) => !(view.source === 'pdf' && code === 'unstructured')),
      ),
    ];
    if (!codes.length) return nothing;
    return html`<details class="warnings small" part="warnings">
      <summary>${t.term('dsWarnings', codes.length)}</summary>
      <ul>
        ${codes.map((code) => html`<li>${t.term('dsWarning', code)}</li>`)}
      </ul>
      ${view.header.model ? html`<p class="muted">${t.term('dsModel', view.header.model)}</p>` : nothing}
    </details>`;
  }

  private level(offset: number): string {
    const base = Number.isInteger(this.headingLevel) ? this.headingLevel : 2;
    return String(Math.min(Math.max(base, 1) + offset, 6));
  }
}
