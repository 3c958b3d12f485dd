import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoDirectory } from '../src/index.js';
import type { Json, TestServer } from './helpers.js';
import { ATTEST, BACKENDS, members, testServer } from './helpers.js';
import type { Resource } from '../src/fhir/types.js';
import { ConcurrentUpdateError, store } from '../src/store/store.js';

const dir = demoDirectory();
const proByRole = new Map(dir.professionals.map((p) => [p.roleId, p]));

/** A fictitious RPPS outside the seed's range, for professionals provisioned from their token. */
function rpps(i: number): string {
  return `2${String(i).padStart(10, '0')}`;
}

describe.each(BACKENDS)('concurrency (%s)', (backend) => {
  let t: TestServer;

  beforeAll(async () => {
    t = await testServer(backend);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('200 different professionals declaring on one patient at once → 200 active participations', async () => {
    const tokens = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        t.issuer.token({
          rpps: rpps(1000 + i),
          profession: i % 3 === 0 ? '10' : '60',
          given: 'Test',
          family: `Pro${i}`,
        }),
      ),
    );
    const responses = await Promise.all(
      tokens.map((token) =>
        t.request({
          method: 'POST',
          url: '/fhir/Patient/ines-haddad/$declare-actor',
          token,
          body: ATTEST,
        }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(200).fill(200));
    const m = await members(t.server, 'ines-haddad');
    expect(m.active).toHaveLength(200);
    const etags = new Set(responses.map((r) => r.headers.etag));
    expect(etags.size).toBe(200);
    const last = await t.request({ url: '/fhir/CareTeam?patient=ines-haddad', token: tokens[0] });
    const ct = last.body.entry[0].resource;
    expect(ct.meta.versionId).toBe('200');
    expect(ct.participant).toHaveLength(200);
    expect(new Set(ct.participant.map((p: Json) => p.id)).size).toBe(200);
    const history = await t.request({
      url: `/fhir/CareTeam/${ct.id}/_history?_count=100`,
      token: tokens[0],
    });
    expect(history.body.total).toBe(200);
    expect(history.body.link.find((l: Json) => l.relation === 'next').url).toContain('_page=2');
  });

  it('one professional declaring 50 times at once → exactly one participation', async () => {
    const token = await t.issuer.token({
      rpps: rpps(5000),
      profession: '21',
      given: 'Paul',
      family: 'Unique',
    });
    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        t.request({
          method: 'POST',
          url: '/fhir/Patient/gerard-blanc/$declare-actor',
          token,
          body: ATTEST,
        }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(new Set(responses.map((r) => r.headers.etag)).size).toBe(1);
    const rows = await t.server.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM care_team_participation WHERE patient_id = 'gerard-blanc' AND member_id = $1`,
      [`rpps-${rpps(5000)}-role`],
    );
    expect(rows.rows[0]!.n).toBe(1);
    const consents = await t.server.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM resource_head WHERE type = 'Consent' AND patient_id = 'gerard-blanc'`,
    );
    expect(consents.rows[0]!.n).toBe(1);
  });

  it('a stale If-Match gets 412; the retry succeeds and the history keeps every version', async () => {
    const [a, b] = (await members(t.server, 'marie-durand')).active.slice(1, 3);
    const tok = (role: string) =>
      t.issuer.token({
        rpps: proByRole.get(role)!.rpps,
        fhirUser: `PractitionerRole/${role}`,
        profession: proByRole.get(role)!.profession,
      });
    const ta = await tok(a!);
    const tb = await tok(b!);
    const read = await t.request({ url: '/fhir/CareTeam?patient=marie-durand', token: ta });
    const v0 = read.body.entry[0].resource;
    const end = (ct: Json, role: string) => {
      const copy = structuredClone(ct);
      const p = copy.participant.find(
        (x: Json) => x.member.reference === `PractitionerRole/${role}` && !x.period.end,
      );
      p.period.end = t.clock.now().toISOString();
      return copy;
    };
    const ifMatch = { 'if-match': `W/"${v0.meta.versionId}"` };
    const ra = await t.request({
      method: 'PUT',
      url: `/fhir/CareTeam/${v0.id}`,
      token: ta,
      body: end(v0, a!),
      headers: ifMatch,
    });
    expect(ra.status).toBe(200);
    const rb = await t.request({
      method: 'PUT',
      url: `/fhir/CareTeam/${v0.id}`,
      token: tb,
      body: end(v0, b!),
      headers: ifMatch,
    });
    expect(rb.status).toBe(412);
    expect(rb.body.resourceType).toBe('OperationOutcome');
    const reread = await t.request({ url: `/fhir/CareTeam/${v0.id}`, token: tb });
    const rb2 = await t.request({
      method: 'PUT',
      url: `/fhir/CareTeam/${v0.id}`,
      token: tb,
      body: end(reread.body, b!),
      headers: { 'if-match': reread.headers.etag as string },
    });
    expect(rb2.status).toBe(200);
    const final = rb2.body;
    for (const role of [a, b]) {
      const entries = final.participant.filter(
        (p: Json) => p.member.reference === `PractitionerRole/${role}`,
      );
      expect(entries.some((p: Json) => p.period.end)).toBe(true);
    }
    const v = Number(v0.meta.versionId);
    const history = await t.request({
      url: `/fhir/CareTeam/${v0.id}/_history`,
      token: await tok((await members(t.server, 'marie-durand')).active[0]!),
    });
    expect(history.status).toBe(200);
    expect(history.body.entry.map((e: Json) => e.resource.meta.versionId)).toEqual(
      Array.from({ length: v + 2 }, (_, i) => String(v + 2 - i)),
    );
    const vread = await t.request({
      url: `/fhir/CareTeam/${v0.id}/_history/${v}`,
      token: await tok((await members(t.server, 'marie-durand')).active[0]!),
    });
    expect(vread.body.participant).toEqual(v0.participant);
  });

  it('concurrent PUTs on the same version: exactly one wins, the others get 412', async () => {
    const active = (await members(t.server, 'lucien-morel')).active.slice(0, 10);
    const tokens = await Promise.all(
      active.map((role) =>
        t.issuer.token({
          rpps: proByRole.get(role)!.rpps,
          fhirUser: `PractitionerRole/${role}`,
          profession: proByRole.get(role)!.profession,
        }),
      ),
    );
    const read = await t.request({ url: '/fhir/CareTeam?patient=lucien-morel', token: tokens[0] });
    const ct = read.body.entry[0].resource;
    const results = await Promise.all(
      active.map((role, i) => {
        const copy = structuredClone(ct);
        const p = copy.participant.find(
          (x: Json) => x.member.reference === `PractitionerRole/${role}` && !x.period.end,
        );
        p.period.end = t.clock.now().toISOString();
        return t.request({
          method: 'PUT',
          url: `/fhir/CareTeam/${ct.id}`,
          token: tokens[i],
          body: copy,
          headers: { 'if-match': `W/"${ct.meta.versionId}"` },
        });
      }),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 412)).toHaveLength(9);
  });

  it('declarations and withdrawals interleaved keep the index equal to the CareTeam', async () => {
    const tokens = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.issuer.token({ rpps: rpps(7000 + i), profession: '60', given: 'Cycle', family: `N${i}` }),
      ),
    );
    await Promise.all(
      tokens.map(async (token) => {
        for (let k = 0; k < 3; k++) {
          expect(
            (
              await t.request({
                method: 'POST',
                url: '/fhir/Patient/theo-nguyen/$declare-actor',
                token,
                body: ATTEST,
              })
            ).status,
          ).toBe(200);
          expect(
            (
              await t.request({
                method: 'POST',
                url: '/fhir/Patient/theo-nguyen/$withdraw-actor',
                token,
              })
            ).status,
          ).toBe(200);
        }
        expect(
          (
            await t.request({
              method: 'POST',
              url: '/fhir/Patient/theo-nguyen/$declare-actor',
              token,
              body: ATTEST,
            })
          ).status,
        ).toBe(200);
      }),
    );
    const read = await t.request({ url: '/fhir/CareTeam?patient=theo-nguyen', token: tokens[0] });
    const ct = read.body.entry[0].resource;
    const activeInResource = ct.participant
      .filter((p: Json) => !p.period.end && p.member.reference.startsWith('PractitionerRole/'))
      .map((p: Json) => p.member.reference.slice('PractitionerRole/'.length))
      .sort();
    expect((await members(t.server, 'theo-nguyen')).active).toEqual(activeInResource);
    const cycles = ct.participant.filter((p: Json) =>
      p.member.reference.startsWith('PractitionerRole/rpps-'),
    );
    expect(cycles).toHaveLength(80);
  });

  it('a batch write replacing a version that moved meanwhile writes nothing at all', async () => {
    const head = await t.server.db.query<{ id: string; version_id: number }>(
      `SELECT id, version_id FROM resource_head WHERE type = 'CareTeam' AND patient_id = 'theo-nguyen'`,
    );
    const { id, version_id: version } = head.rows[0]!;
    const ct = await store.read(t.server.db, 'CareTeam', id);
    const counts = () =>
      t.server.db.query<{ v: number; p: number }>(
        `SELECT (SELECT count(*)::int FROM resource_version) AS v,
                (SELECT count(*)::int FROM care_team_participation) AS p`,
      );
    const before = (await counts()).rows[0];
    const stale = version - 1; // as if the state had been read before the last change
    await expect(
      store.writeBatch(
        t.server.db,
        [
          { resource: JSON.parse(ct!.json) as Resource, expected: stale },
          {
            resource: {
              resourceType: 'Consent',
              status: 'active',
              patient: { reference: 'Patient/theo-nguyen' },
            },
            expected: null,
          },
        ],
        new Date(),
        {
          sql: `INSERT INTO care_team_participation
                  (care_team_id, patient_id, member_type, member_id, period_start, period_end, started_version)
                SELECT $1, 'theo-nguyen', 'PractitionerRole', 'nobody', '2025-01-01', NULL, 1
                 WHERE (SELECT ok FROM ok) RETURNING 1`,
          params: [id],
        },
        { type: 'Patient', id: 'theo-nguyen' },
      ),
    ).rejects.toBeInstanceOf(ConcurrentUpdateError);
    expect((await counts()).rows[0]).toEqual(before);
    expect((await store.read(t.server.db, 'CareTeam', id))!.versionId).toBe(version);
  });
});
