import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/index.js';
import { createServer, demoDirectory, migrate, openDb, seedDemo } from '../src/index.js';
import { store } from '../src/store/store.js';
import type { Json } from './helpers.js';
import { BACKENDS, freshPostgres } from './helpers.js';

async function counts(db: Db): Promise<Record<string, number>> {
  const res = await db.query<{ type: string; n: number }>(
    `SELECT type, count(*)::int AS n FROM resource_version GROUP BY type ORDER BY type`,
  );
  return Object.fromEntries(res.rows.map((r) => [r.type, r.n]));
}

describe.each(BACKENDS)('storage and seed (%s)', (backend) => {
  const cleanups: Array<() => Promise<void>> = [];
  let shared: Db;
  beforeAll(async () => {
    shared = await openDb(
      backend === 'postgres' ? await durableTarget() : { dataDir: 'memory://' },
    );
    cleanups.push(() => shared.close());
  });
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  /** Opens a database that survives a "restart" (a second open). */
  async function durableTarget(): Promise<{ dataDir?: string; databaseUrl?: string }> {
    if (backend === 'postgres') {
      const fresh = await freshPostgres();
      cleanups.push(fresh.drop);
      return { databaseUrl: fresh.url };
    }
    const dir = mkdtempSync(join(tmpdir(), 'lien-seed-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    return { dataDir: dir };
  }

  it('the demo seed is idempotent across restarts and keeps data written in between', async () => {
    const target = await durableTarget();
    const first = await createServer({
      ...target,
      seed: 'demo',
      logger: false,
      devAuth: true,
      nodeEnv: 'test',
    });
    expect(first.seed!.created).toBeGreaterThan(300);
    const before = await counts(first.db);
    const rpps = demoDirectory().professionals.find((p) => p.profession === '60')!.rpps;
    const tok = (
      await first.app.inject({ method: 'POST', url: '/dev/token', payload: { rpps } })
    ).json();
    const declared = await first.app.inject({
      method: 'POST',
      url: '/fhir/Patient/ines-haddad/$declare-actor',
      headers: {
        authorization: `Bearer ${tok.access_token}`,
        'content-type': 'application/fhir+json',
      },
      payload: JSON.stringify({
        resourceType: 'Parameters',
        parameter: [{ name: 'attestation', valueBoolean: true }],
      }),
    });
    expect(declared.statusCode).toBe(200);
    await first.close();

    const second = await createServer({ ...target, seed: 'demo', logger: false, nodeEnv: 'test' });
    expect(second.seed!.created).toBe(0);
    const after = await counts(second.db);
    expect(after.Patient).toBe(before.Patient);
    expect(after.PractitionerRole).toBe(before.PractitionerRole);
    expect(after.CareTeam).toBe((before.CareTeam ?? 0) + 1);
    const kept = await store.read(second.db, 'CareTeam', declared.json().id);
    expect(kept?.versionId).toBe(1);
    await second.close();
  });

  it('migrations are recorded and applied once', async () => {
    expect(await migrate(shared)).toEqual(['001_init.sql', '002_lz4_content.sql']);
    expect(await migrate(shared)).toEqual([]);
    const rows = await shared.query<{ name: string }>(
      'SELECT name FROM schema_migration ORDER BY name',
    );
    expect(rows.rows.map((r) => r.name)).toEqual(['001_init.sql', '002_lz4_content.sql']);
    // lz4 TOAST compression of resource JSON where the server has it (PostgreSQL >= 14 as packaged
    // by Debian), else the default (PGlite is built without lz4).
    const version = await shared.query<{ v: number }>(
      `SELECT current_setting('server_version_num')::int AS v`,
    );
    if (version.rows[0]!.v >= 140000) {
      const compression = await shared.query<{ c: string }>(
        `SELECT attcompression::text AS c FROM pg_attribute
          WHERE attrelid = 'resource_version'::regclass AND attname = 'content'`,
      );
      expect(compression.rows[0]?.c).toBe(backend === 'postgres' ? 'l' : '');
    }
  });

  it('a write is one transaction: a failure leaves nothing behind', async () => {
    const db = shared;
    await migrate(db);
    {
      await expect(
        db.transaction(async (tx) => {
          await store.write(tx, { resourceType: 'Patient', id: 'tx-test' }, null);
          await tx.query('SELECT * FROM no_such_table');
        }),
      ).rejects.toThrow();
      expect(await store.read(db, 'Patient', 'tx-test')).toBeNull();
    }
  });

  it('the unique partial index allows one active participation per role and care team', async () => {
    const db = shared;
    await migrate(db);
    {
      const insert = (start: string, end: string | null) =>
        db.query(
          `INSERT INTO care_team_participation (care_team_id, patient_id, member_type, member_id, period_start, period_end, started_version)
           VALUES ('ct', 'p', 'PractitionerRole', 'r', $1, $2, 1)`,
          [start, end],
        );
      await insert('2024-01-01', '2024-02-01');
      await insert('2024-03-01', null);
      await expect(insert('2024-04-01', null)).rejects.toMatchObject({ code: '23505' });
    }
  });

  it('versions are kept: an update adds a row, the old one is unchanged', async () => {
    const db = shared;
    await migrate(db);
    {
      await db.transaction((tx) =>
        store.write(tx, { resourceType: 'Organization', id: 'o1', name: 'A' }, null),
      );
      await db.transaction(async (tx) => {
        const v = await store.lock(tx, 'Organization', 'o1');
        await store.write(tx, { resourceType: 'Organization', id: 'o1', name: 'B' }, v);
      });
      const h = await store.history(db, 'Organization', 'o1', 10, 0);
      expect(h.versions.map((v) => [v.versionId, (JSON.parse(v.json) as Json).name])).toEqual([
        [2, 'B'],
        [1, 'A'],
      ]);
    }
  });
});

describe.skipIf(!!process.env.LIEN_TEST_POSTGRES_ONLY)('demo seed content', () => {
  let db: Db;
  afterAll(async () => {
    await db?.close();
  });

  it('is deterministic and has the required shape', async () => {
    db = await openDb({ dataDir: 'memory://' });
    await migrate(db);
    const report = await seedDemo(db);
    expect(report.patients).toBeGreaterThanOrEqual(6);
    const dir = demoDirectory();
    const named = dir.professionals.filter((p) => p.named);
    expect(named.length).toBeGreaterThanOrEqual(40);
    expect(new Set(named.map((p) => p.profession)).size).toBeGreaterThanOrEqual(8);
    expect(dir.patients.map((p) => p.activeMembers)).toEqual(
      expect.arrayContaining([0, 3, 15, 120]),
    );
    const patients = await db.query<{ json: string }>(
      `SELECT v.content::text AS json FROM resource_version v WHERE type = 'Patient'`,
    );
    for (const r of patients.rows) {
      const p = JSON.parse(r.json) as Json;
      expect(p.identifier[0].system).toBe('urn:oid:1.2.250.1.213.1.4.10');
      expect(p.identifier[0].value).toMatch(/^\d{15}$/);
      const nir = BigInt(p.identifier[0].value.slice(0, 13));
      expect(97 - Number(nir % 97n)).toBe(Number(p.identifier[0].value.slice(13)));
    }
    const ct = JSON.parse((await store.read(db, 'CareTeam', 'cds-marie-durand'))!.json) as Json;
    expect(
      ct.participant.some((p: Json) => p.role[0].coding[0].code === 'PCP' && !p.period.end),
    ).toBe(true);
    expect(ct.participant.some((p: Json) => p.period.end)).toBe(true);
    const big = JSON.parse((await store.read(db, 'CareTeam', 'cds-lucien-morel'))!.json) as Json;
    expect(big.participant.filter((p: Json) => !p.period.end)).toHaveLength(120);
    const orgs = await db.query<{ kind: string }>(
      `SELECT DISTINCT c->>'code' AS kind FROM resource_version v, jsonb_array_elements(v.content->'type'->0->'coding') c
        WHERE v.type = 'Organization' AND c->>'system' = 'urn:lien:organization-kind'`,
    );
    expect(orgs.rows.map((r) => r.kind).sort()).toEqual(['community', 'hospital']);
    const roles = await db.query<{ json: string }>(
      `SELECT content::text AS json FROM resource_version WHERE type = 'PractitionerRole'`,
    );
    const mails = roles.rows.flatMap((r) =>
      (JSON.parse(r.json) as Json).telecom.filter((t: Json) => t.system === 'email'),
    );
    expect(mails.every((m: Json) => m.value.endsWith('@lien-demo.mssante.fr'))).toBe(true);
    expect(mails.some((m: Json) => JSON.stringify(m).includes('listeRouge'))).toBe(true);

    const again = await openDb({ dataDir: 'memory://' });
    await migrate(again);
    await seedDemo(again);
    const a = await store.read(db, 'CareTeam', 'cds-lucien-morel');
    const b = await store.read(again, 'CareTeam', 'cds-lucien-morel');
    expect(b!.json).toBe(a!.json);
    await again.close();
  });

  it('describes the ANS example letters with their source', async () => {
    const docs = await db.query<{ json: string }>(
      `SELECT content::text AS json FROM resource_version WHERE type = 'DocumentReference'`,
    );
    const ans = docs.rows
      .map((r) => JSON.parse(r.json) as Json)
      .filter((d) => /ANS/.test(d.description));
    expect(ans.length).toBe(2);
    expect(ans.every((d) => /TestContenuCDA/.test(d.description))).toBe(true);
    expect(ans.map((d) => d.subject.reference).sort()).toEqual([
      'Patient/dominique-pat-trois',
      'Patient/ruth-decourcy',
    ]);
  });
});

describe.skipIf(!!process.env.LIEN_TEST_POSTGRES_ONLY)('start-up refusals', () => {
  it('refuses dev auth when NODE_ENV=production', async () => {
    await expect(
      createServer({ dataDir: 'memory://', devAuth: true, nodeEnv: 'production', logger: false }),
    ).rejects.toThrow(/refused when NODE_ENV=production/);
  });

  it('fails clearly when the database is unreachable', async () => {
    await expect(
      createServer({ databaseUrl: 'postgres://postgres@127.0.0.1:1/none', logger: false }),
    ).rejects.toThrow(
      /Cannot open the database \(PostgreSQL at 127\.0\.0\.1:1\/none\): ECONNREFUSED/,
    );
  });
});
