import { LienError } from '@lien/client';
import type { LocalizeController } from '../i18n/localize.js';
import type { TermKey } from '../i18n/types.js';

const MESSAGE_BY_CODE: Partial<Record<LienError['code'], TermKey>> = {
  network: 'errorNetwork',
  timeout: 'errorTimeout',
  unauthorized: 'errorUnauthorized',
  forbidden: 'errorForbidden',
  'not-found': 'errorNotFound',
  conflict: 'errorConflict',
  'precondition-failed': 'errorConflict',
  invalid: 'errorInvalid',
  server: 'errorServer',
};

/** True for a `LienError` (also from a second bundled copy of the client: checked by name). */
export function isLienError(error: unknown): error is LienError {
  return (
    error instanceof LienError ||
    (error instanceof Error && error.name === 'LienError' && 'code' in error)
  );
}

/**
 * What an element lacks to act: no client (Lien is not configured on the page) or no patient.
 * Not a request failure: shown as such, never sent as a `lien-error` event.
 */
export class MissingInputError extends Error {
  override readonly name = 'MissingInputError';
  constructor(readonly missing: 'client' | 'patient') {
    super(missing === 'client' ? 'No Lien client.' : 'No patient.');
  }
}

/** The missing input of an element, `client` first (without a client nothing can be done). */
export function missingInput(
  client: unknown,
  patient: string | undefined,
): MissingInputError | undefined {
  if (!client) return new MissingInputError('client');
  if (!patient) return new MissingInputError('patient');
  return undefined;
}

/** The translated message for an error, by its code. */
export function errorMessage(localize: LocalizeController, error: unknown): string {
  if (error instanceof MissingInputError) {
    return localize.term(error.missing === 'client' ? 'errorNoClient' : 'errorNoPatient');
  }
  const key = isLienError(error) ? MESSAGE_BY_CODE[error.code] : undefined;
  return localize.term(key ?? 'errorUnknown');
}

/**
 * The server's own explanation (OperationOutcome `diagnostics` or `details.text`), as plain
 * text for a text binding, or `undefined`. Never rendered as HTML.
 */
export function serverDetails(error: unknown): string | undefined {
  if (!isLienError(error)) return undefined;
  const texts = error.issues
    .map((issue) => issue.diagnostics ?? issue.details?.text)
    .filter((text): text is string => !!text?.trim());
  return texts.length ? texts.join(' ') : undefined;
}
