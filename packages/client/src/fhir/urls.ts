/**
 * The URLs of {@link SYSTEMS}, one constant each, for the client's own code. A bundle then takes
 * only the URLs that its code uses (the client's code loaded up front needs eight of eighteen): a
 * bundler never drops an object's unused properties. Internal: the public names are `SYSTEMS`.
 */
/** INS-NIR, the French national health identifier (production OID). */
export const INS_NIR = 'urn:oid:1.2.250.1.213.1.4.8';
/** INS-NIR test OID, used by the ANS examples and the demo seed. */
export const INS_NIR_TEST = 'urn:oid:1.2.250.1.213.1.4.10';
/** RPPS number of a health professional (11 digits). */
export const RPPS = 'https://rpps.esante.gouv.fr';
/** IDNPS: national id of a professional (`8` + RPPS), Pro Santé Connect `SubjectNameID`. */
export const IDNPS = 'urn:oid:1.2.250.1.71.4.2.1';
/** FINESS number of a health facility. */
export const FINESS = 'urn:oid:1.2.250.1.71.4.2.2';
/** TRE_G15: professions (10 Médecin, 21 Pharmacien, 60 Infirmier…). */
export const PROFESSION =
  'https://mos.esante.gouv.fr/NOS/TRE_G15-ProfessionSante/FHIR/TRE-G15-ProfessionSante';
/** TRE_R38: specialties (SM26 Médecine générale…). */
export const SPECIALTY =
  'https://mos.esante.gouv.fr/NOS/TRE_R38-SpecialiteOrdinale/FHIR/TRE-R38-SpecialiteOrdinale';
/** Hospital or community organisation (Lien's own code system: `hospital`, `community`). */
export const ORGANIZATION_KIND = 'urn:lien:organization-kind';
/** FR Core extension typing an email ContactPoint (MSSANTE…). */
export const EMAIL_TYPE_EXTENSION =
  'https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-contact-point-email-type';
/** FR Core code system of email types. */
export const EMAIL_TYPE =
  'https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-contact-point-email-type';
/** Annuaire Santé MSSanté mailbox metadata extension (sub-extension `listeRouge`). */
export const MAILBOX_METADATA_EXTENSION =
  'https://interop.esante.gouv.fr/ig/fhir/annuaire/StructureDefinition/as-ext-mailbox-mss-metadata';
/** HL7 v3 RoleCode (PCP = médecin traitant). */
export const ROLE_CODE = 'http://terminology.hl7.org/CodeSystem/v3-RoleCode';
/** HL7 v3 ActReason (BTG = break the glass). */
export const ACT_REASON = 'http://terminology.hl7.org/CodeSystem/v3-ActReason';
/** Lien's access-remedy code system, in 403 OperationOutcomes. */
export const ACCESS_REMEDY = 'urn:lien:access-remedy';
/** LOINC. */
export const LOINC = 'http://loinc.org';
/** DICOM controlled terminology (AuditEvent types). */
export const DICOM = 'http://dicom.nema.org/resources/ontology/DCM';
/** FHIR RESTful interactions (AuditEvent subtypes). */
export const RESTFUL_INTERACTION = 'http://hl7.org/fhir/restful-interaction';
/** FHIR Composition status (`preliminary`, `final`, `amended`, `entered-in-error`). */
export const COMPOSITION_STATUS = 'http://hl7.org/fhir/composition-status';
