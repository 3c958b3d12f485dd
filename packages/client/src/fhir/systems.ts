import {
  INS_NIR,
  INS_NIR_TEST,
  RPPS,
  IDNPS,
  FINESS,
  PROFESSION,
  SPECIALTY,
  ORGANIZATION_KIND,
  EMAIL_TYPE_EXTENSION,
  EMAIL_TYPE,
  MAILBOX_METADATA_EXTENSION,
  ROLE_CODE,
  ACT_REASON,
  ACCESS_REMEDY,
  LOINC,
  DICOM,
  RESTFUL_INTERACTION,
  COMPOSITION_STATUS,
} from './urls.js';

/**
 * Every code system, identifier system and extension URL that Lien relies on, in one place.
 * See docs/conventions.md. The server imports these too: never retype a URL.
 */
export const SYSTEMS = {
  /** INS-NIR, the French national health identifier (production OID). */
  insNir: INS_NIR,
  /** INS-NIR test OID, used by the ANS examples and the demo seed. */
  insNirTest: INS_NIR_TEST,
  /** RPPS number of a health professional (11 digits). */
  rpps: RPPS,
  /** IDNPS: national id of a professional (`8` + RPPS), Pro Santé Connect `SubjectNameID`. */
  idnps: IDNPS,
  /** FINESS number of a health facility. */
  finess: FINESS,
  /** TRE_G15: professions (10 Médecin, 21 Pharmacien, 60 Infirmier…). */
  profession: PROFESSION,
  /** TRE_R38: specialties (SM26 Médecine générale…). */
  specialty: SPECIALTY,
  /** Hospital or community organisation (Lien's own code system: `hospital`, `community`). */
  organizationKind: ORGANIZATION_KIND,
  /** FR Core extension typing an email ContactPoint (MSSANTE…). */
  emailTypeExtension: EMAIL_TYPE_EXTENSION,
  /** FR Core code system of email types. */
  emailType: EMAIL_TYPE,
  /** Annuaire Santé MSSanté mailbox metadata extension (sub-extension `listeRouge`). */
  mailboxMetadataExtension: MAILBOX_METADATA_EXTENSION,
  /** HL7 v3 RoleCode (PCP = médecin traitant). */
  roleCode: ROLE_CODE,
  /** HL7 v3 ActReason (BTG = break the glass). */
  actReason: ACT_REASON,
  /** Lien's access-remedy code system, in 403 OperationOutcomes. */
  accessRemedy: ACCESS_REMEDY,
  /** LOINC. */
  loinc: LOINC,
  /** DICOM controlled terminology (AuditEvent types). */
  dicom: DICOM,
  /** FHIR RESTful interactions (AuditEvent subtypes). */
  restfulInteraction: RESTFUL_INTERACTION,
  /** FHIR Composition status (`preliminary`, `final`, `amended`, `entered-in-error`). */
  compositionStatus: COMPOSITION_STATUS,
} as const;

/** Codes of Lien's access-remedy code system. */
export type AccessRemedy = 'declare-actor' | 'break-the-glass';

/** LOINC codes of discharge letters. */
export const LETTER_TYPES = {
  /** French LDL-SES (CDA) and generic discharge summary. */
  dischargeSummary: '11490-0',
  /** HL7 Europe Hospital Discharge Report (FHIR). */
  hospitalDischargeReport: '34105-7',
} as const;

/** TRE_G15 profession code of physicians (the only ones allowed to break the glass). */
export const PHYSICIAN_PROFESSION = '10';
