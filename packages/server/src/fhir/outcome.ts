import type { AccessRemedy } from './codes.js';
import { SYSTEMS } from './codes.js';
import type { Resource } from './types.js';

/** FHIR `issue.code` values used by the server. */
export type IssueType =
  | 'invalid'
  | 'structure'
  | 'required'
  | 'value'
  | 'forbidden'
  | 'login'
  | 'security'
  | 'not-found'
  | 'not-supported'
  | 'conflict'
  | 'duplicate'
  | 'too-costly'
  | 'business-rule'
  | 'exception'
  | 'transient'
  | 'processing'
  | 'timeout'
  | 'throttled';

/** One OperationOutcome issue. */
export interface Issue {
  severity: 'fatal' | 'error' | 'warning' | 'information';
  code: IssueType;
  diagnostics?: string;
  /** FHIRPath-ish or request location (`body.parameter[0]`, `query._count`, `header.If-Match`). */
  expression?: string[];
  details?: { coding?: Array<{ system: string; code: string; display?: string }>; text?: string };
}

/** Builds an OperationOutcome resource. */
export function operationOutcome(issues: Issue[]): Resource {
  return { resourceType: 'OperationOutcome', issue: issues };
}

/**
 * An HTTP error answered as an OperationOutcome. Throw it from a handler; the error handler turns it
 * into the response.
 */
export class HttpError extends Error {
  readonly headers: Record<string, string>;
  constructor(
    readonly status: number,
    readonly issues: Issue[],
    headers: Record<string, string> = {},
  ) {
    super(issues[0]?.diagnostics ?? `HTTP ${status}`);
    this.name = 'HttpError';
    this.headers = headers;
  }

  /** Shorthand for one error issue. */
  static of(
    status: number,
    code: IssueType,
    diagnostics: string,
    expression?: string,
    headers?: Record<string, string>,
  ): HttpError {
    return new HttpError(
      status,
      [
        {
          severity: 'error',
          code,
          diagnostics,
          ...(expression ? { expression: [expression] } : {}),
        },
      ],
      headers,
    );
  }
}

const REMEDY_DISPLAY: Record<AccessRemedy, string> = {
  'declare-actor': "Se déclarer acteur de la prise en charge (avec l'autorisation du patient)",
  'break-the-glass': 'Accès en urgence (bris de glace), tracé et limité dans le temps',
};

/** The 403 a professional gets on a patient's data, with the remedies open to them. */
export function forbiddenWithRemedies(remedies: AccessRemedy[], diagnostics: string): HttpError {
  return new HttpError(403, [
    {
      severity: 'error',
      code: 'forbidden',
      diagnostics,
      details: {
        coding: remedies.map((code) => ({
          system: SYSTEMS.accessRemedy,
          code,
          display: REMEDY_DISPLAY[code],
        })),
        text: diagnostics,
      },
    },
  ]);
}
