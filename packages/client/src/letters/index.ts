/**
 * `@lien/client/letters`: discharge letters (CDA LDL-SES, HL7 Europe HDR FHIR, PDF) read into one
 * normalised, safe view model. A separate entry point, so the core client stays small.
 * @module
 */
export type * from './model.js';
export { MANDATORY_ITEMS } from './model.js';
export { LetterReadError, type LetterReadErrorReason } from './errors.js';
export type {
  DOMParserLike,
  XmlDocumentLike,
  XmlElementLike,
  XmlNodeLike,
  XmlReadOptions,
} from './xml.js';
export { MAX_LETTER_BYTES } from './xml.js';
export { readCdaLetter, type CdaReadOptions } from './cda.js';
export { narrativeToText, safeHref } from './narrative.js';
export { readFhirLetter, type FhirReadOptions } from './fhir.js';
export { readPdfLetter, MAX_PDF_BYTES, type PdfReadOptions, type PdfSource } from './pdf.js';
export { readLetter, type LetterReadOptions } from './read.js';
