import type { AccessRemedy } from './fhir/systems.js';
import { SYSTEMS } from './fhir/systems.js';

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
  /** What went wrong, for programs. */
  readonly code: LienErrorCode;
  /** HTTP status, when a response was received. */
  readonly status: number | undefined;
  /** The server's OperationOutcome issues (empty when none was sent). */
  readonly issues: readonly OutcomeIssue[];
  /** Remedies the server offers this caller (403 only): declare, break-the-glass. */
  readonly remedies: readonly AccessRemedy[];

  constructor(message: string, init: LienErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.status = init.status;
    this.issues = init.issues ?? [];
    this.remedies = remediesOf(this.issues);
  }
}

/** Maps an HTTP status to an error code. */
export function codeForStatus(status: number): LienErrorCode {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 412 || status === 428) return 'precondition-failed';
  if (status === 408) return 'timeout';
  if (status >= 400 && status < 500) return 'invalid';
  return 'server';
}

/** The access remedies named in OperationOutcome issues (`details.coding` in `urn:lien:access-remedy`). */
export function remediesOf(issues: readonly OutcomeIssue[]): AccessRemedy[] {
  const found = new Set<AccessRemedy>();
  for (const issue of issues) {
    for (const coding of issue.details?.coding ?? []) {
      if (coding.system !== SYSTEMS.accessRemedy) continue;
      if (coding.code === 'declare-actor' || coding.code === 'break-the-glass')
        found.add(coding.code);
    }
  }
  return [...found];
}
