import { LienError, aborted, unreachable } from '../errors.js';

/** A `fetch`-compatible function. */
export type FetchLike = (input: Request) => Promise<Response>;

/** Retry policy for idempotent requests. */
export interface RetryOptions {
  /** Retries after the first attempt (0 disables retries). Default 2. */
  retries?: number;
  /** Base delay of the exponential backoff, in ms. Default 250. */
  baseDelayMs?: number;
  /**
   * Upper bound of one wait, in ms. Default 8000. A server's `Retry-After` asking for longer ends
   * the retries: its answer (429 or 503) is returned.
   */
  maxDelayMs?: number;
}

/** Options of {@link createResilientFetch}. */
export interface ResilientFetchOptions {
  fetch: FetchLike;
  retry?: RetryOptions | false;
  /** Time limit of one attempt, headers and body, in ms. Default 15000. 0 disables the limit. */
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

/** Lets go of a response body that will not be read. */
export const discard = (response: Response | undefined): Promise<unknown> | undefined =>
  response?.body?.cancel().catch(() => undefined);

/**
 * One attempt under its own controller, which the caller's signal or the time limit aborts. Both
 * stay in force until the response body has been read (or cancelled): a server that sends its
 * headers and then stalls is stopped too. Rejects, and errors the body, with a `LienError`.
 */
async function attempt(request: Request, fetch: FetchLike, timeoutMs: number): Promise<Response> {
  const signal = request.signal;
  const controller = new AbortController();
  const onAbort = () => controller.abort(aborted(signal.reason));
  signal.addEventListener('abort', onAbort, { once: true });
  const timer =
    timeoutMs > 0
      ? setTimeout(
          () =>
            controller.abort(
              new LienError(`No answer from the server within ${timeoutMs} ms.`, {
                code: 'timeout',
              }),
            ),
          timeoutMs,
        )
      : undefined;
  const done = () => {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  };
  // Rejects with the controller's reason when it aborts. The attempt does not rely on `fetch`
  // honouring the signal: undici's Request follows it through a weak reference only, so a
  // collected Request would not hear it (and a test's fake fetch may ignore it).
  const stopped = new Promise<never>((_, reject) =>
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), {
      once: true,
    }),
  );
  stopped.catch(() => undefined);
  let response: Response;
  try {
    const pending = fetch(new Request(request.clone(), { signal: controller.signal }));
    pending.catch(() => undefined);
    response = await Promise.race([pending, stopped]);
  } catch (error) {
    done();
    throw controller.signal.aborted ? (controller.signal.reason as LienError) : unreachable(error);
  }
  const source = response.body?.getReader();
  if (!source || response.headers.get('Content-Length') === '0') {
    done();
    return response;
  }
  const body = new ReadableStream<Uint8Array>({
    async pull(out) {
      try {
        const chunk = await Promise.race([source.read(), stopped]);
        if (chunk.done) {
          done();
          out.close();
        } else out.enqueue(chunk.value);
      } catch (error) {
        done();
        source.cancel(error).catch(() => undefined);
        out.error(error instanceof LienError ? error : unreachable(error));
      }
    },
    cancel(reason) {
      done();
      return source.cancel(reason);
    },
  });
  return new Response(body, response);
}

/**
 * Wraps `fetch` with a time limit per attempt (headers and body) and bounded retries of idempotent
 * requests on network errors, 429 and 502–504 (exponential backoff with full jitter). A
 * `Retry-After` is honoured; when it asks for longer than `maxDelayMs`, the answer is returned
 * rather than retried early. Everything stops at once when the request's signal aborts, the
 * reading of the body included.
 *
 * Errors thrown (and errors of the body stream): `LienError` with code `network`, `timeout` or
 * `aborted`. HTTP error responses are returned as they are (the last one, after retries); shaping
 * them is the caller's job.
 */
export function createResilientFetch(options: ResilientFetchOptions): FetchLike {
  const { retries = 2, baseDelayMs = 250, maxDelayMs = 8000 } = options.retry || {};
  const { timeoutMs = 15000, random = Math.random, sleep = defaultSleep } = options;

  return async (request: Request): Promise<Response> => {
    const signal = request.signal;
    const attempts = isIdempotent(request) && options.retry !== false ? retries + 1 : 1;
    for (let count = 1; ; count++) {
      if (signal.aborted) throw aborted(signal.reason);
      let response: Response | undefined;
      let failure: unknown;
      try {
        response = await attempt(request, options.fetch, timeoutMs);
      } catch (error) {
        if (signal.aborted) throw aborted(signal.reason);
        failure = error;
      }
      const retryAfter = parseRetryAfter(response?.headers.get('Retry-After') ?? null);
      if (
        count >= attempts ||
        !(failure || RETRYABLE_STATUS.includes(response?.status ?? 0)) ||
        (retryAfter ?? 0) > maxDelayMs
      ) {
        if (failure) throw failure;
        return response as Response;
      }
      const delay = retryAfter ?? random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (count - 1));
      await discard(response);
      try {
        await sleep(delay, signal);
      } catch (error) {
        throw aborted(error);
      }
    }
  };
}
