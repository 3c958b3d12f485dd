import type { OperationOutcome } from '../fhir/resources.js';
import { LienError, codeForStatus, type OutcomeIssue } from '../errors.js';

function issuesOf(body: unknown): OutcomeIssue[] {
  const outcome = body as Partial<OperationOutcome> | undefined;
  if (outcome?.resourceType !== 'OperationOutcome' || !Array.isArray(outcome.issue)) return [];
  return outcome.issue as OutcomeIssue[];
}

/** Turns an HTTP error answer into a `LienError`. */
function errorFrom(response: Response, body: unknown): LienError {
  const issues = issuesOf(body);
  const code = codeForStatus(response.status);
  const first = issues.find((i) => i.severity === 'error' || i.severity === 'fatal') ?? issues[0];
  const message = first?.diagnostics ?? first?.details?.text ?? `HTTP ${response.status} (${code})`;
  return new LienError(message, { code, status: response.status, issues });
}

export type Result<T> = { data?: T; error?: unknown; response: Response };

export async function unwrap<T>(
  pending: Promise<Result<T>>,
): Promise<{ data: T; response: Response }> {
  let result: Result<T>;
  try {
    result = await pending;
  } catch (error) {
    if (error instanceof LienError) throw error;
    throw new LienError('The server could not be reached.', { code: 'network', cause: error });
  }
  if (!result.response.ok || result.data === undefined)
    throw errorFrom(result.response, result.error);
  return { data: result.data, response: result.response };
}
