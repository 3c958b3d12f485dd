import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LienServer } from '../src/index.js';
import { createServer } from '../src/index.js';
import type { Json } from './helpers.js';
import { ATTEST, TestIssuer } from './helpers.js';
import { ScratchPostgres } from './scratch-postgres.js';

/** JSON with sorted keys (jsonb does not keep key order). */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

// PostgreSQL only: a database crash-restart in the middle of a write load must not lose any
// acknowledged write, must answer 503 + Retry-After while down, and must recover by itself.
const enabled = !!process.env.LIEN_TEST_DATABASE_URL && !!ScratchPostgres.binaries();

describe.runIf(enabled)('database restart during load (postgres)', () => {
  let pg: ScratchPostgres;
  let server: LienServer;
  let issuer: TestIssuer;

  beforeAll(async () => {
    pg = ScratchPostgres.start();
    issuer = await TestIssuer.create();
    server = await createServer({
      databaseUrl: pg.url,
      poolSize: 8,
      seed: 'demo',
      logger: false,
      validateResponses: true,
      issuers: [issuer.config],
    });
  });
  afterAll(async () => {
    await server?.close().catch(() => undefined);
    pg?.destroy();
  });

  it('loses no acknowledged write, answers 503 while down and recovers', async () => {
    const workers = 16;
    const tokens = await Promise.all(
      Array.from({ length: workers }, (_, i) =>
        issuer.token({
          rpps: `4${String(i).padStart(10, '0')}`,
          profession: '60',
          given: 'Charge',
          family: `W${i}`,
        }),
      ),
    );
    const acknowledged: Array<{ id: string; version: string; participants: Json }> = [];
    const statuses = new Map<number, number>();
    let stop = false;
    let outageSeen = false;
    const worker = async (token: string, w: number) => {
      const patients = ['ines-haddad', 'gerard-blanc', 'theo-nguyen', 'ruth-decourcy'];
      for (let k = 0; !stop; k++) {
        const patient = patients[(w + Math.floor(k / 2)) % patients.length]!;
        const op = k % 2 === 0 ? '$declare-actor' : '$withdraw-actor';
        const res = await server.app.inject({
          method: 'POST',
          url: `/fhir/Patient/${patient}/${op}`,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json' },
          payload: op === '$declare-actor' ? JSON.stringify(ATTEST) : undefined,
        });
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        if (res.statusCode === 200) {
          const ct = res.json();
          acknowledged.push({
            id: ct.id,
            version: ct.meta.versionId,
            participants: ct.participant,
          });
        } else {
          expect(res.statusCode).toBe(503);
          expect(res.headers['retry-after']).toBeDefined();
          expect(res.json().resourceType).toBe('OperationOutcome');
          outageSeen = true;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    };
    const load = Promise.all(tokens.map((t, i) => worker(t, i)));
    await new Promise((r) => setTimeout(r, 1500));
    const before = acknowledged.length;
    pg.stopImmediate();
    await new Promise((r) => setTimeout(r, 1500));
    const ready = await server.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    pg.startAgain();
    const restartedAt = acknowledged.length;
    await new Promise((r) => setTimeout(r, 2500));
    stop = true;
    await load;

    expect(before).toBeGreaterThan(10);
    expect(outageSeen).toBe(true);
    expect(acknowledged.length).toBeGreaterThan(restartedAt); // recovered and went on
    expect(statuses.get(500) ?? 0).toBe(0);
    expect((await server.app.inject({ url: '/readyz' })).statusCode).toBe(200);

    // Every acknowledged version exists, identical, after the crash.
    const missing: string[] = [];
    for (const a of acknowledged) {
      const row = await server.db.query<{ json: string }>(
        `SELECT content::text AS json FROM resource_version WHERE type = 'CareTeam' AND id = $1 AND version_id = $2`,
        [a.id, Number(a.version)],
      );
      const stored = row.rows[0] ? JSON.parse(row.rows[0].json) : null;
      if (!stored || canonical(stored.participant) !== canonical(a.participants)) {
        missing.push(`${a.id}/_history/${a.version}`);
      }
    }
    expect(missing).toEqual([]);
    expect(server.responseViolations).toEqual([]);
  });
});
