import { spawn } from 'node:child_process';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

/** Runs the CLI from source (tsx) and collects its output. */
function cli(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    env: { ...process.env, ...env, NODE_ENV: env.NODE_ENV ?? 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += String(d)));
  child.stderr.on('data', (d) => (out += String(d)));
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  return { child, exited, output: () => out };
}

// PGlite-based: skipped in the PostgreSQL-only run.
describe.skipIf(!!process.env.LIEN_TEST_POSTGRES_ONLY)('lien-server CLI', () => {
  it('exits non-zero with a clear message when the port is taken', async () => {
    const blocker = createNetServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const run = cli(['--port', String(port), '--data-dir', 'memory://']);
      expect(await run.exited).toBe(1);
      expect(run.output()).toContain(`Port ${port} on 127.0.0.1 is already in use`);
    } finally {
      blocker.close();
    }
  });

  it('refuses --dev-auth in production', async () => {
    const run = cli(['--port', '0', '--data-dir', 'memory://', '--dev-auth'], {
      NODE_ENV: 'production',
    });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('refused when NODE_ENV=production');
  });

  it('refuses an --issuer without --audience (one line, exit 1)', async () => {
    const run = cli(['--port', '0', '--data-dir', 'memory://', '--issuer', 'https://idp.test']);
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('Issuer https://idp.test has no audience');
    expect(run.output().trim().split('\n')).toHaveLength(1);
  });

  it('refuses an identity cache lifetime that is not a whole number of seconds (flag or env)', async () => {
    const flag = cli(['--port', '0', '--data-dir', 'memory://', '--identity-cache-seconds', '5m']);
    expect(await flag.exited).toBe(2);
    expect(flag.output()).toContain('--identity-cache-seconds must be a non-negative integer');
    const env = cli(['--port', '0', '--data-dir', 'memory://'], {
      LIEN_IDENTITY_CACHE_SECONDS: '-1',
    });
    expect(await env.exited).toBe(2);
    expect(env.output()).toContain('--identity-cache-seconds must be a non-negative integer');
  });

  it('serves, then shuts down gracefully on SIGTERM (exit 0)', async () => {
    const run = cli(['--port', '0', '--data-dir', 'memory://'], { LIEN_LOG_LEVEL: 'info' });
    const deadline = Date.now() + 60_000;
    let url: string | undefined;
    while (!url && Date.now() < deadline) {
      url = /"url":"(http:\/\/[^"]+)"/.exec(run.output())?.[1];
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(url).toBeDefined();
    const res = await fetch(`${url}/fhir/metadata`);
    expect(res.status).toBe(200);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain('"msg":"closed"');
  });
});
