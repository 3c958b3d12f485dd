/**
 * Plain view models returned by the client's domain methods. Elements render from these, and
 * stories and tests can build them directly: no FHIR knowledge needed to display a care circle.
 */
import type { AccessRemedy } from './fhir/systems.js';

/**
 * A coded value and the label its source gave it. Labels in the user's language are the
 * presentation layer's job: `@lien/elements` labels the nomenclatures Lien relies on (TRE_G15,
 * TRE_R38, HL7 RoleCode…) in French and English, and falls back to `display`, then to `code`.
 */
export interface LabelledCode {
  /** The code in its code system (e.g. `10`, `SM26`, `PCP`). */
  code: string;
  /** The code system URL (empty when the source gives none). */
  system: string;
  /** The label the source gave (FHIR `display`, CDA `displayName`, or text), when it gave one. */
  display?: string;
}

/** An organisation a member practises in. */
export interface MemberOrganization {
  /** `Organization/123`. */
  reference: string;
  name: string;
  /** Hospital or community care ("la ville"); `unknown` when the server does not say. */
  kind: 'hospital' | 'community' | 'unknown';
  /** City, when known (for display beside the name). */
  city?: string;
}

/** One member of a patient's care circle (one CareTeam participant entry). */
export interface CareCircleMember {
  /** Stable key: the participant's `id` when present, else `member.reference` + period start. */
  key: string;
  /**
   * Reference of the member: `PractitionerRole/…`, `Practitioner/…` (a professional named without
   * a role: no profession, specialty or organisation), `RelatedPerson/…`, `Organization/…`.
   */
  reference: string;
  /** What the member is. */
  kind: 'practitioner' | 'related-person' | 'organization';
  /** Display name parts, to be formatted by the caller (`Intl`, locale conventions). */
  name: { prefix?: string; given?: string; family?: string; text: string };
  /** Profession (TRE_G15), when the member is a professional. */
  profession?: LabelledCode;
  /** Specialty (TRE_R38), when known. */
  specialty?: LabelledCode;
  /** Organisation, when known. */
  organization?: MemberOrganization;
  /** RPPS number, when the member is a professional. */
  rpps?: string;
  /**
   * MSSanté secure messaging address. Never set for a liste-rouge address, even when another
   * resource of the answer repeats it without the flag.
   */
  mssante?: string;
  /** Phone numbers (as given by the directory). */
  phones: string[];
  /** Roles in the circle (e.g. `PCP`, médecin traitant). */
  roles: LabelledCode[];
  /** True when one of the roles is `PCP` (médecin traitant). */
  isGeneralPractitioner: boolean;
  /** ISO date-time the participation started. */
  since?: string;
  /** ISO date-time the participation ended (former member). */
  until?: string;
  /** True while the participation is ongoing (no end, or an end in the future). */
  active: boolean;
  /** True when this member is the caller (the client's `fhirUser`). */
  isCurrentUser: boolean;
}

/** A patient's care circle, as returned by `getCareCircle`. */
export interface CareCircle {
  /** The patient, `Patient/123`. */
  patient: string;
  /** The CareTeam reference (`CareTeam/…`), or `null` when the patient has no circle yet. */
  careTeam: string | null;
  /** The CareTeam version (`meta.versionId`), for `If-Match`; `null` without a circle. */
  version: string | null;
  /** CareTeam name ("Cercle de soins de …"), when set. */
  name?: string;
  /** Every participant entry, current and former. */
  members: CareCircleMember[];
}

/** The signed-in professional, as the elements see them. */
export interface CurrentUser {
  /** `PractitionerRole/…` or `Practitioner/…` reference (SMART `fhirUser`). */
  reference: string;
  /** Display name, when known. */
  name?: string;
  /** Profession code (TRE_G15), when known: `10` for physicians. */
  professionCode?: string;
  /** RPPS, when known. */
  rpps?: string;
}

/** Result of a successful break-the-glass request. */
export interface BreakTheGlassGrant {
  patient: string;
  /** ISO instant when the emergency access ends. */
  expires: string;
}

/** Result of `declareSelf` / `withdrawSelf`. */
export interface DeclarationResult {
  /** The care circle after the change. */
  careCircle: CareCircle;
  /** The member entry of the caller after the change (absent after a withdrawal). */
  member?: CareCircleMember;
}

/** A discharge letter listed for a patient (one DocumentReference). */
export interface LetterSummary {
  /** `DocumentReference/…`. */
  reference: string;
  /** LOINC type code (`11490-0`, `34105-7`…) and its label. */
  type?: LabelledCode;
  /** Document date (ISO). */
  date?: string;
  /** Stay period (ISO), when given. */
  period?: { start?: string; end?: string };
  /** Facility (custodian) name. */
  facility?: string;
  /** Author display name. */
  author?: string;
  /** Title / description. */
  title?: string;
  /** Content format. */
  format: 'cda' | 'fhir' | 'pdf' | 'unknown';
}

/** The raw content of a letter, as fetched. */
export type LetterContent =
  | { type: 'cda'; xml: string }
  | { type: 'fhir'; bundle: object }
  | { type: 'pdf'; url: string }
  | { type: 'pdf'; blob: Blob };

export type { AccessRemedy };
