/**
 * The demo EHR's "dossier patient" page: a patient banner with <lien-declare-actor>, the care
 * circle in a sidebar (compact) and in a tab (full), and the place of <lien-discharge-summary>.
 * A demo bar switches the signed-in professional, the patient and the language; the URL follows.
 *
 * Plain DOM code (no innerHTML anywhere): the page runs under a strict CSP with Trusted Types.
 */
import '@lien/elements/define';
import type { AccessTokenGetter } from '@lien/client';
import { SYSTEMS } from '@lien/client/systems';
import { en, fr, groupIns } from '@lien/elements';
import type { LienCareCircle, LienDeclareActor, LienProvider } from '@lien/elements';
import type { DevPatient, DevUser, PatientDemographics } from './dev-api.js';
import { devTokenGetter, fetchPatient, fetchPatients, fetchUsers } from './dev-api.js';
import type { Dictionary, Lang } from './i18n.js';
import { DICTIONARIES, LANG_TAGS, LANGS, LOCALES } from './i18n.js';
import type { Tab, UrlState } from './url-state.js';
import { elementPatientOf, insOf, isPatient, readUrlState, writeUrlState } from './url-state.js';

/** First view without parameters: the seed's Marie DURAND seen by her médecin traitant. */
const DEFAULT_PATIENT_ID = 'marie-durand';
const DEFAULT_USER_RPPS = '10990000019';

/** Professions listed first in the switcher; the others follow by code. */
const PROFESSION_ORDER = ['10', '60', '21', '70', '50', '40'];

const SUMMARY_TAG = 'lien-discharge-summary';

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from index.html`);
  return element as T;
}

function create<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: { className?: string; text?: string } = {},
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (options.className) element.className = options.className;
  if (options.text !== undefined) element.textContent = options.text;
  return element;
}

const dom = {
  provider: byId<LienProvider>('provider'),
  userSelect: byId<HTMLSelectElement>('user-select'),
  patientSelect: byId<HTMLSelectElement>('patient-select'),
  langButtons: [...document.querySelectorAll<HTMLButtonElement>('.lang-button')],
  signedIn: byId('signed-in'),
  signedInName: byId('signed-in-name'),
  signedInDetail: byId('signed-in-detail'),
  notices: byId('notices'),
  patientName: byId('patient-name'),
  patientFacts: byId('patient-facts'),
  patientActions: byId('patient-actions'),
  sidebar: byId('sidebar'),
  tabs: [...document.querySelectorAll<HTMLButtonElement>('[role="tab"]')],
  summaryPanel: byId('panel-summary'),
  circlePanel: byId('panel-circle'),
};

// --- State ---------------------------------------------------------------------------------

interface Notice {
  id: string;
  kind: 'error' | 'info';
  text: (t: Dictionary) => string;
}

const initial = readUrlState(location.search);
const state = {
  lang: initial.lang as Lang,
  tab: initial.tab as Tab,
  users: [] as DevUser[],
  patients: [] as DevPatient[],
  user: undefined as DevUser | undefined,
  patient: undefined as DevPatient | undefined,
  /** The patient as written in the URL (id or INS), kept when only the user or language change. */
  patientParam: undefined as string | undefined,
  demographics: undefined as PatientDemographics | undefined,
  getToken: undefined as AccessTokenGetter | undefined,
  notices: [] as Notice[],
};

const t = (): Dictionary => DICTIONARIES[state.lang];

function urlState(): UrlState {
  return {
    ...(state.user ? { user: state.user.rpps } : {}),
    ...(state.patientParam ? { patient: state.patientParam } : {}),
    lang: state.lang,
    tab: state.tab,
  };
}

// --- Notices -------------------------------------------------------------------------------

function showNotice(notice: Notice): void {
  state.notices = [...state.notices.filter((n) => n.id !== notice.id), notice];
  renderNotices();
}

function clearNotice(id: string): void {
  if (!state.notices.some((n) => n.id === id)) return;
  state.notices = state.notices.filter((n) => n.id !== id);
  renderNotices();
}

function renderNotices(): void {
  dom.notices.replaceChildren(
    ...state.notices.map((notice) => {
      const p = create('p', { className: `notice notice-${notice.kind}`, text: notice.text(t()) });
      p.setAttribute('role', notice.kind === 'error' ? 'alert' : 'status');
      return p;
    }),
  );
}

// --- Formatting ----------------------------------------------------------------------------

function locale(): string {
  return LOCALES[state.lang];
}

function formatDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  if (!y || !m || !d) return iso;
  return new Intl.DateTimeFormat(locale(), {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(y, m - 1, d)));
}

function ageOn(birthDate: string, today: Date): number | undefined {
  const [y, m, d] = birthDate.split('-').map(Number);
  if (!y || !m || !d) return undefined;
  let age = today.getFullYear() - y;
  if (today.getMonth() + 1 < m || (today.getMonth() + 1 === m && today.getDate() < d)) age -= 1;
  return age;
}

/** A TRE_G15 profession in the page language, from the elements' own tables (one source). */
function professionLabel(code: string, display: string): string {
  const table = state.lang === 'en' ? en : fr;
  return table.$codes[SYSTEMS.profession]?.[code] ?? display;
}

// --- Language ------------------------------------------------------------------------------

function applyLanguage(): void {
  const dict = t() as unknown as Record<string, unknown>;
  document.documentElement.lang = LANG_TAGS[state.lang];
  for (const element of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const value = dict[element.dataset.i18n ?? ''];
    if (typeof value === 'string') element.textContent = value;
  }
  for (const element of document.querySelectorAll<HTMLElement>('[data-i18n-label]')) {
    const value = dict[element.dataset.i18nLabel ?? ''];
    if (typeof value === 'string') element.setAttribute('aria-label', value);
  }
  for (const button of dom.langButtons) {
    button.setAttribute('aria-pressed', String(button.dataset.lang === state.lang));
  }
  renderUserOptions();
  renderPatientOptions();
  renderSignedIn();
  renderBanner();
  renderSummary();
  renderNotices();
}

// --- Demo bar ------------------------------------------------------------------------------

function professionRank(code: string): number {
  const index = PROFESSION_ORDER.indexOf(code);
  return index === -1 ? PROFESSION_ORDER.length + Number(code) : index;
}

function renderUserOptions(): void {
  const groups = new Map<string, DevUser[]>();
  for (const user of state.users) {
    const list = groups.get(user.profession.code) ?? [];
    list.push(user);
    groups.set(user.profession.code, list);
  }
  // Within a profession, the server's order (by family name) is kept.
  const ordered = [...groups.entries()].sort(([a], [b]) => professionRank(a) - professionRank(b));
  dom.userSelect.replaceChildren(
    ...ordered.map(([code, users]) => {
      const group = create('optgroup');
      group.label = professionLabel(code, users[0]?.profession.display ?? code);
      group.append(
        ...users.map((user) => {
          const text = user.organization ? `${user.name} — ${user.organization}` : user.name;
          const option = create('option', { text });
          option.value = user.rpps;
          option.selected = user.rpps === state.user?.rpps;
          return option;
        }),
      );
      return group;
    }),
  );
  dom.userSelect.disabled = state.users.length === 0;
}

function renderPatientOptions(): void {
  const dict = t();
  dom.patientSelect.replaceChildren(
    ...state.patients.map((patient) => {
      const ins = patient.ins ? groupIns(patient.ins) : dict.noIns;
      const option = create('option', {
        text: dict.patientOption(patient.name, ins, patient.careCircleSize),
      });
      option.value = patient.id;
      option.selected = patient.id === state.patient?.id;
      return option;
    }),
  );
  dom.patientSelect.disabled = state.patients.length === 0;
}

function renderSignedIn(): void {
  const user = state.user;
  dom.signedIn.hidden = !user;
  if (!user) return;
  dom.signedInName.textContent = user.name;
  dom.signedInDetail.textContent = [
    professionLabel(user.profession.code, user.profession.display),
    user.organization,
  ]
    .filter(Boolean)
    .join(' · ');
}

// --- Patient banner ------------------------------------------------------------------------

function renderBanner(): void {
  const dict = t();
  const patient = state.patient;
  const demo = state.demographics?.id === patient?.id ? state.demographics : undefined;
  if (!patient) {
    dom.patientName.textContent = state.patients.length ? dict.loading : '';
    dom.patientFacts.replaceChildren();
    return;
  }
  const name = demo
    ? [demo.family, ...demo.given].filter(Boolean).join(' ')
    : patient.name.split(' ').reverse().join(' ');
  dom.patientName.textContent = name;
  document.title = dict.documentTitle(name);

  const facts: [string, Node[]][] = [];
  if (demo?.birthDate) {
    const age = ageOn(demo.birthDate, new Date());
    const time = create('time', { text: formatDate(demo.birthDate) });
    time.dateTime = demo.birthDate;
    facts.push([
      dict.born(demo.gender),
      [time, document.createTextNode(age === undefined ? '' : ` (${dict.age(age)})`)],
    ]);
  }
  if (demo) facts.push([dict.sex, [document.createTextNode(dict.sexValue(demo.gender))]]);
  const ins = demo?.ins?.value ?? patient.ins;
  if (ins) {
    const value: Node[] = [create('span', { className: 'ins', text: groupIns(ins) })];
    const status = demo?.identityStatus ? dict.identityStatus(demo.identityStatus) : '';
    if (status) value.push(create('span', { className: 'identity-status', text: status }));
    facts.push([dict.ins, value]);
  }
  dom.patientFacts.replaceChildren(
    ...facts.map(([term, value]) => {
      const wrapper = create('div', { className: 'fact' });
      const description = create('dd');
      description.append(...value);
      wrapper.append(create('dt', { text: term }), description);
      return wrapper;
    }),
  );
}

// --- Lien elements -------------------------------------------------------------------------

const declare = document.createElement('lien-declare-actor') as LienDeclareActor;
const compactCircle = document.createElement('lien-care-circle') as LienCareCircle;
compactCircle.variant = 'compact';
compactCircle.headingLevel = 2;
compactCircle.density = 'compact';
let fullCircle: LienCareCircle | undefined;
let summary: HTMLElement | undefined;
/** The patient as the Lien elements receive it: `Patient/<id>` or an INS `system|value`. */
let elementPatient: string | undefined;

function setElementPatient(reference: string): void {
  elementPatient = reference;
  for (const element of [declare, compactCircle, fullCircle, summary]) {
    element?.setAttribute('patient', reference);
  }
  // Placed once they know their patient: no flash of a patient-less state.
  if (!declare.isConnected) dom.patientActions.replaceChildren(declare);
  if (!compactCircle.isConnected) dom.sidebar.replaceChildren(compactCircle);
  renderSummary();
}

/**
 * The Synthèse tab: <lien-discharge-summary> once it is defined (also when defined later) and
 * the patient is known, given the patient as the care circle is; a placeholder while undefined.
 */
function renderSummary(): void {
  const defined = customElements.get(SUMMARY_TAG) !== undefined;
  if (defined) {
    if (!summary) {
      summary = document.createElement(SUMMARY_TAG);
      summary.setAttribute('heading-level', '2');
    }
    // Placed once it knows its patient, like the other elements: without one it would show its
    // loading skeleton, for good if the patient never comes (demo server down).
    if (elementPatient && !summary.isConnected) {
      summary.setAttribute('patient', elementPatient);
      dom.summaryPanel.replaceChildren(summary);
    }
    return;
  }
  const dict = t();
  const heading = create('h2', { className: 'panel-heading', text: dict.summaryHeading });
  const placeholder = create('div', { className: 'placeholder' });
  placeholder.append(
    create('p', { text: dict.summaryPlaceholder }),
    create('p', { className: 'muted', text: dict.summaryUnavailable }),
  );
  dom.summaryPanel.replaceChildren(heading, placeholder);
}

function ensureFullCircle(): void {
  if (fullCircle) return;
  fullCircle = document.createElement('lien-care-circle') as LienCareCircle;
  fullCircle.variant = 'full';
  fullCircle.headingLevel = 2;
  if (elementPatient) fullCircle.setAttribute('patient', elementPatient);
  dom.circlePanel.replaceChildren(fullCircle);
}

// --- Tabs ----------------------------------------------------------------------------------

function selectTab(tab: Tab, focus = false): void {
  state.tab = tab;
  if (tab === 'circle') ensureFullCircle();
  for (const button of dom.tabs) {
    const selected = button.dataset.tab === tab;
    button.setAttribute('aria-selected', String(selected));
    button.tabIndex = selected ? 0 : -1;
    if (selected && focus) button.focus();
  }
  dom.summaryPanel.hidden = tab !== 'summary';
  dom.circlePanel.hidden = tab !== 'circle';
}

for (const button of dom.tabs) {
  button.addEventListener('click', () => {
    selectTab(button.dataset.tab as Tab);
    writeUrlState(urlState());
  });
  button.addEventListener('keydown', (event) => {
    const index = dom.tabs.indexOf(button);
    const last = dom.tabs.length - 1;
    const next =
      event.key === 'ArrowRight'
        ? (index + 1) % dom.tabs.length
        : event.key === 'ArrowLeft'
          ? (index + last) % dom.tabs.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : -1;
    const target = dom.tabs[next];
    if (!target) return;
    event.preventDefault();
    selectTab(target.dataset.tab as Tab, true);
    writeUrlState(urlState());
  });
}

// --- Switching -----------------------------------------------------------------------------

function switchUser(user: DevUser): void {
  state.user = user;
  const getToken = devTokenGetter(user.rpps);
  state.getToken = getToken;
  clearNotice('token');
  // Sign in now, so that a failure shows here rather than in every element.
  Promise.resolve(getToken()).catch(() => {
    if (state.getToken === getToken) {
      showNotice({ id: 'token', kind: 'error', text: (d) => d.tokenError });
    }
  });
  dom.provider.baseUrl = new URL('/fhir', location.href).href;
  dom.provider.getAccessToken = getToken;
  renderSignedIn();
  renderUserOptions();
}

let patientLoad: AbortController | undefined;

function switchPatient(patient: DevPatient, param: string): void {
  state.patient = patient;
  state.patientParam = param;
  patientLoad?.abort();
  const load = new AbortController();
  patientLoad = load;
  renderPatientOptions();
  renderBanner();

  const ins = insOf(param);
  // By id, or by INS with its system (from the URL or the patient list): known at once.
  const known = elementPatientOf(param, patient);
  if (known) setElementPatient(known);
  const getToken = state.getToken;
  const loaded = getToken
    ? fetchPatient(patient.id, getToken, load.signal)
    : Promise.reject(new Error('not signed in'));
  loaded
    .then((demographics) => {
      if (load.signal.aborted) return;
      state.demographics = demographics;
      renderBanner();
      // An INS whose system the list did not give: the Patient resource's.
      if (ins && !known) {
        setElementPatient(`${demographics.ins?.system ?? SYSTEMS.insNir}|${ins.value}`);
      }
    })
    .catch(() => {
      if (load.signal.aborted) return;
      // The banner keeps what the patient list says; the elements still get the patient.
      if (ins && !known) setElementPatient(`Patient/${patient.id}`);
    });
}

function findPatient(param: string): DevPatient | undefined {
  return state.patients.find((p) => isPatient(param, p));
}

dom.userSelect.addEventListener('change', () => {
  const user = state.users.find((u) => u.rpps === dom.userSelect.value);
  if (!user) return;
  clearNotice('user');
  switchUser(user);
  writeUrlState(urlState());
});

dom.patientSelect.addEventListener('change', () => {
  const patient = state.patients.find((p) => p.id === dom.patientSelect.value);
  if (!patient) return;
  clearNotice('patient');
  switchPatient(patient, patient.id);
  writeUrlState(urlState());
});

for (const button of dom.langButtons) {
  button.addEventListener('click', () => {
    const lang = LANGS.find((l) => l === button.dataset.lang);
    if (!lang || lang === state.lang) return;
    state.lang = lang;
    applyLanguage();
    writeUrlState(urlState());
  });
}

// --- Start ---------------------------------------------------------------------------------

async function start(): Promise<void> {
  applyLanguage();
  selectTab(state.tab);
  void customElements.whenDefined(SUMMARY_TAG).then(renderSummary);

  let users: DevUser[];
  let patients: DevPatient[];
  try {
    [users, patients] = await Promise.all([fetchUsers(), fetchPatients()]);
  } catch {
    showNotice({ id: 'dev', kind: 'error', text: (d) => d.devUnavailable });
    dom.patientName.textContent = '';
    return;
  }
  state.users = users;
  state.patients = patients;

  const requestedUser = initial.user ? users.find((u) => u.rpps === initial.user) : undefined;
  if (initial.user && !requestedUser) {
    const value = initial.user;
    showNotice({ id: 'user', kind: 'info', text: (d) => d.userNotFound(value) });
  }
  const user =
    requestedUser ??
    users.find((u) => u.rpps === DEFAULT_USER_RPPS) ??
    users.find((u) => u.profession.code === '10') ??
    users[0];
  if (user) switchUser(user);
  else renderUserOptions();

  const requestedPatient = initial.patient ? findPatient(initial.patient) : undefined;
  if (initial.patient && !requestedPatient) {
    const value = initial.patient;
    showNotice({ id: 'patient', kind: 'info', text: (d) => d.patientNotFound(value) });
  }
  const patient =
    requestedPatient ?? patients.find((p) => p.id === DEFAULT_PATIENT_ID) ?? patients[0];
  if (!patient) {
    showNotice({ id: 'patients', kind: 'error', text: (d) => d.noPatients });
    renderBanner();
    return;
  }
  switchPatient(patient, (requestedPatient && initial.patient) || patient.id);
  writeUrlState(urlState());
}

void start();
