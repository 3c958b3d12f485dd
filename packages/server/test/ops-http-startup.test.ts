import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerOptions } from '../src/index.js';
import { createServer } from '../src/index.js';
import { LOCK_FILE } from '../src/db/pglite.js';
import { BACKENDS, freshPostgres } from './helpers.js';

describe.each(BACKENDS)('a start-up that fails after the migrations (%s)', (backend) => {
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });

  it('closes the database it opened', async () => {
    const db: ServerOptions = {};
    let stillOpen: () => Promise<boolean>;
    if (backend === 'postgres') {
      const fresh = await freshPostgres();
      cleanup.push(fresh.drop);
      db.databaseUrl = fresh.url;
      const name = new URL(fresh.url).pathname.slice(1);
      stillOpen = async () => {
        const c = new pg.Client({ connectionString: process.env.LIEN_TEST_DATABASE_URL });
        await c.connect();
        try {
          const r = await c.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
            [name],
          );
          return r.rows[0]!.n > 0;
        } finally {
          await c.end();
        }
      };
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'lien-startup-'));
      cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
      db.dataDir = dir;
      // The data folder's lock is held as long as the database is open.
      stillOpen = async () => existsSync(join(dir, LOCK_FILE));
    }
    // The identity cache lifetime is checked after the migrations (and the seed).
    await expect(
      createServer({ ...db, seed: 'demo', logger: false, identityCacheMs: -1 }),
    ).rejects.toThrow('identity cache lifetime must be a non-negative number of ms (got -1)');
    expect(await stillOpen()).toBe(false);
    // And it opens again.
    const server = await createServer({ ...db, logger: false });
    await server.close();
  });
});
