/**
 * The view lives in the URL, so that a link opens any view:
 * `?user=<RPPS>&patient=<id or INS>&lang=fr|en[&tab=circle]`.
 */
import type { Lang } from './i18n.js';
import { toLang } from './i18n.js';

export type Tab = 'summary' | 'circle';

export interface UrlState {
  /** RPPS of the professional to act as. */
  user?: string;
  /** Patient id (`marie-durand`), `Patient/<id>`, or INS (15 digits, or `system|value`). */
  patient?: string;
  lang: Lang;
  tab: Tab;
}

/** Reads the state from a query string (unknown or missing values fall back to defaults). */
export function readUrlState(search: string): UrlState {
  const params = new URLSearchParams(search);
  const user = params.get('user')?.trim();
  const patient = params.get('patient')?.trim();
  return {
    ...(user ? { user } : {}),
    ...(patient ? { patient } : {}),
    lang: toLang(params.get('lang')),
    tab: params.get('tab') === 'circle' ? 'circle' : 'summary',
  };
}

/** The query string of a state (`?user=…&patient=…&lang=…`). */
export function toSearch(state: UrlState): string {
  const params = new URLSearchParams();
  if (state.user) params.set('user', state.user);
  if (state.patient) params.set('patient', state.patient);
  params.set('lang', state.lang);
  if (state.tab !== 'summary') params.set('tab', state.tab);
  return `?${params.toString()}`;
}

/** Replaces the current history entry's URL with the state (no navigation, no new entry). */
export function writeUrlState(state: UrlState): void {
  const search = toSearch(state);
  if (search !== location.search) history.replaceState(history.state, '', search);
}

/** An INS as written in the URL: 15 digits, or `system|value`. */
export function insOf(value: string): { system?: string; value: string } | undefined {
  if (/^\d{15}$/.test(value)) return { value };
  const bar = value.indexOf('|');
  if (bar > 0 && /^\d{15}$/.test(value.slice(bar + 1))) {
    return { system: value.slice(0, bar), value: value.slice(bar + 1) };
  }
  return undefined;
}

/** A patient id from `marie-durand` or `Patient/marie-durand`. */
export function patientIdOf(value: string): string {
  return value.replace(/^Patient\//, '');
}

/** What the page knows of a patient from the patient list (`/dev/patients`). */
export interface ListedPatient {
  id: string;
  ins: string | null;
  insSystem: string | null;
}

/**
 * Is `param` (a patient id or an INS, as in the URL) this patient? An INS given with its system
 * must have the patient's system too: the test and production OIDs are different identities.
 */
export function isPatient(param: string, patient: ListedPatient): boolean {
  const ins = insOf(param);
  if (!ins) return patientIdOf(param) === patient.id;
  return (
    ins.value === patient.ins && (ins.system === undefined || ins.system === patient.insSystem)
  );
}

/**
 * The patient as the Lien elements receive it: `Patient/<id>` when the URL names the patient by
 * id; by INS (`system|value`, as a host that only knows the INS would give it) when it names them
 * by INS, the system from the URL or else from the patient list; undefined when no system is known.
 */
export function elementPatientOf(param: string, patient: ListedPatient): string | undefined {
  const ins = insOf(param);
  if (!ins) return `Patient/${patient.id}`;
  const system = ins.system ?? patient.insSystem;
  return system ? `${system}|${ins.value}` : undefined;
}
