import { LienError, unreachable } from '../errors.js';

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

const RETRYABLE_STATUS = [429, 502, 503, 504];

/**
 * Whether a request may be sent twice without changing the outcome: GET/HEAD/OPTIONS, a PUT
 * guarded by `If-Match`, and the `$declare-actor` / `$withdraw-actor` operations (idempotent by
 * contract).
 */
export function isIdempotent(request: Request): boolean {
  const method = request.method.toUpperCase();
  return method === 'PUT'
    ? request.headers.has('If-Match')
    : method === 'POST'
      ? /\/\$(declare|withdraw)-actor$/.test(new URL(request.url).pathname)
      : /^(GET|HEAD|OPTIONS)$/.test(method);
}

/** Parses `Retry-After` (seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  if (/^\d+$/.test(trimmed)) return +trimmed * 1000;
  const date = Date.parse(trimmed);
  return isNaN(date) ? undefined : Math.max(0, date - now);
}

const defaultSleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });

const aborted = (cause: unknown): LienError =>
  new LienError('The request was cancelled.', { code: 'aborted', cause });

/** Lets go of a response body that will not be read. */
export const discard = (response: Response | undefined): Promise<unknown> | undefined =>
  response?.body?.cancel().catch(() => undefined);

/**
 * Wraps `fetch` with a per-attempt timeout and bounded retries of idempotent requests on network
 * errors, 429 and 502–504 (exponential backoff with full jitter, `Retry-After` honoured up to
 * `maxDelayMs`). Everything stops at once when the request's signal aborts.
 *
 * Errors thrown: `LienError` with code `network`, `timeout` or `aborted`. HTTP error responses are
 * returned as they are (the last one, after retries); shaping them is the caller's job.
 */
export function createResilientFetch(options: ResilientFetchOptions): FetchLike {
  const { retries = 2, baseDelayMs = 250, maxDelayMs = 8000 } = options.retry || {};
  const { timeoutMs = 15000, random = Math.random, sleep = defaultSleep } = options;

  return async (request: Request): Promise<Response> => {
    const signal = request.signal;
    const attempts = isIdempotent(request) && options.retry !== false ? retries + 1 : 1;
    for (let attempt = 1; ; attempt++) {
      if (signal.aborted) throw aborted(signal.reason);
      // One controller per attempt, aborted by the caller's signal or by the time limit. Plain
      // listeners and a timer keep it strongly referenced for the attempt's whole life.
      const controller = new AbortController();
      const onAbort = () => controller.abort(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      const timer =
        timeoutMs > 0
          ? setTimeout(
              () => controller.abort(new DOMException('The request timed out.', 'TimeoutError')),
              timeoutMs,
            )
          : undefined;
      let response: Response | undefined;
      let failure: LienError | undefined;
      try {
        // The attempt also stops on its own when the controller aborts: undici's Request follows
        // its signal through a weak reference only, so a collected Request would not hear it.
        const pending = options.fetch(new Request(request.clone(), { signal: controller.signal }));
        response = await Promise.race([
          pending,
          new Promise<never>((_, reject) =>
            controller.signal.addEventListener(
              'abort',
              () => {
                pending.catch(() => undefined);
                reject(controller.signal.reason);
              },
              { once: true },
            ),
          ),
        ]);
      } catch (error) {
        if (signal.aborted) throw aborted(error);
        // Not the caller's signal: an aborted attempt is the time limit.
        failure = controller.signal.aborted
          ? new LienError(`No answer from the server within ${timeoutMs} ms.`, {
              code: 'timeout',
              cause: error,
            })
          : unreachable(error);
      } finally {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
      }
      if (attempt >= attempts || !(failure || RETRYABLE_STATUS.includes(response?.status ?? 0))) {
        if (failure) throw failure;
        return response as Response;
      }
      const backoff = random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
      const delay = Math.min(
        maxDelayMs,
        parseRetryAfter(response?.headers.get('Retry-After') ?? null) ?? backoff,
      );
      await discard(response);
      try {
        await sleep(delay, signal);
      } catch (error) {
        throw aborted(error);
      }
    }
  };
}
