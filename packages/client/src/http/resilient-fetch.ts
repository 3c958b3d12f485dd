import { LienError } from '../errors.js';

/** A `fetch`-compatible function. */
export type FetchLike = (input: Request) => Promise<Response>;

/** Retry policy for idempotent requests. */
export interface RetryOptions {
  /** Retries after the first attempt (0 disables retries). Default 2. */
  retries?: number;
  /** Base delay of the exponential backoff, in ms. Default 250. */
  baseDelayMs?: number;
  /** Upper bound of one wait, including a server's `Retry-After`, in ms. Default 8000. */
  maxDelayMs?: number;
}

/** Options of {@link createResilientFetch}. */
export interface ResilientFetchOptions {
  fetch: FetchLike;
  retry?: RetryOptions | false;
  /** Time limit of one attempt, in ms. Default 15000. 0 disables the limit. */
  timeoutMs?: number;
  /** Random source in [0, 1), for tests. */
  random?: () => number;
  /** Sleep function, for tests. Must reject when the signal aborts. */
  sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
}

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
const IDEMPOTENT_OPERATIONS = /\/\$(declare-actor|withdraw-actor)(\?|$)/;

/**
 * Whether a request may be sent twice without changing the outcome: GET/HEAD/OPTIONS, a PUT
 * guarded by `If-Match`, and the `$declare-actor` / `$withdraw-actor` operations (idempotent by
 * contract).
 */
export function isIdempotent(request: Request): boolean {
  const method = request.method.toUpperCase();
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return true;
  if (method === 'PUT') return request.headers.has('If-Match');
  if (method === 'POST') return IDEMPOTENT_OPERATIONS.test(new URL(request.url).pathname);
  return false;
}

/** Parses `Retry-After` (seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value == null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

function defaultSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function abortedError(cause: unknown): LienError {
  return new LienError('The request was cancelled.', { code: 'aborted', cause });
}

/**
 * Wraps `fetch` with a per-attempt timeout and bounded retries of idempotent requests on network
 * errors, 429 and 502–504 (exponential backoff with full jitter, `Retry-After` honoured up to
 * `maxDelayMs`). Everything stops at once when the request's signal aborts.
 *
 * Errors thrown: `LienError` with code `network`, `timeout` or `aborted`. HTTP error responses are
 * returned as they are (the last one, after retries); shaping them is the caller's job.
 */
export function createResilientFetch(options: ResilientFetchOptions): FetchLike {
  const retry = options.retry === false ? { retries: 0 } : (options.retry ?? {});
  const retries = Math.max(0, retry.retries ?? 2);
  const baseDelayMs = retry.baseDelayMs ?? 250;
  const maxDelayMs = retry.maxDelayMs ?? 8000;
  const timeoutMs = options.timeoutMs ?? 15000;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? defaultSleep;

  return async (request: Request): Promise<Response> => {
    const userSignal = request.signal;
    const maxAttempts = isIdempotent(request) ? retries + 1 : 1;
    for (let attempt = 1; ; attempt++) {
      if (userSignal.aborted) throw abortedError(userSignal.reason);
      // One controller per attempt, aborted by the caller's signal or by the time limit. Plain
      // listeners and a timer keep it strongly referenced for the attempt's whole life.
      const attemptController = new AbortController();
      let timedOut = false;
      const onUserAbort = () => attemptController.abort(userSignal.reason);
      userSignal.addEventListener('abort', onUserAbort, { once: true });
      const timer =
        timeoutMs > 0
          ? setTimeout(() => {
              timedOut = true;
              attemptController.abort(new DOMException('The request timed out.', 'TimeoutError'));
            }, timeoutMs)
          : undefined;
      const attemptRequest = new Request(request.clone(), { signal: attemptController.signal });
      let response: Response | undefined;
      let failure: LienError | undefined;
      try {
        response = await options.fetch(attemptRequest);
      } catch (error) {
        if (userSignal.aborted) throw abortedError(error);
        if (timedOut) {
          failure = new LienError(`No answer from the server within ${timeoutMs} ms.`, {
            code: 'timeout',
            cause: error,
          });
        } else {
          failure = new LienError('The server could not be reached.', {
            code: 'network',
            cause: error,
          });
        }
      } finally {
        clearTimeout(timer);
        userSignal.removeEventListener('abort', onUserAbort);
      }
      const retryable =
        failure !== undefined || (response !== undefined && RETRYABLE_STATUS.has(response.status));
      if (!retryable || attempt >= maxAttempts) {
        if (failure) throw failure;
        return response as Response;
      }
      const backoff = random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
      const serverDelay = parseRetryAfter(response?.headers.get('Retry-After') ?? null);
      const delay = Math.min(maxDelayMs, serverDelay ?? backoff);
      await response?.body?.cancel().catch(() => undefined);
      try {
        await sleep(delay, userSignal);
      } catch (error) {
        throw abortedError(error);
      }
    }
  };
}
