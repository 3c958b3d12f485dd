import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { LienError } from '../src/errors.js';
import {
  createResilientFetch,
  isIdempotent,
  parseRetryAfter,
  type FetchLike,
} from '../src/http/resilient-fetch.js';

const URL_BASE = 'https://lien.test/fhir';

/** A fake fetch answering from a script of responses (or errors), recording each request. */
function scripted(...answers: (Response | Error | (() => Promise<Response>))[]) {
  const requests: Request[] = [];
  const fetch: FetchLike = async (request) => {
    requests.push(request);
    const next = answers.shift();
    if (next === undefined) throw new Error('unexpected request');
    if (next instanceof Error) throw next;
    if (typeof next === 'function') return next();
    return next;
  };
  return { fetch, requests };
}

const noSleep = { sleep: async () => undefined, random: () => 0.5 };

describe('isIdempotent', () => {
  it('treats GET as idempotent', () => {
    expect(isIdempotent(new Request(`${URL_BASE}/CareTeam`))).toBe(true);
  });
  it('treats a PUT with If-Match as idempotent, and one without as not', () => {
    expect(
      isIdempotent(
        new Request(`${URL_BASE}/CareTeam/1`, { method: 'PUT', headers: { 'If-Match': 'W/"1"' } }),
      ),
    ).toBe(true);
    expect(isIdempotent(new Request(`${URL_BASE}/CareTeam/1`, { method: 'PUT' }))).toBe(false);
  });
  it('treats $declare-actor and $withdraw-actor as idempotent, but not $break-the-glass', () => {
    expect(
      isIdempotent(new Request(`${URL_BASE}/Patient/1/$declare-actor`, { method: 'POST' })),
    ).toBe(true);
    expect(
      isIdempotent(new Request(`${URL_BASE}/Patient/1/$withdraw-actor`, { method: 'POST' })),
    ).toBe(true);
    expect(
      isIdempotent(new Request(`${URL_BASE}/Patient/1/$break-the-glass`, { method: 'POST' })),
    ).toBe(false);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds', () => {
    expect(parseRetryAfter('3')).toBe(3000);
  });
  it('reads an HTTP date relative to now', () => {
    const now = Date.parse('2026-11-22T10:00:00Z');
    expect(parseRetryAfter('Sun, 22 Nov 2026 10:00:05 GMT', now)).toBe(5000);
  });
  it('ignores garbage', () => {
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe('createResilientFetch', () => {
  it('retries a GET on 503 and returns the later success', async () => {
    const { fetch, requests } = scripted(
      new Response('', { status: 503 }),
      new Response('ok', { status: 200 }),
    );
    const send = createResilientFetch({ fetch, ...noSleep });
    const response = await send(new Request(`${URL_BASE}/metadata`));
    expect(response.status).toBe(200);
    expect(requests).toHaveLength(2);
  });

  it('retries on 429, 502 and 504 but not on 500', async () => {
    for (const status of [429, 502, 504]) {
      const { fetch, requests } = scripted(new Response('', { status }), new Response('ok'));
      await createResilientFetch({ fetch, ...noSleep })(new Request(`${URL_BASE}/metadata`));
      expect(requests, `status ${status}`).toHaveLength(2);
    }
    const { fetch, requests } = scripted(new Response('', { status: 500 }));
    const response = await createResilientFetch({ fetch, ...noSleep })(
      new Request(`${URL_BASE}/metadata`),
    );
    expect(response.status).toBe(500);
    expect(requests).toHaveLength(1);
  });

  it('never retries a non-idempotent request', async () => {
    const { fetch, requests } = scripted(new Response('', { status: 503 }));
    const send = createResilientFetch({ fetch, ...noSleep });
    const response = await send(
      new Request(`${URL_BASE}/Patient/1/$break-the-glass`, { method: 'POST', body: '{}' }),
    );
    expect(response.status).toBe(503);
    expect(requests).toHaveLength(1);
  });

  it('stops after the configured number of retries and returns the last answer', async () => {
    const { fetch, requests } = scripted(
      new Response('', { status: 503 }),
      new Response('', { status: 503 }),
      new Response('', { status: 503 }),
    );
    const send = createResilientFetch({ fetch, retry: { retries: 2 }, ...noSleep });
    const response = await send(new Request(`${URL_BASE}/metadata`));
    expect(response.status).toBe(503);
    expect(requests).toHaveLength(3);
  });

  it('sends the body again on each attempt of an idempotent PUT', async () => {
    const { fetch, requests } = scripted(new TypeError('socket hang up'), new Response('ok'));
    const send = createResilientFetch({ fetch, ...noSleep });
    await send(
      new Request(`${URL_BASE}/CareTeam/1`, {
        method: 'PUT',
        headers: { 'If-Match': 'W/"3"' },
        body: '{"a":1}',
      }),
    );
    expect(await Promise.all(requests.map((r) => r.text()))).toEqual(['{"a":1}', '{"a":1}']);
  });

  it('honours Retry-After, and returns the answer when it asks for longer than the maximum delay', async () => {
    const delays: number[] = [];
    const { fetch, requests } = scripted(
      new Response('', { status: 429, headers: { 'Retry-After': '2' } }),
      new Response('', { status: 429, headers: { 'Retry-After': '120' } }),
      new Response('ok'),
    );
    const send = createResilientFetch({
      fetch,
      retry: { retries: 2, maxDelayMs: 10000 },
      sleep: async (ms) => void delays.push(ms),
    });
    const response = await send(new Request(`${URL_BASE}/metadata`));
    expect(delays).toEqual([2000]);
    expect(response.status).toBe(429);
    expect(requests).toHaveLength(2);
  });

  it('backs off exponentially with jitter when the server gives no Retry-After', async () => {
    const delays: number[] = [];
    const { fetch } = scripted(
      new TypeError('x'),
      new TypeError('x'),
      new TypeError('x'),
      new Response('ok'),
    );
    const send = createResilientFetch({
      fetch,
      retry: { retries: 3, baseDelayMs: 100, maxDelayMs: 1000 },
      random: () => 0.5,
      sleep: async (ms) => void delays.push(ms),
    });
    await send(new Request(`${URL_BASE}/metadata`));
    expect(delays).toEqual([50, 100, 200]);
  });

  it('maps a network failure to LienError "network" once retries are spent', async () => {
    const { fetch } = scripted(new TypeError('fetch failed'), new TypeError('fetch failed'));
    const send = createResilientFetch({ fetch, retry: { retries: 1 }, ...noSleep });
    await expect(send(new Request(`${URL_BASE}/metadata`))).rejects.toMatchObject({
      name: 'LienError',
      code: 'network',
    });
  });

  it('gives up an attempt after the timeout with LienError "timeout"', async () => {
    // A real socket that never answers, and the platform's fetch.
    const server = createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const send = createResilientFetch({ fetch: (r) => fetch(r), timeoutMs: 50, retry: false });
      const error = await send(new Request(`http://127.0.0.1:${port}/fhir/metadata`)).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(LienError);
      expect((error as LienError).code).toBe('timeout');
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('stops at once when the caller aborts, even while waiting to retry', async () => {
    const controller = new AbortController();
    const { fetch, requests } = scripted(
      new Response('', { status: 503, headers: { 'Retry-After': '5' } }),
    );
    const send = createResilientFetch({ fetch });
    const pending = send(new Request(`${URL_BASE}/metadata`, { signal: controller.signal }));
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
    expect(requests).toHaveLength(1);
  });

  it('does not send anything when the signal is already aborted', async () => {
    const { fetch, requests } = scripted();
    const send = createResilientFetch({ fetch });
    await expect(
      send(new Request(`${URL_BASE}/metadata`, { signal: AbortSignal.abort() })),
    ).rejects.toMatchObject({
      code: 'aborted',
    });
    expect(requests).toHaveLength(0);
  });

  describe('while the body is read', () => {
    /** A response whose headers arrive at once and whose body then stalls (a chunk, then nothing). */
    const stalled = () =>
      new Response(
        new ReadableStream<Uint8Array>({
          start: (controller) => controller.enqueue(new TextEncoder().encode('{"resourceType":')),
        }),
        { headers: { 'Content-Type': 'application/fhir+json' } },
      );

    it('gives up after the timeout with LienError "timeout" when the body stalls', async () => {
      const { fetch } = scripted(stalled());
      const send = createResilientFetch({ fetch, timeoutMs: 50, retry: false });
      const response = await send(new Request(`${URL_BASE}/CareTeam`));
      const error = await response.text().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LienError);
      expect((error as LienError).code).toBe('timeout');
    });

    it('stops at once with LienError "aborted" when the caller aborts', async () => {
      const controller = new AbortController();
      const { fetch } = scripted(stalled());
      const send = createResilientFetch({ fetch, retry: false });
      const response = await send(
        new Request(`${URL_BASE}/CareTeam`, { signal: controller.signal }),
      );
      setTimeout(() => controller.abort(), 20);
      await expect(response.text()).rejects.toMatchObject({ code: 'aborted' });
    });

    it('reports a connection lost in the middle of the body as "network"', async () => {
      const { fetch } = scripted(
        new Response(
          new ReadableStream<Uint8Array>({
            pull: (controller) => controller.error(new TypeError('terminated')),
          }),
        ),
      );
      const send = createResilientFetch({ fetch, retry: false });
      const response = await send(new Request(`${URL_BASE}/CareTeam`));
      await expect(response.text()).rejects.toMatchObject({ code: 'network' });
    });

    it('lets the body through whole, and keeps the time limit until its end', async () => {
      const clear = vi.spyOn(globalThis, 'clearTimeout');
      try {
        const { fetch } = scripted(new Response('{"resourceType":"Bundle"}'));
        const send = createResilientFetch({ fetch, timeoutMs: 1000, retry: false });
        const response = await send(new Request(`${URL_BASE}/CareTeam`));
        expect(clear).not.toHaveBeenCalled();
        expect(await response.json()).toEqual({ resourceType: 'Bundle' });
        expect(clear).toHaveBeenCalledTimes(1);
      } finally {
        clear.mockRestore();
      }
    });

    it('stops a real server that sends its headers and then stalls', async () => {
      const server = createServer((_, response) => {
        response.writeHead(200, { 'Content-Type': 'application/fhir+json' });
        response.write('{"resourceType":');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      try {
        const send = createResilientFetch({ fetch: (r) => fetch(r), timeoutMs: 100, retry: false });
        const response = await send(new Request(`http://127.0.0.1:${port}/fhir/CareTeam`));
        await expect(response.text()).rejects.toMatchObject({ code: 'timeout' });
      } finally {
        server.closeAllConnections();
        server.close();
      }
    });
  });
});
