import { PgliteDb } from './pglite.js';
import { PostgresDb } from './postgres.js';
import type { Db } from './types.js';

export type { Db, Queryable, QueryResult } from './types.js';
export { DbUnavailableError, isConnectionError, sqlState } from './types.js';
export { migrate, MIGRATIONS_DIR } from './migrate.js';

/** Where the data lives: a PostgreSQL URL wins over a PGlite folder. */
export interface DbConfig {
  /** PostgreSQL connection string; when set, PostgreSQL is used. */
  databaseUrl?: string;
  /** PGlite data folder, or `memory://` (default `.lien-data/`). */
  dataDir?: string;
  /** PostgreSQL pool size. */
  poolSize?: number;
  onIdleError?: (err: Error) => void;
}

/** Opens the configured database (does not migrate). */
export async function openDb(config: DbConfig): Promise<Db> {
  if (config.databaseUrl) {
    return new PostgresDb({
      connectionString: config.databaseUrl,
      max: config.poolSize,
      onIdleError: config.onIdleError,
    });
  }
  return PgliteDb.open(config.dataDir ?? '.lien-data');
}
