import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { resolve } from 'node:path';
import Fastify, { LogController } from 'fastify';
import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifyServerOptions,
} from 'fastify';
import fastifyCompress from '@fastify/compress';
import fastifyCors from '@fastify/cors';
import fastifyStatic from '@fastify/static';
import type { LoggerOptions } from 'pino';
import { constants as zlibConstants } from 'node:zlib';
import { DevAuth } from './auth/dev.js';
import type { Caller } from './auth/identity.js';
import { IdentityResolver } from './auth/identity.js';
import type { IssuerConfig } from './auth/verify.js';
import { TokenVerifier, unauthorized } from './auth/verify.js';
import type { Db } from './db/index.js';
import { DbUnavailableError, isConnectionError, migrate, openDb, sqlState } from './db/index.js';
import { HttpError, operationOutcome } from './fhir/outcome.js';
import type { Issue } from './fhir/outcome.js';
import { Contract } from './http/contract.js';
import { securityHeaders } from './http/security-headers.js';
import type { Operation } from './http/contract.js';
import { devRoutes } from './routes/dev.js';
import { FHIR_JSON, fhirHandlers } from './routes/fhir.js';
import { seedDemo } from './seed/demo.js';
import { CareCircleCache } from './store/care-circle-cache.js';
import { AuditWriter } from './service/audit-writer.js';
import { CareCircleWriter } from './service/care-circle-writer.js';
import type { SeedReport } from './seed/demo.js';
import type { ServiceContext } from './service/context.js';

/** Options of {@link createServer} / {@link startServer}. Every field has a CLI flag and an env variable. */
export interface ServerOptions {
  /** TCP port (default 8080; 0 = any free port). */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** PGlite data folder (default `.lien-data/`), or `memory://`. Ignored when `databaseUrl` is set. */
  dataDir?: string;
  /** PostgreSQL connection string: use PostgreSQL instead of PGlite. */
  databaseUrl?: string;
  /** PostgreSQL pool size (default 20). */
  poolSize?: number;
  /** An already opened database (tests); the server closes it on close. */
  db?: Db;
  /** Data set to load at start-up (idempotent): `demo`. */
  seed?: 'demo' | null;
  /** Folder of the ANS example CDA letters (default `<repo>/../shared/fixtures/cda`, env LIEN_FIXTURES_DIR). */
  fixturesDir?: string;
  /** Development authentication (`/dev/token`…). Refused when NODE_ENV=production. */
  devAuth?: boolean;
  /** Allowed CORS origins (exact origins, or `*`). None by default. */
  corsOrigin?: string[];
  /** Folder served at `/` (a demo page). */
  staticDir?: string;
  /** Trusted token issuers. */
  issuers?: IssuerConfig[];
  /** Audience of dev tokens (default `lien`). */
  audience?: string;
  /** Duration of a break-the-glass grant in ms (default 4 h). */
  breakGlassMs?: number;
  /**
   * How long the caller's directory data (token claims → PractitionerRole, its profession, names,
   * organisation) are cached, in ms (default 5 min; 0 = read on every request). A change made in
   * the database by anything else than this server is seen after at most this long.
   */
  identityCacheMs?: number;
  /** Maximum request body in bytes (default 1 MiB). */
  bodyLimit?: number;
  /**
   * How long a client has to send a whole request, headers and body, in ms (default 30 s; 0 = no
   * limit). A slower one is answered 408 and its connection closed.
   */
  requestTimeoutMs?: number;
  /**
   * How long {@link LienServer.close} lets in-flight requests finish, in ms (default 10 s; 0 = no
   * limit). The connections still open then are closed.
   */
  shutdownTimeoutMs?: number;
  /** The bundled contract (default `@lien/openapi/bundled.json`). */
  contractPath?: string;
  /** Validate every response against the contract; a mismatch becomes a 500 (tests). */
  validateResponses?: boolean;
  /** Logging: false, true, or pino options (authorization headers are always redacted). */
  logger?: boolean | LoggerOptions;
  /** Log one line per request and response (default true). */
  requestLog?: boolean;
  /** External base URL (`https://lien.example`), for fullUrl / links; default from the request. */
  publicUrl?: string;
  /** Trust X-Forwarded-* headers (behind a reverse proxy). */
  trustProxy?: boolean;
  /** Clock (tests). */
  now?: () => Date;
  /** NODE_ENV to apply (default process.env.NODE_ENV). */
  nodeEnv?: string;
}

/** A created (not yet listening) server. */
export interface LienServer {
  /** The Fastify instance (use `inject` in tests). */
  app: FastifyInstance;
  db: Db;
  /** What the seed did, when one was requested. */
  seed: SeedReport | null;
  /** Responses that did not conform to the contract (with `validateResponses`). */
  responseViolations: string[];
  /** Care-circle answers kept in memory (confirmed by the database on every read); hit counters. */
  careCircles: CareCircleCache;
  /** Starts listening; resolves with the base URL (`http://127.0.0.1:8080`). */
  listen(): Promise<string>;
  /**
   * Stops accepting requests, lets in-flight ones finish, closes the database.
   * @throws Error when connections were still open after `shutdownTimeoutMs`: they were closed (and
   * then the database).
   */
  close(): Promise<void>;
}

const DEFAULT_BREAK_GLASS_MS = 4 * 60 * 60 * 1000;
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

declare module 'fastify' {
  interface FastifyContextConfig {
    operation?: Operation;
  }
}

function describeDbTarget(options: ServerOptions): string {
  if (options.databaseUrl) {
    try {
      const u = new URL(options.databaseUrl);
      return `PostgreSQL at ${u.hostname}:${u.port || 5432}${u.pathname}`;
    } catch {
      return 'PostgreSQL';
    }
  }
  return `PGlite in ${options.dataDir ?? '.lien-data'}`;
}

/** `Cache-Control: no-store` for a /fhir URL other than `/fhir/metadata`; else nothing. */
function noStore(url: string): Record<string, string> {
  const path = url.split('?')[0] ?? '';
  if (!/^\/fhir(\/|$)/.test(path) || /^\/fhir\/metadata\/?$/.test(path)) return {};
  return { 'Cache-Control': 'no-store' };
}

/**
 * A request Node's HTTP parser refused before any route saw it (malformed, headers too large, or
 * not sent in time: `requestTimeoutMs`) is answered with an OperationOutcome too, as every error,
 * and the connection is closed. Replaces Fastify's plain-JSON default.
 */
function clientErrorAnswer(err: { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, diagnostics]: [number, Issue['code'], string] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'timeout', 'The request was not received in time']
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'too-costly', 'The request headers are too large']
        : [400, 'structure', 'The request is not valid HTTP'];
  const body = JSON.stringify(operationOutcome([{ severity: 'error', code, diagnostics }]));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${FHIR_JSON}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/** FHIR's `_format` values of JSON, the only format served. */
const JSON_FORMATS = new Set(['json', 'application/json', 'application/fhir+json']);

/** A query parameter of a `/fhir` request, when given once. */
function fhirQuery(req: FastifyRequest, name: string): string | undefined {
  if (!req.url.startsWith('/fhir')) return undefined;
  const value = (req.query as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}

const isJson = (contentType: unknown): boolean => /json/.test(String(contentType ?? ''));

function outcomeOf(err: unknown): {
  status: number;
  issues: Issue[];
  headers: Record<string, string>;
} {
  if (err instanceof HttpError)
    return { status: err.status, issues: err.issues, headers: err.headers };
  // A statement cancelled by `statement_timeout` (57014) is the database's load or a lock held too
  // long, not the request's fault: retry later, like an unreachable database.
  if (err instanceof DbUnavailableError || isConnectionError(err) || sqlState(err) === '57014') {
    return {
      status: 503,
      issues: [
        {
          severity: 'error',
          code: 'transient',
          diagnostics: 'The database is unavailable; retry shortly',
        },
      ],
      headers: { 'Retry-After': '5' },
    };
  }
  const e = err as FastifyError;
  switch (e?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        status: 413,
        issues: [
          {
            severity: 'error',
            code: 'too-costly',
            diagnostics: 'The request body is too large',
            expression: ['body'],
          },
        ],
        headers: {},
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 415,
        issues: [
          {
            severity: 'error',
            code: 'not-supported',
            diagnostics: 'Unsupported content type; send application/fhir+json',
            expression: ['header.Content-Type'],
          },
        ],
        headers: {},
      };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return {
        status: 400,
        issues: [
          {
            severity: 'error',
            code: 'structure',
            diagnostics: 'The body is not valid JSON',
            expression: ['body'],
          },
        ],
        headers: {},
      };
    default:
      break;
  }
  if (e instanceof SyntaxError || (e?.statusCode === 400 && /JSON/i.test(e.message))) {
    return {
      status: 400,
      issues: [
        {
          severity: 'error',
          code: 'structure',
          diagnostics: 'The body is not valid JSON',
          expression: ['body'],
        },
      ],
      headers: {},
    };
  }
  const status =
    typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500
      ? e.statusCode
      : 500;
  return {
    status,
    issues: [
      {
        severity: 'error',
        code: status === 500 ? 'exception' : 'invalid',
        diagnostics: status === 500 ? 'Internal server error' : (e?.message ?? 'Bad request'),
      },
    ],
    headers: {},
  };
}

/**
 * Creates the Lien server: opens the database (PGlite or PostgreSQL), applies migrations, loads the
 * seed if asked, compiles the contract and registers the routes. Does not listen.
 * @throws Error with a clear message when the database is unreachable or the options are refused
 * (dev auth in production).
 */
export async function createServer(options: ServerOptions = {}): Promise<LienServer> {
  const nodeEnv = options.nodeEnv ?? process.env.NODE_ENV;
  if (options.devAuth && nodeEnv === 'production') {
    throw new Error('--dev-auth is refused when NODE_ENV=production');
  }
  for (const [name, ms] of [
    ['request timeout', options.requestTimeoutMs],
    ['shutdown timeout', options.shutdownTimeoutMs],
  ] as const) {
    if (ms !== undefined && !(Number.isInteger(ms) && ms >= 0)) {
      throw new Error(`${name} must be a non-negative integer number of ms (got ${ms})`);
    }
  }
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  // Issuers are checked (an audience each, or an explicit opt-out) before anything is opened.
  const verifier = new TokenVerifier(options.issuers ?? []);
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const contract = Contract.load(options.contractPath);

  const loggerOption: boolean | LoggerOptions =
    options.logger === undefined ? { level: 'info' } : options.logger;
  const logger =
    loggerOption === false
      ? false
      : {
          ...(loggerOption === true ? {} : loggerOption),
          // Never log tokens, cookies, bodies or query strings (INS, clinical text): ids and status only.
          redact: {
            paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization'],
            censor: '[redacted]',
          },
          serializers: {
            req: (req: { method: string; url: string; id: string }) => ({
              method: req.method,
              path: req.url.split('?')[0],
              reqId: req.id,
            }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            err: (err: Error & { code?: string }) => ({
              type: err.name,
              code: err.code,
              message: err.message,
              stack: err.stack ?? '',
            }),
          },
        };

  // Security headers (helmet's, computed once).
  const security = securityHeaders({
    crossOriginResourcePolicy: {
      policy: options.corsOrigin?.length ? 'cross-origin' : 'same-origin',
    },
    // A strict policy for the demo page served at `/` (and harmless on API answers): scripts and
    // styles from this origin only (Lit adopts constructed style sheets), no plugins, no framing,
    // and Trusted Types enforced — `lit-html` for templates, `lien-letters` for the letter reader.
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
        frameAncestors: ["'none'"],
        requireTrustedTypesFor: ["'script'"],
        trustedTypes: ['lit-html', 'lien-letters'],
      },
    },
  });

  const app: FastifyInstance = Fastify({
    logger: logger as FastifyServerOptions['logger'],
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    // A client that stops sending in the middle of a request is answered 408 and disconnected
    // (Fastify's default, 0, would keep its connection — and a shutdown waiting for it — open
    // forever). Given to Node's constructor as well, so that Node's headers timeout (60 s, or this
    // one when shorter) never exceeds it: Node checks neither when it does. Checked every second
    // (Node's `connectionsCheckingInterval` is 30 s), or sooner for a shorter timeout.
    requestTimeout: requestTimeoutMs,
    http: {
      requestTimeout: requestTimeoutMs,
      ...(requestTimeoutMs > 0
        ? { connectionsCheckingInterval: Math.min(1000, requestTimeoutMs) }
        : {}),
    },
    trustProxy: options.trustProxy ?? false,
    return503OnClosing: true,
    clientErrorHandler: clientErrorAnswer,
    logController: new LogController({ disableRequestLogging: options.requestLog === false }),
    forceCloseConnections: 'idle',
    routerOptions: { maxParamLength: 200, ignoreTrailingSlash: true },
    // Errors raised before routing (a malformed URL, a path parameter over 200 characters): an
    // OperationOutcome like every other error, with the same headers (never echoing the path).
    frameworkErrors: (err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
      const tooLong = err.code === 'FST_ERR_MAX_PARAM_LENGTH';
      const status = tooLong ? 414 : 400;
      void reply
        .code(status)
        .headers({ ...security, ...noStore(req.url) })
        .type(FHIR_JSON)
        .send(
          JSON.stringify(
            operationOutcome([
              {
                severity: 'error',
                code: tooLong ? 'too-costly' : 'invalid',
                diagnostics: tooLong
                  ? 'A path parameter is too long (at most 200 characters)'
                  : 'The URL is malformed (bad percent-encoding)',
              },
            ]),
          ),
        );
    },
  });

  let db: Db | undefined;
  try {
    db =
      options.db ??
      (await openDb({
        databaseUrl: options.databaseUrl,
        dataDir: options.dataDir,
        poolSize: options.poolSize,
        onIdleError: (err) =>
          app.log.warn({ code: (err as { code?: string }).code }, 'database connection lost'),
      }));
    await migrate(db);
  } catch (err) {
    if (db && !options.db) await db.close().catch(() => undefined);
    const cause = (err as { cause?: { code?: string } }).cause;
    const code = (err as { code?: string }).code ?? cause?.code;
    throw new Error(
      `Cannot open the database (${describeDbTarget(options)}): ${code ?? (err as Error).message}`,
      { cause: err },
    );
  }
  try {
    let seed: SeedReport | null = null;
    if (options.seed === 'demo') {
      seed = await seedDemo(db, { fixturesDir: options.fixturesDir, now: now() });
      app.log.info({ created: seed.created, skipped: seed.skipped }, 'demo seed loaded');
    }

    const ctx: ServiceContext = {
      db,
      now,
      breakGlassMs: options.breakGlassMs ?? DEFAULT_BREAK_GLASS_MS,
      careCircles: new CareCircleCache(),
      audits: new AuditWriter(db),
      careWrites: new CareCircleWriter(db),
    };
    const identity = new IdentityResolver(db, now, { cacheMs: options.identityCacheMs });
    const audience = options.audience ?? 'lien';
    const devAuth = options.devAuth ? await DevAuth.create(audience) : null;
    if (devAuth) verifier.addIssuer(devAuth.issuer);

    const responseViolations: string[] = [];
    const validateResponses = options.validateResponses ?? false;

    // Security headers, CORS, compression.
    app.addHook('onRequest', (req, reply, done) => {
      void reply.headers(security);
      // FHIR's `_format` (any interaction): JSON only; XML or another format is refused (406).
      const format = fhirQuery(req, '_format');
      if (
        format !== undefined &&
        !JSON_FORMATS.has(format.replace(/;.*/, '').trim().toLowerCase())
      ) {
        done(
          HttpError.of(
            406,
            'not-supported',
            `_format ${format} is not served: the answers are JSON only (_format=json).`,
            'query._format',
          ),
        );
        return;
      }
      done();
    });
    // Once close() was called, the answers of the requests already under way close their
    // connections (kept alive, they would hold the shutdown until its deadline).
    let closing = false;
    // Patient data must not be kept by browsers or shared caches: every /fhir answer (errors
    // included) but the CapabilityStatement.
    app.addHook('onSend', async (req, reply, payload) => {
      void reply.headers(noStore(req.url));
      if (closing) void reply.header('Connection', 'close');
      // FHIR's `_pretty=true` (any interaction): the JSON answer indented.
      if (fhirQuery(req, '_pretty') === 'true' && isJson(reply.getHeader('content-type'))) {
        const text =
          typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? String(payload) : null;
        if (text) return JSON.stringify(JSON.parse(text), null, 2);
      }
      return payload;
    });
    if (options.corsOrigin?.length) {
      const any = options.corsOrigin.includes('*');
      await app.register(fastifyCors, {
        origin: any ? true : options.corsOrigin,
        methods: ['GET', 'POST', 'PUT', 'OPTIONS'],
        allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Accept', 'Accept-Language'],
        exposedHeaders: ['ETag', 'Last-Modified', 'Location', 'Retry-After', 'WWW-Authenticate'],
        maxAge: 600,
      });
    }
    await app.register(fastifyCompress, {
      threshold: 1024,
      encodings: ['br', 'gzip', 'deflate'],
      brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } },
    });

    // FHIR JSON bodies. Parse errors become 400 OperationOutcomes (never echoing the body).
    app.addContentTypeParser('application/fhir+json', { parseAs: 'string' }, (_req, body, done) => {
      const text = body as string;
      if (text.trim() === '') return done(null, undefined);
      try {
        done(null, JSON.parse(text));
      } catch {
        done(HttpError.of(400, 'structure', 'The body is not valid JSON', 'body'), undefined);
      }
    });

    app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
      const o = outcomeOf(err);
      if (o.status >= 500) {
        req.log.error(
          {
            err: {
              type: err.name,
              code: (err as { code?: string }).code,
              message: o.status === 503 ? undefined : err.message,
            },
          },
          'request failed',
        );
      }
      void reply
        .code(o.status)
        .headers(o.headers)
        .type(FHIR_JSON)
        .send(JSON.stringify(operationOutcome(o.issues)));
    });
    app.setNotFoundHandler((req, reply) => {
      void reply
        .code(404)
        .type(FHIR_JSON)
        .send(
          JSON.stringify(
            operationOutcome([
              {
                severity: 'error',
                code: 'not-found',
                diagnostics: `No route ${req.method} ${req.url.split('?')[0]}`,
              },
            ]),
          ),
        );
    });

    if (validateResponses) {
      app.addHook('onSend', async (req, reply, payload) => {
        const op = req.routeOptions.config.operation;
        if (!op) return payload;
        const ct = String(reply.getHeader('content-type') ?? '');
        let body: unknown = payload;
        if (typeof payload === 'string' && ct.includes('json')) {
          try {
            body = JSON.parse(payload);
          } catch {
            body = Symbol('unparsable');
          }
        } else if (Buffer.isBuffer(payload) && ct.includes('json')) {
          try {
            body = JSON.parse(payload.toString('utf8'));
          } catch {
            body = Symbol('unparsable');
          }
        } else if (Buffer.isBuffer(payload)) {
          body = ct.includes('xml') ? payload.toString('utf8') : payload;
        }
        const problem =
          typeof body === 'symbol'
            ? `${op.operationId} ${reply.statusCode}: body is not JSON`
            : contract.checkResponse(
                op,
                reply.statusCode,
                ct,
                ct.includes('pdf') ? 'binary' : body,
              );
        if (!problem) return payload;
        responseViolations.push(problem);
        req.log.error({ problem }, 'response does not conform to the contract');
        void reply.code(500).type(FHIR_JSON);
        reply.removeHeader('etag');
        return JSON.stringify(
          operationOutcome([
            {
              severity: 'fatal',
              code: 'exception',
              diagnostics: `Response violates the contract: ${problem}`,
            },
          ]),
        );
      });
    }

    async function authenticate(req: FastifyRequest): Promise<Caller> {
      const header = req.headers.authorization;
      if (!header) {
        throw new HttpError(
          401,
          [{ severity: 'error', code: 'login', diagnostics: 'A bearer token is required' }],
          {
            'WWW-Authenticate': 'Bearer realm="lien"',
          },
        );
      }
      const m = /^Bearer\s+([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]*)\s*$/i.exec(header);
      if (!m) throw unauthorized('Malformed Authorization header');
      const verified = await verifier.verify(m[1] ?? '', now().getTime());
      return identity.resolve(verified);
    }

    const handlers = fhirHandlers();
    const contractInfo = {
      version: contract.version,
      operations: contract.operations,
      // The CapabilityStatement's date: this instance's start, to the second (a FHIR dateTime).
      startedAt: startedAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    };
    await app.register(
      async (fhir) => {
        for (const op of contract.operations) {
          const handler = handlers[op.operationId];
          if (!handler) {
            app.log.warn({ operationId: op.operationId }, 'contract operation without handler');
            continue;
          }
          fhir.route({
            method: op.method as 'GET',
            url: op.routePath,
            config: { operation: op },
            handler: async (req, reply) => {
              const caller = op.public ? null : await authenticate(req);
              const input = contract.validateRequest(op, {
                params: req.params as Record<string, string>,
                query: req.query as Record<string, string | string[]>,
                headers: req.headers,
                body: req.body,
                hasBody: req.body !== undefined,
                contentType: req.headers['content-type'],
              });
              const base = `${options.publicUrl ?? `${req.protocol}://${req.host}`}/fhir`;
              await handler({ req, reply, input, caller, base, op, ctx, contract: contractInfo });
              return reply;
            },
          });
        }
      },
      { prefix: '/fhir' },
    );

    app.get('/healthz', async (_req, reply) => {
      return reply.type('application/json').send({ status: 'ok' });
    });
    app.get('/readyz', async (_req, reply) => {
      try {
        await db.ping();
        return reply.type('application/json').send({ status: 'ready', database: db.kind });
      } catch {
        return reply
          .code(503)
          .header('Retry-After', '5')
          .type('application/json')
          .send({ status: 'unavailable', database: db.kind });
      }
    });

    if (devAuth) {
      await app.register(devRoutes, { db, devAuth, now, lifetimeSeconds: 3600 });
    }
    if (options.staticDir) {
      await app.register(fastifyStatic, {
        root: resolve(options.staticDir),
        prefix: '/',
        index: ['index.html'],
      });
    }

    app.addHook('onClose', async () => {
      await db.close();
    });

    return {
      app,
      db,
      seed,
      responseViolations,
      careCircles: ctx.careCircles,
      async listen() {
        return app.listen({ port: options.port ?? 8080, host: options.host ?? '127.0.0.1' });
      },
      async close() {
        closing = true;
        const closed = app.close();
        const deadline = options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
        if (deadline === 0) return closed;
        let timer: NodeJS.Timeout | undefined;
        const late = await Promise.race([
          closed.then(() => false),
          new Promise<boolean>((r) => (timer = setTimeout(() => r(true), deadline))),
        ]).finally(() => clearTimeout(timer));
        if (!late) return;
        // Requests still running, or clients still sending, at the deadline: their connections are
        // closed, then the database.
        app.server.closeAllConnections();
        await closed;
        throw new Error(
          `requests were still in flight after the ${deadline / 1000} s shutdown deadline: their connections were closed`,
        );
      },
    };
  } catch (err) {
    // Start-up failed after the database was opened (the seed, an option refused, a plugin): it is
    // closed again, unless it is the caller's.
    if (!options.db) await db.close().catch(() => undefined);
    throw err;
  }
}

/** A running server. */
export interface RunningServer extends LienServer {
  /** Base URL, e.g. `http://127.0.0.1:41234` (the FHIR base is `${url}/fhir`). */
  url: string;
  port: number;
}

/**
 * Creates and starts the server (see {@link createServer}); `port: 0` picks a free port.
 * @throws Error `Port … is already in use` when the port is taken.
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const server = await createServer(options);
  try {
    const url = await server.listen();
    const port = Number(new URL(url).port);
    return { ...server, url, port };
  } catch (err) {
    await server.close().catch(() => undefined);
    if ((err as { code?: string }).code === 'EADDRINUSE') {
      throw new Error(
        `Port ${options.port ?? 8080} on ${options.host ?? '127.0.0.1'} is already in use`,
        { cause: err },
      );
    }
    throw err;
  }
}
