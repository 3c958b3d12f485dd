import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer, ServerOptions } from '../src/index.js';
import { createServer, startServer } from '../src/index.js';
import { BACKENDS, freshPostgres } from './helpers.js';

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

/** The head of a declaration announcing a 100-byte body, and its first 10 bytes. */
function partialRequest(host: string): string {
  return (
    `POST /fhir/Patient/marie-durand/$declare-actor HTTP/1.1\r\nHost: ${host}\r\n` +
    'Content-Type: application/fhir+json\r\nContent-Length: 100\r\n\r\n{"resource'
  );
}

/**
 * A client that sends part of a request, then nothing; what it receives, and when it is closed.
 * Resolves once the server has the request's head: `server`'s `request` event, or after 300 ms.
 */
async function stalledClient(
  url: string,
  server?: RunningServer,
): Promise<{
  socket: Socket;
  received: () => string;
  closed: Promise<number>;
}> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await new Promise<void>((r) => socket.once('connect', r));
  let received = '';
  socket.on('data', (d) => (received += String(d)));
  socket.on('error', () => undefined);
  const start = Date.now();
  const closed = new Promise<number>((r) => socket.once('close', () => r(Date.now() - start)));
  const routed = server
    ? once(server.app.server, 'request')
    : new Promise((r) => setTimeout(r, 300));
  socket.write(partialRequest(`${hostname}:${port}`));
  await routed;
  return { socket, received: () => received, closed };
}

/** `p`, or 'pending' when it has not settled after `ms`. */
function within<T>(p: Promise<T>, ms: number): Promise<T | 'pending'> {
  return Promise.race([p, new Promise<'pending'>((r) => setTimeout(() => r('pending'), ms))]);
}

describe.each(BACKENDS)('request timeout and shutdown deadline (%s)', (backend) => {
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });

  async function start(options: ServerOptions): Promise<RunningServer> {
    const db: ServerOptions = { dataDir: 'memory://' };
    if (backend === 'postgres') {
      const fresh = await freshPostgres();
      cleanup.push(fresh.drop);
      Object.assign(db, { databaseUrl: fresh.url, poolSize: 2 });
    }
    const server = await startServer({ port: 0, logger: false, ...db, ...options });
    cleanup.push(() => server.close().catch(() => undefined));
    return server;
  }

  it('answers 408 and closes the connection of a client that stops sending its body', async () => {
    const server = await start({ requestTimeoutMs: 500 });
    const client = await stalledClient(server.url, server);
    cleanup.push(() => void client.socket.destroy());
    const elapsed = await within(client.closed, 5000);
    expect(elapsed).not.toBe('pending');
    expect(elapsed).toBeLessThan(2500);
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
    // An OperationOutcome, as every error answer.
    expect(client.received()).toMatch(/content-type: application\/fhir\+json/i);
    expect(JSON.parse(client.received().split('\r\n\r\n')[1] ?? '')).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'timeout' }],
    });
  });

  it('answers a request that is not HTTP with a 400 OperationOutcome and closes it', async () => {
    const server = await start({});
    const { hostname, port } = new URL(server.url);
    const socket = connect(Number(port), hostname);
    cleanup.push(() => void socket.destroy());
    let received = '';
    socket.on('data', (d) => (received += String(d)));
    socket.on('error', () => undefined);
    const closed = once(socket, 'close');
    socket.write('NOT HTTP AT ALL\r\n\r\n');
    expect(await within(closed, 5000)).not.toBe('pending');
    expect(received).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(received.split('\r\n\r\n')[1] ?? '')).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ code: 'structure' }],
    });
  });

  it('close() ends a stalled connection at the shutdown deadline, then closes the database', async () => {
    const server = await start({ requestTimeoutMs: 0, shutdownTimeoutMs: 500 });
    const client = await stalledClient(server.url, server);
    cleanup.push(() => void client.socket.destroy());
    const started = Date.now();
    const closing = server.close().then(
      () => 'resolved',
      (err: Error) => err.message,
    );
    const outcome = await within(closing, 5000);
    expect(outcome).toMatch(/after the 0\.5 s shutdown deadline: their connections were closed/);
    expect(Date.now() - started).toBeLessThan(2500);
    expect(await within(client.closed, 1000)).not.toBe('pending');
    await expect(server.db.query('SELECT 1')).rejects.toThrow();
  });

  it('close() lets a request that completes before the deadline finish (and resolves)', async () => {
    const server = await start({ shutdownTimeoutMs: 5000 });
    const client = await stalledClient(server.url, server);
    cleanup.push(() => void client.socket.destroy());
    const started = Date.now();
    const closing = server.close();
    await new Promise((r) => setTimeout(r, 200));
    client.socket.write(`":1}${' '.repeat(100 - 14)}`);
    await closing;
    expect(Date.now() - started).toBeLessThan(2500);
    await client.closed;
    // Routed before the shutdown began: answered (no token → 401), not refused with 503.
    expect(client.received()).toMatch(/^HTTP\/1\.1 401 /);
    expect(client.received()).toMatch(/\r\nconnection: close\r\n/i);
  });

  it('refuses a negative timeout before opening anything', async () => {
    await expect(createServer({ shutdownTimeoutMs: -1 })).rejects.toThrow(
      'shutdown timeout must be a non-negative integer number of ms (got -1)',
    );
  });
});

/** Runs the CLI from source (tsx); resolves the server's URL once it listens. */
function cli(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    env: { ...process.env, ...env, NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += String(d)));
  child.stderr.on('data', (d) => (out += String(d)));
  const exited = new Promise<number>((r) => child.on('exit', (code) => r(code ?? -1)));
  const url = (async () => {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && child.exitCode === null) {
      const found = /"url":"(http:\/\/[^"]+)"/.exec(out)?.[1];
      if (found) return found;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the server did not start: ${out}`);
  })();
  return { child, exited, url, output: () => out };
}

// PGlite-based: skipped in the PostgreSQL-only run.
describe.skipIf(!!process.env.LIEN_TEST_POSTGRES_ONLY)('lien-server timeouts (CLI)', () => {
  it('LIEN_REQUEST_TIMEOUT_SECONDS: a stalled request is answered 408', async () => {
    const run = cli(['--port', '0', '--data-dir', 'memory://'], {
      LIEN_REQUEST_TIMEOUT_SECONDS: '1',
    });
    try {
      const client = await stalledClient(await run.url);
      const elapsed = await within(client.closed, 6000);
      client.socket.destroy();
      expect(elapsed).not.toBe('pending');
      expect(elapsed).toBeLessThan(3500);
      expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      run.child.kill('SIGKILL');
      await run.exited;
    }
  });

  it('--shutdown-timeout-seconds: SIGTERM with a stalled client exits 1 at the deadline, one line', async () => {
    const run = cli(['--port', '0', '--data-dir', 'memory://', '--shutdown-timeout-seconds', '1']);
    try {
      const client = await stalledClient(await run.url);
      const started = Date.now();
      run.child.kill('SIGTERM');
      const code = await within(run.exited, 8000);
      client.socket.destroy();
      expect(code).toBe(1);
      expect(Date.now() - started).toBeLessThan(5000);
      // After the "shutting down" log line, one line: the deadline's.
      const lines = run.output().trim().split('\n');
      const shuttingDown = lines.findIndex((l) => l.includes('shutting down'));
      expect(shuttingDown).toBeGreaterThan(0);
      expect(lines.slice(shuttingDown + 1)).toEqual([
        'lien-server: shutdown failed: requests were still in flight after the 1 s shutdown deadline: their connections were closed',
      ]);
    } finally {
      run.child.kill('SIGKILL');
      await run.exited;
    }
  });
});
