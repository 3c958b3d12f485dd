/** A row set returned by {@link Queryable.query}. */
export interface QueryResult<R> {
  rows: R[];
  /** Rows affected by an INSERT/UPDATE/DELETE, or returned by a SELECT. */
  rowCount: number;
}

/** Something SQL can be sent to: the database itself or an open transaction. */
export interface Queryable {
  /**
   * Runs one parameterised statement (`$1`, `$2`…).
   * @param name - optional statement name: PostgreSQL prepares named statements once per connection.
   */
  query<R = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
    name?: string,
  ): Promise<QueryResult<R>>;
}

/**
 * The small database interface the server needs, implemented by embedded PGlite and by PostgreSQL
 * (node-postgres). Both run the same SQL.
 */
export interface Db extends Queryable {
  /** `pglite` or `postgres`. */
  readonly kind: 'pglite' | 'postgres';
  /**
   * Runs `fn` inside one transaction (BEGIN … COMMIT, ROLLBACK on error). With PGlite transactions are
   * serialised by a queue; with PostgreSQL each transaction holds one pooled connection.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Checks that the database answers (`SELECT 1`). */
  ping(): Promise<void>;
  /** Closes the database (waits for running transactions on PGlite; ends the pool on PostgreSQL). */
  close(): Promise<void>;
}

/** PostgreSQL SQLSTATE codes and Node error codes that mean "the database is unreachable". */
const UNAVAILABLE_SQLSTATE = /^(08|57P0[1-3]|53300|3D000)/;
const UNAVAILABLE_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EAI_AGAIN',
]);

/** Error thrown by the DB layer when the database cannot be reached (mapped to HTTP 503). */
export class DbUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DbUnavailableError';
  }
}

/** Is this error a lost / refused database connection rather than a bad statement? */
export function isConnectionError(err: unknown): boolean {
  if (err instanceof DbUnavailableError) return true;
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; message?: unknown };
  if (typeof e.code === 'string') {
    if (UNAVAILABLE_ERRNO.has(e.code)) return true;
    if (UNAVAILABLE_SQLSTATE.test(e.code)) return true;
  }
  const msg = typeof e.message === 'string' ? e.message : '';
  // `timeout exceeded when trying to connect`: pg-pool waited too long for a free connection (pool
  // full, or the server does not answer); `Query read timeout`: the server did not answer a query.
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|terminating connection|the database system is (starting up|shutting down|in recovery mode)|Client was closed/i.test(
    msg,
  );
}

/** SQLSTATE of a database error, if any. */
export function sqlState(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const c = (err as { code?: unknown }).code;
    return typeof c === 'string' ? c : undefined;
  }
  return undefined;
}
