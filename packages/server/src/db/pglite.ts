import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Db, QueryResult, Queryable } from './types.js';

/**
 * Embedded PostgreSQL (PGlite, WASM). One connection: every statement and transaction goes through a
 * FIFO queue, so transactions are serialised and never interleave.
 */
export class PgliteDb implements Db {
  readonly kind = 'pglite' as const;
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(private readonly pg: PGlite) {}

  /**
   * Opens (and creates if needed) a PGlite database.
   * @param dataDir - a folder, or `memory://` for an in-memory database.
   */
  static async open(dataDir: string): Promise<PgliteDb> {
    if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
    const pg = await PGlite.create(dataDir.startsWith('memory://') ? undefined : dataDir);
    return new PgliteDb(pg);
  }

  private enqueue<T>(fn: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('Database is closed'));
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async raw<R>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
    const res = await this.pg.query<R>(sql, params ? [...params] : undefined);
    // A statement returning rows (SELECT, … RETURNING) counts its rows; others their affected rows.
    const rowCount = res.fields.length > 0 ? res.rows.length : (res.affectedRows ?? 0);
    return { rows: res.rows, rowCount };
  }

  query<R = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<QueryResult<R>> {
    return this.enqueue(() => this.raw<R>(sql, params));
  }

  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.enqueue(async () => {
      await this.pg.exec('BEGIN');
      let open = true;
      const tx: Queryable = {
        query: <R>(sql: string, params?: readonly unknown[]) => {
          if (!open) return Promise.reject(new Error('Transaction is closed'));
          return this.raw<R>(sql, params);
        },
      };
      try {
        const result = await fn(tx);
        open = false;
        await this.pg.exec('COMMIT');
        return result;
      } catch (err) {
        open = false;
        await this.pg.exec('ROLLBACK');
        throw err;
      }
    });
  }

  async ping(): Promise<void> {
    await this.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    const last = this.tail;
    this.closed = true;
    await last;
    await this.pg.close();
  }

  /** Runs several statements at once (migrations). */
  exec(sql: string): Promise<void> {
    return this.enqueue(async () => {
      await this.pg.exec(sql);
    });
  }
}
