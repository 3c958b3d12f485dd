/**
 * Code systems and codes used by the server. URLs shared with the client come from `@lien/client`
 * (docs/conventions.md: never retype a URL); the few below are server-only (AuditEvent / Consent).
 */
export { SYSTEMS, LETTER_TYPES, PHYSICIAN_PROFESSION } from '@lien/client/systems';
export type { AccessRemedy } from '@lien/client/systems';

/** Server-only systems (FHIR core code systems used in AuditEvent, Consent, OperationOutcome). */
export const SERVER_SYSTEMS = {
  auditEntityType: 'http://terminology.hl7.org/CodeSystem/audit-entity-type',
  objectRole: 'http://terminology.hl7.org/CodeSystem/object-role',
  auditEventAction: 'http://hl7.org/fhir/audit-event-action',
  securitySourceType: 'http://terminology.hl7.org/CodeSystem/security-source-type',
  participationType: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
  consentScope: 'http://terminology.hl7.org/CodeSystem/consentscope',
  consentActionCode: 'http://terminology.hl7.org/CodeSystem/consentaction',
  provenanceParticipantType: 'http://terminology.hl7.org/CodeSystem/provenance-participant-type',
  careTeamCategory: 'http://loinc.org',
} as const;

/** LOINC LA27976-2: longitudinal care-coordination focused care team (ANS CDS CareTeam category). */
export const CARE_TEAM_CATEGORY_CODE = 'LA27976-2';
/** LOINC 59284-0: patient consent (Consent.category). */
export const CONSENT_CATEGORY_CODE = '59284-0';
