import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/index.js';
import { migrate, openDb, seedDemo } from '../src/index.js';
import { BACKENDS, freshPostgres } from './helpers.js';

// PostgreSQL only: PGlite is one process's and serialises its transactions anyway.
describe.runIf(BACKENDS.includes('postgres'))(
  'demo seed from two servers at once (postgres)',
  () => {
    const cleanups: Array<() => Promise<void>> = [];
    const dbs: Db[] = [];
    beforeAll(async () => {
      const fresh = await freshPostgres();
      cleanups.push(fresh.drop);
      // Two servers: a pool each, on one empty (migrated) database.
      for (let i = 0; i < 2; i++) {
        const db = await openDb({ databaseUrl: fresh.url, poolSize: 2 });
        cleanups.push(() => db.close());
        dbs.push(db);
      }
      await Promise.all(dbs.map((db) => migrate(db)));
    });
    afterAll(async () => {
      for (const c of cleanups.reverse()) await c();
    });

    it('both succeed and the data is seeded once', async () => {
      const [a, b] = await Promise.all(dbs.map((db) => seedDemo(db)));
      const total = a!.created + a!.skipped;
      expect(b!.created + b!.skipped).toBe(total);
      // One of them created everything, the other found it there.
      expect(a!.created + b!.created).toBe(total);
      expect(Math.min(a!.created, b!.created)).toBe(0);

      const db = dbs[0]!;
      const dup = await db.query(
        `SELECT type, id FROM resource_version GROUP BY type, id HAVING count(*) > 1`,
      );
      expect(dup.rows).toEqual([]);
      const heads = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM resource_head`);
      expect(heads.rows[0]!.n).toBe(total);
      const participations = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM (
         SELECT care_team_id, member_id, period_start FROM care_team_participation
          GROUP BY 1, 2, 3 HAVING count(*) > 1) d`,
      );
      expect(participations.rows[0]!.n).toBe(0);
      // A third run (a restart) still changes nothing.
      expect((await seedDemo(dbs[1]!)).created).toBe(0);
    });
  },
);
