import { LienError } from '../errors.js';

/** Why a letter could not be read at all. */
export type LetterReadErrorReason =
  /** The content is not XML (CDA) / not JSON (FHIR) / not a PDF. */
  | 'not-xml'
  | 'not-json'
  | 'not-pdf'
  /** XML that does not parse (not well-formed). */
  | 'parse-error'
  /** Well-formed, but not a CDA `ClinicalDocument`. */
  | 'not-cda'
  /** Not a FHIR document Bundle whose first entry is a Composition. */
  | 'not-fhir-document'
  /** A DOCTYPE or entity declaration (CDA never has one; refused to rule out entity tricks). */
  | 'unsafe-xml'
  /** Larger than the limit (5 MB by default). */
  | 'too-large'
  /** The bytes cannot be decoded (unknown or unsupported declared encoding). */
  | 'encoding'
  /** No DOMParser: pass `options.domParser` (e.g. `@xmldom/xmldom`) in Node. */
  | 'no-dom-parser'
  /** An unexpected failure while reading (reported rather than thrown raw). */
  | 'unreadable';

/**
 * A letter that cannot be read at all. A letter that can be read partially is not an error: it
 * gives a view with `missing` items and `warnings`.
 *
 * It is a {@link LienError} with code `invalid`, so a host that handles every client error in one
 * place handles this one too; `reason` says what was wrong.
 */
export class LetterReadError extends LienError {
  /** What was wrong with the document. */
  readonly reason: LetterReadErrorReason;

  constructor(reason: LetterReadErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, { code: 'invalid', cause: options?.cause });
    this.reason = reason;
  }
}
