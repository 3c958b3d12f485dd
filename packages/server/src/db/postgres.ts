import pg from 'pg';
import type { Db, QueryResult, Queryable } from './types.js';
import { DbUnavailableError, isConnectionError } from './types.js';

/** Options of the PostgreSQL back end. */
export interface PostgresOptions {
  /** `postgres://user:password@host:port/database`. */
  connectionString: string;
  /** Pool size (default 20). */
  max?: number;
  /**
   * Longest a statement may run in the server before PostgreSQL cancels it (`statement_timeout`,
   * default 30 000 ms; 0: none).
   */
  statementTimeoutMs?: number;
  /**
   * Longest the client waits for an answer before it gives up on the connection (`query_timeout`,
   * default 35 000 ms, above the statement timeout: it catches a server or network that no longer
   * answers at all; 0: none). Such a connection is discarded and the request answered 503.
   */
  queryTimeoutMs?: number;
  /** Called when an idle pooled connection fails (logged; the pool replaces it). */
  onIdleError?: (err: Error) => void;
}

/**
 * PostgreSQL through a node-postgres pool. Named statements are prepared once per connection.
 * Connection failures surface as {@link DbUnavailableError}; the pool reconnects by itself when the
 * server is back.
 */
export class PostgresDb implements Db {
  readonly kind = 'postgres' as const;
  private readonly pool: pg.Pool;

  constructor(options: PostgresOptions) {
    this.pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.max ?? 20,
      // Waiting longer than this for a connection (pool full or server down) → 503.
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30000,
      statement_timeout: options.statementTimeoutMs ?? 30_000,
      query_timeout: options.queryTimeoutMs ?? 35_000,
      // TCP keepalive: a peer gone without a FIN (host down, NAT drop) is noticed.
      keepAlive: true,
      application_name: 'lien-server',
    });
    this.pool.on('error', (err) => options.onIdleError?.(err));
  }

  private static wrap(err: unknown): unknown {
    if (isConnectionError(err) && !(err instanceof DbUnavailableError)) {
      return new DbUnavailableError('Database unreachable', { cause: err });
    }
    return err;
  }

  async query<R = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
    name?: string,
  ): Promise<QueryResult<R>> {
    try {
      const res = await this.pool.query<R & pg.QueryResultRow>({
        text: sql,
        values: params as unknown[] | undefined,
        name,
      });
      return { rows: res.rows, rowCount: res.rowCount ?? res.rows.length };
    } catch (err) {
      throw PostgresDb.wrap(err);
    }
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw PostgresDb.wrap(err);
    }
    let broken = false;
    // A connection that dies while checked out emits 'error': record it (the running query rejects
    // too) instead of letting it crash the process.
    const onError = () => {
      broken = true;
    };
    client.on('error', onError);
    const tx: Queryable = {
      query: async <R>(sql: string, params?: readonly unknown[], name?: string) => {
        const res = await client.query<R & pg.QueryResultRow>({
          text: sql,
          values: params as unknown[] | undefined,
          name,
        });
        return { rows: res.rows, rowCount: res.rowCount ?? res.rows.length };
      },
    };
    try {
      await client.query('BEGIN');
      const result = await fn(tx);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      if (isConnectionError(err)) {
        broken = true;
      } else {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
      }
      throw PostgresDb.wrap(err);
    } finally {
      // A connection that failed mid-transaction is discarded, not returned to the pool.
      client.removeListener('error', onError);
      client.release(broken ? true : undefined);
    }
  }

  async ping(): Promise<void> {
    await this.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
