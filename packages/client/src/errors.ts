import type { AccessRemedy } from './fhir/systems.js';
import { ACCESS_REMEDY } from './fhir/urls.js';

/** Why a request failed, for programs to branch on. */
export type LienErrorCode =
  | 'forbidden'
  | 'unauthorized'
  | 'not-found'
  | 'conflict'
  | 'precondition-failed'
  | 'invalid'
  | 'network'
  | 'timeout'
  | 'aborted'
  | 'server';

/** One issue of a FHIR OperationOutcome, as far as the client reads it. */
export interface OutcomeIssue {
  severity: 'fatal' | 'error' | 'warning' | 'information';
  code: string;
  diagnostics?: string;
  details?: { text?: string; coding?: { system?: string; code?: string; display?: string }[] };
  expression?: string[];
}

/** Options of a {@link LienError}. */
export interface LienErrorInit {
  code: LienErrorCode;
  status?: number;
  issues?: OutcomeIssue[];
  cause?: unknown;
}

/**
 * The one error the client throws. It never exposes a raw `Response`: the HTTP status, the
 * OperationOutcome issues and, for a 403 on a patient's data, the remedies open to the caller.
 */
export class LienError extends Error {
  override readonly name = 'LienError';
  // `declare`: typed here, assigned in the constructor (no field initialisers emitted).
  /** What went wrong, for programs. */
  declare readonly code: LienErrorCode;
  /** HTTP status, when a response was received. */
  declare readonly status: number | undefined;
  /** The server's OperationOutcome issues (empty when none was sent). */
  declare readonly issues: readonly OutcomeIssue[];
  /** Remedies the server offers this caller (403 only): declare, break-the-glass. */
  declare readonly remedies: readonly AccessRemedy[];

  constructor(message: string, init: LienErrorInit) {
    // `Error` reads `cause` from its options only when the key is there, as in `init`.
    super(message, init);
    this.code = init.code;
    this.status = init.status;
    this.issues = init.issues ?? [];
    this.remedies = remediesOf(this.issues);
  }
}

const CODES: Partial<Record<number, LienErrorCode>> = {
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  410: 'not-found',
  409: 'conflict',
  412: 'precondition-failed',
  428: 'precondition-failed',
  408: 'timeout',
  // Rate limited: the server's load, not a bad request.
  429: 'server',
};

/** Maps an HTTP status to an error code. */
export const codeForStatus = (status: number): LienErrorCode =>
  CODES[status] ?? (status >= 400 && status < 500 ? 'invalid' : 'server');

/** The error of a request that got no answer at all. */
export const unreachable = (cause: unknown): LienError =>
  new LienError('The server could not be reached.', { code: 'network', cause });

/** The error of a call the caller's signal cancelled. */
export const aborted = (cause: unknown): LienError =>
  new LienError('The request was cancelled.', { code: 'aborted', cause });

/** The access remedies named in OperationOutcome issues (`details.coding` in `urn:lien:access-remedy`). */
export function remediesOf(issues: readonly OutcomeIssue[]): AccessRemedy[] {
  const found = new Set<AccessRemedy>();
  for (const issue of issues)
    for (const { system, code } of issue.details?.coding ?? [])
      if (system === ACCESS_REMEDY && (code === 'declare-actor' || code === 'break-the-glass'))
        found.add(code);
  return [...found];
}
