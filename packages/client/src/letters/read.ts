/**
 * One entry point for any letter content: CDA, FHIR document Bundle or PDF.
 * @module
 */
import type { LetterContent } from '../model.js';
import { readCdaLetter } from './cda.js';
import { LetterReadError } from './errors.js';
import { readFhirLetter } from './fhir.js';
import type { DischargeLetterView } from './model.js';
import { readPdfLetter, type PdfReadOptions } from './pdf.js';
import type { XmlReadOptions } from './xml.js';

/** Options of {@link readLetter}. `maxBytes` applies to CDA and FHIR; `maxPdfBytes` to PDFs. */
export interface LetterReadOptions extends XmlReadOptions {
  /** Largest accepted PDF, in bytes (default 20 MB). */
  maxPdfBytes?: number;
}

/**
 * Reads the content of a letter, as returned by `getLetter`, into a {@link DischargeLetterView}.
 * CDA and FHIR are read synchronously underneath; PDFs need their bytes read, hence the promise.
 *
 * @throws {LetterReadError} (as a rejected promise) when the content cannot be read at all.
 */
export async function readLetter(
  content: LetterContent,
  options?: LetterReadOptions,
): Promise<DischargeLetterView> {
  switch (content.type) {
    case 'cda':
      return readCdaLetter(content.xml, options);
    case 'fhir':
      return readFhirLetter(content.bundle, options);
    case 'pdf': {
      const pdfOptions: PdfReadOptions =
        options?.maxPdfBytes === undefined ? {} : { maxBytes: options.maxPdfBytes };
      return readPdfLetter('url' in content ? { url: content.url } : content.blob, pdfOptions);
    }
    default:
      throw new LetterReadError('unreadable', 'Unknown letter content type.');
  }
}
