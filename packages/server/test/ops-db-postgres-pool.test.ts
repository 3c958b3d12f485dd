import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LienServer } from '../src/index.js';
import { createServer } from '../src/index.js';
import { PostgresDb } from '../src/db/postgres.js';
import { DbUnavailableError, isConnectionError } from '../src/db/types.js';
import { BACKENDS, freshPostgres, TestIssuer } from './helpers.js';

describe('database unavailable: pool and query timeouts', () => {
  it('a pool checkout timeout is "unavailable" (pg-pool, pool full or server silent)', () => {
    expect(isConnectionError(new Error('timeout exceeded when trying to connect'))).toBe(true);
  });

  it('a query the server never answers (query_timeout) is "unavailable"', () => {
    expect(isConnectionError(new Error('Query read timeout'))).toBe(true);
  });

  it('a bad statement is not', () => {
    const err = Object.assign(new Error('relation "nope" does not exist'), { code: '42P01' });
    expect(isConnectionError(err)).toBe(false);
  });
});

// PostgreSQL only: the pool's timeouts and a full pool.
describe.runIf(BACKENDS.includes('postgres'))('PostgreSQL pool limits (postgres)', () => {
  const cleanups: Array<() => Promise<void>> = [];
  let url: string;
  beforeAll(async () => {
    const fresh = await freshPostgres();
    cleanups.push(fresh.drop);
    url = fresh.url;
  });
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('connections have a 30 s statement_timeout by default', async () => {
    const db = new PostgresDb({ connectionString: url, max: 1 });
    cleanups.push(() => db.close());
    const res = await db.query<{ statement_timeout: string }>('SHOW statement_timeout');
    expect(res.rows[0]!.statement_timeout).toBe('30s');
  });

  it('a statement over the statement timeout is cancelled by the server', async () => {
    const db = new PostgresDb({ connectionString: url, max: 1, statementTimeoutMs: 200 });
    cleanups.push(() => db.close());
    await expect(db.query('SELECT pg_sleep(5)')).rejects.toMatchObject({ code: '57014' });
    await db.ping(); // the connection is still fine
  });

  it('a query left unanswered past the query timeout is "unavailable"; the pool goes on', async () => {
    const db = new PostgresDb({
      connectionString: url,
      max: 1,
      statementTimeoutMs: 0,
      queryTimeoutMs: 300,
    });
    cleanups.push(() => db.close());
    await expect(db.query('SELECT pg_sleep(3)')).rejects.toBeInstanceOf(DbUnavailableError);
    await expect(db.transaction((tx) => tx.query('SELECT pg_sleep(3)'))).rejects.toBeInstanceOf(
      DbUnavailableError,
    );
    await db.ping();
  });

  it('a statement cancelled by the statement timeout answers 503 with Retry-After, not 500', async () => {
    const issuer = await TestIssuer.create();
    // Seeded first with the default timeouts; then served with a short statement timeout.
    const seeding = await createServer({
      db: new PostgresDb({ connectionString: url }),
      seed: 'demo',
      logger: false,
      issuers: [issuer.config],
      nodeEnv: 'test',
    });
    await seeding.close();
    const server: LienServer = await createServer({
      db: new PostgresDb({ connectionString: url, statementTimeoutMs: 300 }),
      logger: false,
      validateResponses: true,
      issuers: [issuer.config],
      nodeEnv: 'test',
    });
    cleanups.push(() => server.close());
    const token = await issuer.token({ rpps: '10000000001', profession: '10' });
    // Another session holds a lock the read must wait for, longer than the statement timeout.
    const locker = new pg.Client({ connectionString: url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE resource_head IN ACCESS EXCLUSIVE MODE');
      const res = await server.app.inject({
        url: '/fhir/Patient/marie-durand',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.json()).toMatchObject({ issue: [{ code: 'transient' }] });
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
  });

  it('a full pool answers 503 with Retry-After, not 500', async () => {
    const issuer = await TestIssuer.create();
    const db = new PostgresDb({ connectionString: url, max: 1 });
    const server: LienServer = await createServer({
      db,
      seed: 'demo',
      logger: false,
      validateResponses: true,
      issuers: [issuer.config],
      nodeEnv: 'test',
    });
    cleanups.push(() => server.close());
    const token = await issuer.token({ rpps: '10000000001', profession: '10' });
    const read = () =>
      server.app.inject({
        url: '/fhir/Patient/marie-durand',
        headers: { authorization: `Bearer ${token}` },
      });

    // The only connection is held by a long transaction.
    let release!: () => void;
    let checkedOut!: () => void;
    const out = new Promise<void>((r) => (checkedOut = r));
    const holding = db.transaction(async () => {
      checkedOut();
      await new Promise<void>((r) => (release = r));
    });
    await out;
    try {
      const res = await read();
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.json()).toMatchObject({
        resourceType: 'OperationOutcome',
        issue: [{ code: 'transient' }],
      });
    } finally {
      release();
      await holding;
    }
    expect((await read()).statusCode).not.toBe(503);
  });
});
