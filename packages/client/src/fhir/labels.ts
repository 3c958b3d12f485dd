import type { LabelledCode } from '../model.js';
import { SYSTEMS } from './systems.js';

type Labels = Record<string, readonly [fr: string, en: string]>;

/** TRE_G15 professions the client labels itself (others fall back to the coding's display). */
const PROFESSIONS: Labels = {
  '10': ['Médecin', 'Physician'],
  '21': ['Pharmacien', 'Pharmacist'],
  '26': ['Audioprothésiste', 'Hearing aid specialist'],
  '28': ['Opticien-lunetier', 'Optician'],
  '40': ['Chirurgien-dentiste', 'Dentist'],
  '50': ['Sage-femme', 'Midwife'],
  '60': ['Infirmier', 'Nurse'],
  '70': ['Masseur-kinésithérapeute', 'Physiotherapist'],
  '80': ['Pédicure-podologue', 'Podiatrist'],
  '91': ['Orthophoniste', 'Speech therapist'],
  '92': ['Orthoptiste', 'Orthoptist'],
  '94': ['Ergothérapeute', 'Occupational therapist'],
  '95': ['Diététicien', 'Dietitian'],
  '96': ['Psychomotricien', 'Psychomotor therapist'],
};

/** TRE_R38 specialties the client labels itself. */
const SPECIALTIES: Labels = {
  SM02: ['Anesthésie-réanimation', 'Anaesthesiology and intensive care'],
  SM04: ['Cardiologie et maladies vasculaires', 'Cardiology'],
  SM05: ['Chirurgie générale', 'General surgery'],
  SM15: ['Dermatologie et vénéréologie', 'Dermatology'],
  SM16: ['Endocrinologie et métabolisme', 'Endocrinology'],
  SM19: ['Gynécologie médicale', 'Gynaecology'],
  SM20: ['Gynécologie-obstétrique', 'Obstetrics and gynaecology'],
  SM22: ['Hépato-gastro-entérologie', 'Gastroenterology and hepatology'],
  SM24: ['Médecine du travail', 'Occupational medicine'],
  SM26: ['Médecine générale', 'General practice'],
  SM27: ['Médecine interne', 'Internal medicine'],
  SM28: ['Médecine nucléaire', 'Nuclear medicine'],
  SM29: ['Médecine physique et de réadaptation', 'Physical and rehabilitation medicine'],
  SM30: ['Néphrologie', 'Nephrology'],
  SM32: ['Neurologie', 'Neurology'],
  SM38: ['Oncologie médicale', 'Medical oncology'],
  SM40: ['Pédiatrie', 'Paediatrics'],
  SM41: ['Pneumologie', 'Pulmonology'],
  SM42: ['Psychiatrie', 'Psychiatry'],
  SM44: ['Radiodiagnostic et imagerie médicale', 'Radiology'],
  SM46: ['Rhumatologie', 'Rheumatology'],
  SM53: ['Gériatrie', 'Geriatrics'],
  SM54: ['Médecine d’urgence', 'Emergency medicine'],
};

/** HL7 v3 RoleCode values used as care-circle roles (professional and family). */
const ROLES: Labels = {
  PCP: ['Médecin traitant', 'General practitioner of record'],
  DAU: ['Fille', 'Daughter'],
  SON: ['Fils', 'Son'],
  CHILD: ['Enfant', 'Child'],
  MTH: ['Mère', 'Mother'],
  FTH: ['Père', 'Father'],
  PRN: ['Parent', 'Parent'],
  SPS: ['Conjoint', 'Spouse'],
  WIFE: ['Épouse', 'Wife'],
  HUSB: ['Époux', 'Husband'],
  SIS: ['Sœur', 'Sister'],
  BRO: ['Frère', 'Brother'],
  SIB: ['Frère ou sœur', 'Sibling'],
  FRND: ['Ami', 'Friend'],
  NBOR: ['Voisin', 'Neighbour'],
};

const TABLES: Record<string, Labels> = {
  [SYSTEMS.profession]: PROFESSIONS,
  [SYSTEMS.specialty]: SPECIALTIES,
  [SYSTEMS.roleCode]: ROLES,
};

/** A coding as found in FHIR resources. */
export interface CodingLike {
  system?: string;
  code?: string;
  display?: string;
}

/**
 * Labels a coding in French and English: from the client's tables for the nomenclatures it knows,
 * else from the coding's `display`, else the code itself. `undefined` without a code.
 */
export function labelCoding(coding: CodingLike | undefined): LabelledCode | undefined {
  if (!coding?.code) return undefined;
  const system = coding.system ?? '';
  const known = TABLES[system]?.[coding.code];
  const fr = known?.[0] ?? coding.display ?? coding.code;
  return { code: coding.code, system, fr, en: known?.[1] ?? fr };
}

/** The first coding of the given system in a list of CodeableConcepts, labelled. */
export function labelFirst(
  concepts: readonly { coding?: readonly CodingLike[] }[] | undefined,
  system: string,
): LabelledCode | undefined {
  for (const concept of concepts ?? []) {
    const coding = concept.coding?.find((c) => c.system === system);
    if (coding) return labelCoding(coding);
  }
  return undefined;
}
