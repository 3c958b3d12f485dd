/**
 * The page's own words, in French and English, for each framework example (they differ only by the
 * framework's name). The Lien elements translate themselves: they follow the nearest `lang`, here
 * the one the page sets on `<html>`.
 */
import { SYSTEMS } from '@lien/client/systems';
import { en, fr } from '@lien/elements';

export type Lang = 'fr' | 'en';

/** The framework of an example, as its page names it. */
export type Framework = 'React' | 'Vue';

export const LANGS: readonly Lang[] = ['fr', 'en'];

/** `lang` of `<html>`: British English, so that the elements write dates as "22 May 2025". */
export const LANG_TAGS: Record<Lang, string> = { fr: 'fr', en: 'en-GB' };

/** Each language's name in that language, as the switch shows it. */
export const LANGUAGE_NAMES: Record<Lang, string> = { fr: 'Français', en: 'English' };

export interface Dictionary {
  appTagline: string;
  demoNotice: string;
  skipLink: string;
  toolbarLabel: string;
  userLabel: string;
  patientLabel: string;
  languageLabel: string;
  loading: string;
  devUnavailable: string;
  ins: string;
  noIns: string;
  patientOption: (name: string, ins: string) => string;
  lettersLabel: string;
  coordinationLabel: string;
  declared: (patient: string) => string;
  withdrawn: (patient: string) => string;
  contact: (address: string) => string;
  footer: string;
  documentTitle: (patient: string) => string;
}

const frDictionary = (framework: Framework): Dictionary => ({
  appTagline: `Exemple ${framework} — dossier patient`,
  demoNotice: 'Logiciel de démonstration — données fictives',
  skipLink: 'Aller au contenu principal',
  toolbarLabel: 'Contexte de l’exemple',
  userLabel: 'Professionnel connecté',
  patientLabel: 'Patient',
  languageLabel: 'Langue',
  loading: 'Chargement…',
  devUnavailable:
    'Le serveur de démonstration ne répond pas. Lancez-le avec l’authentification de développement (pnpm start).',
  ins: 'INS',
  noIns: 'sans INS',
  patientOption: (name, ins) => `${name} — INS ${ins}`,
  lettersLabel: 'Courriers de sortie',
  coordinationLabel: 'Coordination ville–hôpital',
  declared: (patient) =>
    `Déclaration enregistrée : vous faites partie du cercle de soins de ${patient}.`,
  withdrawn: (patient) =>
    `Retrait enregistré : vous ne faites plus partie du cercle de soins de ${patient}.`,
  contact: (address) =>
    `Message sécurisé à ${address} : la messagerie MSSanté de votre logiciel s’ouvrirait ici.`,
  footer: `MédiDémo est un logiciel fictif qui montre les composants Lien dans une page ${framework}. Toutes les personnes et données affichées sont fictives.`,
  documentTitle: (patient) => `${patient} — MédiDémo (${framework})`,
});

const enDictionary = (framework: Framework): Dictionary => ({
  appTagline: `${framework} example — patient record`,
  demoNotice: 'Demonstration software — fictitious data',
  skipLink: 'Skip to main content',
  toolbarLabel: 'Example context',
  userLabel: 'Signed-in professional',
  patientLabel: 'Patient',
  languageLabel: 'Language',
  loading: 'Loading…',
  devUnavailable:
    'The demonstration server does not answer. Start it with development authentication (pnpm start).',
  ins: 'INS',
  noIns: 'no INS',
  patientOption: (name, ins) => `${name} — INS ${ins}`,
  lettersLabel: 'Discharge letters',
  coordinationLabel: 'Hospital–community coordination',
  declared: (patient) => `Declaration recorded: you are now in ${patient}’s care circle.`,
  withdrawn: (patient) => `Withdrawal recorded: you are no longer in ${patient}’s care circle.`,
  contact: (address) =>
    `Secure message to ${address}: your software’s MSSanté messaging would open here.`,
  footer: `MédiDémo is a fictitious piece of software showing the Lien elements in a ${framework} page. Every person and every piece of data shown is fictitious.`,
  documentTitle: (patient) => `${patient} — MédiDémo (${framework})`,
});

/** The page's texts in each language, for the example written with `framework`. */
export function pageTexts(framework: Framework): Record<Lang, Dictionary> {
  return { fr: frDictionary(framework), en: enDictionary(framework) };
}

/** `fr` or `en` from any tag (`en-GB` → `en`); French otherwise. */
export function toLang(value: string | null | undefined): Lang {
  return value?.toLowerCase().split('-')[0] === 'en' ? 'en' : 'fr';
}

/** A profession (TRE_G15 code) in the page's language, from the elements' own tables. */
export function professionLabel(lang: Lang, code: string, display: string): string {
  return (lang === 'en' ? en : fr).$codes[SYSTEMS.profession]?.[code] ?? display;
}
