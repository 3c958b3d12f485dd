import type {
  BreakTheGlassGrant,
  CareCircle,
  CurrentUser,
  DeclarationResult,
  LetterContent,
  LetterSummary,
} from './model.js';

/** Options every domain method accepts. */
export interface CallOptions {
  /** Aborts the call (and any retry in progress). */
  signal?: AbortSignal;
}

/** A role, as a FHIR CodeableConcept. */
export interface RoleConcept {
  coding?: { system?: string; code?: string; display?: string }[];
  text?: string;
}

/** Options of {@link LienDomainApi.declareSelf}. */
export interface DeclareOptions extends CallOptions {
  /** The caller attests that they take part in the patient's care and the patient authorised it. */
  attestation: boolean;
  /** Optional role in the circle. */
  role?: RoleConcept;
}

/**
 * The domain methods of a Lien client: what the elements consume. Every method throws
 * `LienError` on failure and accepts an `AbortSignal`.
 *
 * A patient is named by `Patient/123`, `123`, or an INS `system|value`.
 */
export interface LienDomainApi {
  /** The server's base URL (FHIR base, ending in `/fhir`). */
  readonly baseUrl: string;
  /** The signed-in professional (from `fhirUser` and the token's claims), or null when unknown. */
  currentUser(options?: CallOptions): Promise<CurrentUser | null>;
  /** The patient's care circle, in one request. */
  getCareCircle(patient: string, options?: CallOptions): Promise<CareCircle>;
  /** Declares the caller an actor of the patient's care. Idempotent. */
  declareSelf(patient: string, options: DeclareOptions): Promise<DeclarationResult>;
  /** Ends the caller's active participation (history kept). */
  withdrawSelf(patient: string, options?: CallOptions): Promise<DeclarationResult>;
  /** Emergency access (physicians only), traced and time-limited. */
  breakTheGlass(
    patient: string,
    reason: string,
    options?: CallOptions,
  ): Promise<BreakTheGlassGrant>;
  /** The patient's discharge letters, newest first. */
  listDischargeLetters(patient: string, options?: CallOptions): Promise<LetterSummary[]>;
  /** The content of one letter (`DocumentReference/…`). */
  getLetter(documentReference: string, options?: CallOptions): Promise<LetterContent>;
}
