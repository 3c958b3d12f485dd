import type { OperationOutcome } from '../fhir/resources.js';
import { LienError, codeForStatus, unreachable, type OutcomeIssue } from '../errors.js';

export type Result<T> = { data?: T; error?: unknown; response: Response };

/**
 * The data of an openapi-fetch answer; an HTTP error answer becomes a `LienError` carrying the
 * status and the OperationOutcome issues, an answer that is not JSON a `server` one, and any
 * other failure a `network` one. An empty success answer gives `orElse` when there is one (a
 * server may answer a write with no body), and is an error otherwise.
 */
export async function unwrap<T>(pending: Promise<Result<T>>, orElse?: T): Promise<T> {
  let result: Result<T>;
  try {
    result = await pending;
  } catch (error) {
    // openapi-fetch parses an answer's JSON after it arrived: a SyntaxError is the server's (or
    // a proxy's login page), not the network's.
    throw error instanceof LienError
      ? error
      : error instanceof SyntaxError
        ? new LienError('The server’s answer is not the JSON expected.', {
            code: 'server',
            cause: error,
          })
        : unreachable(error);
  }
  const { data, error, response } = result;
  const { ok, status } = response;
  if (ok && data !== undefined) return data;
  if (ok && orElse !== undefined) return orElse;
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
