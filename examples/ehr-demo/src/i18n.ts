/**
 * The page's own words, in French and English. The Lien elements translate themselves (they
 * follow the nearest `lang`); this dictionary covers only the demo EHR around them.
 */

export type Lang = 'fr' | 'en';

export const LANGS: readonly Lang[] = ['fr', 'en'];

/**
 * The `lang` the page puts on `<html>`, which the Lien elements follow for their words and their
 * `Intl` formats: English is British English, so that the elements write dates as the page does
 * ("12 March 1951", not "March 12, 1951").
 */
export const LANG_TAGS: Record<Lang, string> = { fr: 'fr', en: 'en-GB' };

/** The `Intl` locale of the page's own dates. */
export const LOCALES: Record<Lang, string> = { fr: 'fr-FR', en: 'en-GB' };

/** Native name of each language, shown on the switch in its own language. */
export const LANGUAGE_NAMES: Record<Lang, string> = { fr: 'Français', en: 'English' };

/** Every text of the page: plain strings, or functions for texts with values. */
export interface Dictionary {
  appName: string;
  appTagline: string;
  demoNotice: string;
  skipLink: string;
  toolbarLabel: string;
  userLabel: string;
  patientLabel: string;
  languageLabel: string;
  patientOption: (name: string, ins: string, size: number) => string;
  noIns: string;
  bannerLabel: string;
  born: (gender: string | undefined) => string;
  age: (years: number) => string;
  sex: string;
  sexValue: (gender: string | undefined) => string;
  ins: string;
  identityStatus: (code: string) => string;
  coordinationLabel: string;
  recordTabs: string;
  tabSummary: string;
  tabCareCircle: string;
  summaryHeading: string;
  summaryPlaceholder: string;
  summaryUnavailable: string;
  loading: string;
  signedInAs: string;
  devUnavailable: string;
  tokenError: string;
  patientNotFound: (value: string) => string;
  userNotFound: (value: string) => string;
  noPatients: string;
  footer: string;
  documentTitle: (patient: string) => string;
}

const fr: Dictionary = {
  appName: 'MédiDémo',
  appTagline: 'Dossier patient informatisé',
  demoNotice: 'Logiciel de démonstration — données fictives',
  skipLink: 'Aller au contenu principal',
  toolbarLabel: 'Contexte de la démonstration',
  userLabel: 'Professionnel connecté',
  patientLabel: 'Patient',
  languageLabel: 'Langue',
  patientOption: (name, ins, size) =>
    `${name} — INS ${ins} — cercle de soins : ${size} professionnel${size > 1 ? 's' : ''}`,
  noIns: 'sans INS',
  bannerLabel: 'Identité du patient',
  born: (gender) => (gender === 'female' ? 'Née le' : 'Né le'),
  age: (years) => `${years} an${years > 1 ? 's' : ''}`,
  sex: 'Sexe',
  sexValue: (gender) => (gender === 'female' ? 'F' : gender === 'male' ? 'M' : 'Inconnu'),
  ins: 'INS',
  identityStatus: (code) =>
    code === 'QUAL' ? 'Identité qualifiée' : code === 'VALI' ? 'Identité validée' : '',
  coordinationLabel: 'Coordination ville–hôpital',
  recordTabs: 'Dossier du patient',
  tabSummary: 'Synthèse',
  tabCareCircle: 'Cercle de soins',
  summaryHeading: 'Lettres de liaison de sortie',
  summaryPlaceholder:
    'Le résumé des lettres de liaison de sortie (traitements de sortie, résultats en attente, suites à donner) s’affichera ici avec le composant lien-discharge-summary.',
  summaryUnavailable: 'Composant non disponible dans cette version.',
  loading: 'Chargement…',
  signedInAs: 'Connecté :',
  devUnavailable:
    'Le serveur de démonstration ne répond pas. Lancez-le avec l’authentification de développement (pnpm start).',
  tokenError: 'Connexion impossible pour ce professionnel. Réessayez ou choisissez-en un autre.',
  patientNotFound: (value) =>
    `Patient introuvable (« ${value} ») : le premier patient de la liste est affiché.`,
  userNotFound: (value) =>
    `Professionnel introuvable (RPPS « ${value} ») : un professionnel par défaut est connecté.`,
  noPatients: 'Aucun patient dans la base de démonstration (lancez le serveur avec --seed demo).',
  footer:
    'MédiDémo est un logiciel fictif qui montre les composants Lien intégrés à un dossier patient. Toutes les personnes et données affichées sont fictives.',
  documentTitle: (patient) => `${patient} — MédiDémo`,
};

const en: Dictionary = {
  appName: 'MédiDémo',
  appTagline: 'Electronic health record',
  demoNotice: 'Demonstration software — fictitious data',
  skipLink: 'Skip to main content',
  toolbarLabel: 'Demonstration context',
  userLabel: 'Signed-in professional',
  patientLabel: 'Patient',
  languageLabel: 'Language',
  patientOption: (name, ins, size) =>
    `${name} — INS ${ins} — care circle: ${size} professional${size === 1 ? '' : 's'}`,
  noIns: 'no INS',
  bannerLabel: 'Patient identity',
  born: () => 'Born',
  age: (years) => `${years} year${years === 1 ? '' : 's'} old`,
  sex: 'Sex',
  sexValue: (gender) => (gender === 'female' ? 'F' : gender === 'male' ? 'M' : 'Unknown'),
  ins: 'INS',
  identityStatus: (code) =>
    code === 'QUAL' ? 'Qualified identity' : code === 'VALI' ? 'Validated identity' : '',
  coordinationLabel: 'Hospital–community coordination',
  recordTabs: 'Patient record',
  tabSummary: 'Summary',
  tabCareCircle: 'Care circle',
  summaryHeading: 'Discharge letters',
  summaryPlaceholder:
    'The summary of discharge letters (treatments at discharge, pending results, follow-up) will appear here with the lien-discharge-summary element.',
  summaryUnavailable: 'Element not available in this version.',
  loading: 'Loading…',
  signedInAs: 'Signed in:',
  devUnavailable:
    'The demonstration server does not answer. Start it with development authentication (pnpm start).',
  tokenError: 'Cannot sign in as this professional. Try again or choose another one.',
  patientNotFound: (value) => `Patient not found (“${value}”): the first patient is shown.`,
  userNotFound: (value) =>
    `Professional not found (RPPS “${value}”): a default professional is signed in.`,
  noPatients: 'No patient in the demonstration database (start the server with --seed demo).',
  footer:
    'MédiDémo is a fictitious piece of software showing the Lien elements inside a patient record. Every person and every piece of data shown is fictitious.',
  documentTitle: (patient) => `${patient} — MédiDémo`,
};

export const DICTIONARIES: Record<Lang, Dictionary> = { fr, en };

/** `fr` or `en` from any tag (`en-GB` → `en`); French otherwise. */
export function toLang(value: string | null | undefined): Lang {
  const base = value?.toLowerCase().split('-')[0];
  return base === 'en' ? 'en' : 'fr';
}
