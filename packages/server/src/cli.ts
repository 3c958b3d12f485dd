#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { IssuerConfig } from './auth/verify.js';
import type { RunningServer, ServerOptions } from './server.js';
import { startServer } from './server.js';

const HELP = `lien-server — the Lien reference FHIR server

Usage: lien-server [options]

  --port <n>                      TCP port (default 8080)                       LIEN_PORT
  --host <addr>                   interface (default 127.0.0.1)                 LIEN_HOST
  --data-dir <dir>                PGlite data folder (default .lien-data)       LIEN_DATA_DIR
  --database-url <url>            use PostgreSQL instead of PGlite              DATABASE_URL, LIEN_DATABASE_URL
  --pool-size <n>                 PostgreSQL pool size (default 20)             LIEN_POOL_SIZE
  --seed demo                     load the demo data set (idempotent)           LIEN_SEED
  --dev-auth                      /dev/token sign-in (refused in production)    LIEN_DEV_AUTH=1
  --cors-origin <origin>          allowed CORS origin (repeat, or comma list)   LIEN_CORS_ORIGIN
  --static-dir <dir>              serve a demo page folder at /                 LIEN_STATIC_DIR
  --issuer <url>                  trusted OIDC issuer (discovery), repeatable   LIEN_ISSUER (comma list)
  --audience <aud>                audience required from --issuer tokens        LIEN_AUDIENCE
  --no-audience-check             accept any aud from --issuer tokens (unsafe)  LIEN_NO_AUDIENCE_CHECK=1
  --issuers-file <file>           JSON array of issuer configurations           LIEN_ISSUERS_FILE, LIEN_ISSUERS (JSON)
  --public-url <url>              external base URL (fullUrl, links)            LIEN_PUBLIC_URL
  --break-glass-minutes <n>       emergency access duration (default 240)       LIEN_BREAK_GLASS_MINUTES
  --identity-cache-seconds <n>    directory cache lifetime (default 300)        LIEN_IDENTITY_CACHE_SECONDS
  --body-limit <bytes>            request body limit (default 1048576)          LIEN_BODY_LIMIT
  --request-timeout-seconds <n>   time to send a whole request (default 30)     LIEN_REQUEST_TIMEOUT_SECONDS
  --shutdown-timeout-seconds <n>  grace period at shutdown (default 10)         LIEN_SHUTDOWN_TIMEOUT_SECONDS
  --trust-proxy                   trust X-Forwarded-* headers                   LIEN_TRUST_PROXY=1
  --log-level <level>             pino level (default info)                     LIEN_LOG_LEVEL
  --no-request-log                no per-request log lines                      LIEN_REQUEST_LOG=0
  -h, --help                      this help
`;

function list(values: string[] | undefined, env: string | undefined): string[] {
  const all = [...(values ?? []), ...(env ? [env] : [])];
  return all
    .flatMap((v) => v.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
}

function int(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer`);
  return n;
}

function flag(value: boolean | undefined, env: string | undefined): boolean {
  return value === true || env === '1' || env === 'true';
}

/** Parses the command line and environment into server options. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): ServerOptions | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      'database-url': { type: 'string' },
      'pool-size': { type: 'string' },
      seed: { type: 'string' },
      'dev-auth': { type: 'boolean' },
      'cors-origin': { type: 'string', multiple: true },
      'static-dir': { type: 'string' },
      issuer: { type: 'string', multiple: true },
      audience: { type: 'string' },
      'no-audience-check': { type: 'boolean' },
      'issuers-file': { type: 'string' },
      'public-url': { type: 'string' },
      'break-glass-minutes': { type: 'string' },
      'identity-cache-seconds': { type: 'string' },
      'body-limit': { type: 'string' },
      'request-timeout-seconds': { type: 'string' },
      'shutdown-timeout-seconds': { type: 'string' },
      'trust-proxy': { type: 'boolean' },
      'log-level': { type: 'string' },
      'no-request-log': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return null;
  const seed = values.seed ?? env.LIEN_SEED;
  if (seed && seed !== 'demo') throw new Error(`Unknown seed "${seed}" (known: demo)`);
  const audience = values.audience ?? env.LIEN_AUDIENCE;
  const noAudienceCheck = flag(values['no-audience-check'], env.LIEN_NO_AUDIENCE_CHECK);
  if (audience && noAudienceCheck) {
    throw new Error('--audience and --no-audience-check contradict each other');
  }
  // Without --audience (or the explicit opt-out) an --issuer is refused at start-up.
  const issuers: IssuerConfig[] = list(values.issuer, env.LIEN_ISSUER).map((issuer) => ({
    issuer,
    ...(audience ? { audience } : noAudienceCheck ? { audience: false as const } : {}),
  }));
  const issuersFile = values['issuers-file'] ?? env.LIEN_ISSUERS_FILE;
  if (issuersFile)
    issuers.push(...(JSON.parse(readFileSync(issuersFile, 'utf8')) as IssuerConfig[]));
  if (env.LIEN_ISSUERS) issuers.push(...(JSON.parse(env.LIEN_ISSUERS) as IssuerConfig[]));
  const minutes = int(
    values['break-glass-minutes'] ?? env.LIEN_BREAK_GLASS_MINUTES,
    '--break-glass-minutes',
  );
  const identityCacheSeconds = int(
    values['identity-cache-seconds'] ?? env.LIEN_IDENTITY_CACHE_SECONDS,
    '--identity-cache-seconds',
  );
  const requestTimeoutSeconds = int(
    values['request-timeout-seconds'] ?? env.LIEN_REQUEST_TIMEOUT_SECONDS,
    '--request-timeout-seconds',
  );
  const shutdownTimeoutSeconds = int(
    values['shutdown-timeout-seconds'] ?? env.LIEN_SHUTDOWN_TIMEOUT_SECONDS,
    '--shutdown-timeout-seconds',
  );
  return {
    port: int(values.port ?? env.LIEN_PORT, '--port') ?? 8080,
    host: values.host ?? env.LIEN_HOST ?? '127.0.0.1',
    dataDir: values['data-dir'] ?? env.LIEN_DATA_DIR ?? '.lien-data',
    databaseUrl: values['database-url'] ?? env.LIEN_DATABASE_URL ?? env.DATABASE_URL,
    poolSize: int(values['pool-size'] ?? env.LIEN_POOL_SIZE, '--pool-size'),
    seed: seed === 'demo' ? 'demo' : null,
    devAuth: flag(values['dev-auth'], env.LIEN_DEV_AUTH),
    corsOrigin: list(values['cors-origin'], env.LIEN_CORS_ORIGIN),
    staticDir: values['static-dir'] ?? env.LIEN_STATIC_DIR,
    issuers,
    publicUrl: values['public-url'] ?? env.LIEN_PUBLIC_URL,
    breakGlassMs: minutes === undefined ? undefined : minutes * 60_000,
    identityCacheMs: identityCacheSeconds === undefined ? undefined : identityCacheSeconds * 1000,
    bodyLimit: int(values['body-limit'] ?? env.LIEN_BODY_LIMIT, '--body-limit'),
    requestTimeoutMs:
      requestTimeoutSeconds === undefined ? undefined : requestTimeoutSeconds * 1000,
    shutdownTimeoutMs:
      shutdownTimeoutSeconds === undefined ? undefined : shutdownTimeoutSeconds * 1000,
    trustProxy: flag(values['trust-proxy'], env.LIEN_TRUST_PROXY),
    logger: { level: values['log-level'] ?? env.LIEN_LOG_LEVEL ?? 'info' },
    requestLog: !(values['no-request-log'] === true || env.LIEN_REQUEST_LOG === '0'),
  };
}

async function main(): Promise<void> {
  let options: ServerOptions | null;
  try {
    options = parseOptions(process.argv.slice(2), process.env);
  } catch (err) {
    console.error(`lien-server: ${(err as Error).message}\n\n${HELP}`);
    process.exit(2);
  }
  if (!options) {
    process.stdout.write(HELP);
    return;
  }
  let server: RunningServer;
  try {
    server = await startServer(options);
  } catch (err) {
    console.error(`lien-server: ${(err as Error).message}`);
    process.exit(1);
  }
  const log = server.app.log;
  log.info(
    {
      url: server.url,
      database: server.db.kind,
      devAuth: !!options.devAuth,
      issuers: options.issuers?.length ?? 0,
    },
    'Lien server ready',
  );
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) {
      log.warn({ signal }, 'forced exit');
      process.exit(1);
    }
    closing = true;
    log.info({ signal }, 'shutting down: finishing in-flight requests');
    server
      .close()
      .then(() => {
        log.info('closed');
        process.exit(0);
      })
      .catch((err: unknown) => {
        console.error(`lien-server: shutdown failed: ${(err as Error).message}`);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

await main();
