import type { OperationOutcome } from '../fhir/resources.js';
import type { FetchLike } from './resilient-fetch.js';
import { LienError, codeForStatus, unreachable, type OutcomeIssue } from '../errors.js';

/** Options of one FHIR request. */
export interface RequestOptions {
  /** Search parameters; an array repeats the parameter. */
  query?: Record<string, string | readonly string[]>;
  /** A resource, sent as `application/fhir+json`. */
  body?: object;
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
  /** How to read a successful answer, when not as JSON. */
  as?: 'text' | 'blob';
}

/** Sends one FHIR request; resolves with the answer's JSON (or text, or Blob). */
export type FhirRequest = <T>(method: string, path: string, options?: RequestOptions) => Promise<T>;

/**
 * The client's own requests (openapi-fetch is only loaded for the raw `client.fhir`). Search
 * parameters are serialised as openapi-fetch does (values URI-encoded, arrays repeated). An HTTP
 * error answer — or a successful one without a JSON body — becomes a `LienError` carrying the
 * status and the OperationOutcome issues; any other failure a `network` one.
 */
export const createRequest =
  (baseUrl: string, fetch: FetchLike): FhirRequest =>
  async <T>(
    method: string,
    path: string,
    { query = {}, body, headers, signal, as }: RequestOptions = {},
  ): Promise<T> => {
    const search = Object.entries(query)
      .flatMap(([key, values]) => [values].flat().map((v) => `${key}=${encodeURIComponent(v)}`))
      .join('&');
    let response: Response;
    let text: string;
    try {
      response = await fetch(
        new Request(`${baseUrl}${path}${search && '?'}${search}`, {
          method,
          signal,
          headers: {
            Accept: 'application/fhir+json',
            ...(body && { 'Content-Type': 'application/fhir+json' }),
            ...headers,
          },
          body: body && JSON.stringify(body),
        }),
      );
      if (response.ok && as) return (await response[as]()) as T;
      text = await response.text();
    } catch (error) {
      throw error instanceof LienError ? error : unreachable(error);
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      // Not JSON: no data, no issues.
    }
    const { ok, status } = response;
    if (ok && data !== undefined) return data as T;
    const outcome = data as Partial<OperationOutcome> | undefined;
    const issues =
      outcome?.resourceType === 'OperationOutcome' && Array.isArray(outcome.issue)
        ? (outcome.issue as OutcomeIssue[])
        : [];
    const code = codeForStatus(status);
    const first = issues.find((i) => i.severity === 'error' || i.severity === 'fatal') ?? issues[0];
    const message = first?.diagnostics ?? first?.details?.text ?? `HTTP ${status} (${code})`;
    throw new LienError(message, { code, status, issues });
  };
