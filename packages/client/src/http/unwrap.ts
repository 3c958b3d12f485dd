import type { OperationOutcome } from '../fhir/resources.js';
import { LienError, codeForStatus, unreachable, type OutcomeIssue } from '../errors.js';

export type Result<T> = { data?: T; error?: unknown; response: Response };

/**
 * The data of an openapi-fetch answer; an HTTP error answer becomes a `LienError` carrying the
 * status and the OperationOutcome issues, and any other failure a `network` one.
 */
export async function unwrap<T>(pending: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await pending;
  } catch (error) {
    throw error instanceof LienError ? error : unreachable(error);
  }
  const { data, error, response } = result;
  const { ok, status } = response;
  if (ok && data !== undefined) return data;
  const outcome = error as Partial<OperationOutcome> | undefined;
  const issues =
    outcome?.resourceType === 'OperationOutcome' && Array.isArray(outcome.issue)
      ? (outcome.issue as OutcomeIssue[])
      : [];
  const code = codeForStatus(status);
  const first = issues.find((i) => i.severity === 'error' || i.severity === 'fatal') ?? issues[0];
  const message = first?.diagnostics ?? first?.details?.text ?? `HTTP ${status} (${code})`;
  throw new LienError(message, { code, status, issues });
}
