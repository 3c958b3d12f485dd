import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Db, QueryResult, Queryable } from './types.js';

/** Lock file of a PGlite data folder: the pid of the process that has the folder open. */
export const LOCK_FILE = 'lien.lock';

/** Is a process with that pid running? (EPERM: it runs, under another user.) */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** A lock file's content, or null when there is none. */
function readLock(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/**
 * Takes the data folder's lock file, or throws if another running process holds it. PGlite has no
 * lock of its own: two processes on one folder each believe they own it, and writes are lost. A
 * lock left by a process that is gone (a crash, kill -9) is taken over.
 * @returns the lock file's path.
 */
function lockDataDir(dataDir: string): string {
  const file = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const content = readLock(file);
      if (content === null) continue; // released meanwhile
      const pid = /^\d+$/.test(content.trim()) ? Number(content.trim()) : null;
      // An unreadable lock may be one being written right now: refused, like a live one. No `code`
      // on this error, so that the start-up message shows it as is.
      if (pid === null || isRunning(pid)) {
        const holder = pid === null ? 'an unreadable lock' : `pid ${pid}`;
        throw new Error(
          `Data folder ${dataDir} is in use by another process (${holder}); stop it, or delete ${file} if none is running`,
        );
      }
      // Stale: its process is gone. Taken over, unless another process did so meanwhile.
      if (readLock(file) === content) rmSync(file, { force: true });
      continue;
    }
    try {
      writeSync(fd, `${process.pid}\n`);
    } catch (err) {
      rmSync(file, { force: true }); // not left empty (a full disk): that would read as held
      throw err;
    } finally {
      closeSync(fd);
    }
    return file;
  }
  throw new Error(`Data folder ${dataDir} is in use by another process (could not take ${file})`);
}

/**
 * Embedded PostgreSQL (PGlite, WASM). One connection: every statement and transaction goes through a
 * FIFO queue, so transactions are serialised and never interleave.
 */
export class PgliteDb implements Db {
  readonly kind = 'pglite' as const;
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly pg: PGlite,
    /** The data folder's lock file (none for `memory://`). */
    private readonly lockFile: string | null,
  ) {}

  /**
   * Opens (and creates if needed) a PGlite database.
   * @param dataDir - a folder, or `memory://` for an in-memory database.
   * @throws Error `Data folder … is in use by another process (pid …)` when another running process
   * has the folder open (its `lien.lock`, removed on close).
   */
  static async open(dataDir: string): Promise<PgliteDb> {
    if (dataDir.startsWith('memory://')) return new PgliteDb(await PGlite.create(), null);
    mkdirSync(dataDir, { recursive: true });
    const lockFile = lockDataDir(dataDir);
    try {
      return new PgliteDb(await PGlite.create(dataDir), lockFile);
    } catch (err) {
      rmSync(lockFile, { force: true });
      throw err;
    }
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
    try {
      await this.pg.close();
    } finally {
      if (this.lockFile) rmSync(this.lockFile, { force: true });
    }
  }

  /** Runs several statements at once (migrations). */
  exec(sql: string): Promise<void> {
    return this.enqueue(async () => {
      await this.pg.exec(sql);
    });
  }
}
