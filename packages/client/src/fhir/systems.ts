/**
 * Every code system, identifier system and extension URL that Lien relies on, in one place.
 * See docs/conventions.md. The server imports these too: never retype a URL.
 */
export const SYSTEMS = {
  /** INS-NIR, the French national health identifier (production OID). */
  insNir: 'urn:oid:1.2.250.1.213.1.4.8',
  /** INS-NIR test OID, used by the ANS examples and the demo seed. */
  insNirTest: 'urn:oid:1.2.250.1.213.1.4.10',
  /** RPPS number of a health professional (11 digits). */
  rpps: 'https://rpps.esante.gouv.fr',
  /** IDNPS: national id of a professional (`8` + RPPS), Pro Santé Connect `SubjectNameID`. */
  idnps: 'urn:oid:1.2.250.1.71.4.2.1',
  /** FINESS number of a health facility. */
  finess: 'urn:oid:1.2.250.1.71.4.2.2',
  /** TRE_G15: professions (10 Médecin, 21 Pharmacien, 60 Infirmier…). */
  profession: 'https://mos.esante.gouv.fr/NOS/TRE_G15-ProfessionSante/FHIR/TRE-G15-ProfessionSante',
  /** TRE_R38: specialties (SM26 Médecine générale…). */
  specialty:
    'https://mos.esante.gouv.fr/NOS/TRE_R38-SpecialiteOrdinale/FHIR/TRE-R38-SpecialiteOrdinale',
  /** Hospital or community organisation (Lien's own code system: `hospital`, `community`). */
  organizationKind: 'urn:lien:organization-kind',
  /** FR Core extension typing an email ContactPoint (MSSANTE…). */
  emailTypeExtension:
    'https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-contact-point-email-type',
  /** FR Core code system of email types. */
  emailType: 'https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-contact-point-email-type',
  /** Annuaire Santé MSSanté mailbox metadata extension (sub-extension `listeRouge`). */
  mailboxMetadataExtension:
    'https://interop.esante.gouv.fr/ig/fhir/annuaire/StructureDefinition/as-ext-mailbox-mss-metadata',
  /** HL7 v3 RoleCode (PCP = médecin traitant). */
  roleCode: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode',
  /** HL7 v3 ActReason (BTG = break the glass). */
  actReason: 'http://terminology.hl7.org/CodeSystem/v3-ActReason',
  /** Lien's access-remedy code system, in 403 OperationOutcomes. */
  accessRemedy: 'urn:lien:access-remedy',
  /** LOINC. */
  loinc: 'http://loinc.org',
  /** DICOM controlled terminology (AuditEvent types). */
  dicom: 'http://dicom.nema.org/resources/ontology/DCM',
  /** FHIR RESTful interactions (AuditEvent subtypes). */
  restfulInteraction: 'http://hl7.org/fhir/restful-interaction',
  /** FHIR Composition status (`preliminary`, `final`, `amended`, `entered-in-error`). */
  compositionStatus: 'http://hl7.org/fhir/composition-status',
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
