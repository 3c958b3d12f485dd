import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, demoDirectory } from '../src/index.js';
import type { LienServer } from '../src/index.js';
import type { Resource } from '../src/fhir/types.js';
import { store } from '../src/store/store.js';
import type { Json, TestServer } from './helpers.js';
import { ATTEST, BACKENDS, freshPostgres, members, testServer, tokenForRole } from './helpers.js';

// The care-circle read keeps its last answer in memory, but the database confirms, on every read and
// in the read's own snapshot, that nothing it was made of has changed (CareCircleCache). These tests
// prove that a read after any kind of write sees the write, that authorisation is still evaluated on
// every read, and that every read — from memory or not — writes its AuditEvent before answering.

const dir = demoDirectory();
const INCLUDES =
  '_include=CareTeam:participant&_include:iterate=PractitionerRole:practitioner&_include:iterate=PractitionerRole:organization';
const patient = 'marie-durand';
const READ = `/fhir/CareTeam?patient=Patient/${patient}&status=active&${INCLUDES}`;

/** Writes a new version of a resource directly in the store (as another server, or an import, would). */
async function rewrite(
  server: LienServer,
  type: string,
  id: string,
  change: (r: Resource) => Resource,
): Promise<void> {
  await server.db.transaction(async (tx) => {
    const version = await store.lock(tx, type, id);
    const current = await store.read(tx, type, id);
    if (version === null || !current) throw new Error(`${type}/${id} missing`);
    await store.write(tx, change(JSON.parse(current.json) as Resource), version);
  });
}

async function auditCount(server: LienServer, outcome: '0' | '4'): Promise<number> {
  const res = await server.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM resource_head h JOIN resource_version v USING (type, id, version_id)
      WHERE h.type = 'AuditEvent' AND h.patient_id = $1 AND v.content->>'outcome' = $2
        AND v.content->'subtype'->0->>'code' = 'search-type'`,
    [patient, outcome],
  );
  return res.rows[0]!.n;
}

function included(body: Json, type: string): Json[] {
  return body.entry
    .filter((e: Json) => e.search.mode === 'include' && e.resource.resourceType === type)
    .map((e: Json) => e.resource);
}

describe.each(BACKENDS)('care-circle read cache (%s)', (backend) => {
  let t: TestServer;
  let memberRole: string;
  let memberToken: string;
  const tokenFor = (roleId: string) => tokenForRole(t, roleId);
  const read = (token = memberToken) => t.request({ url: READ, token });

  beforeAll(async () => {
    t = await testServer(backend);
    memberRole = (await members(t.server, patient)).active[0]!;
    memberToken = await tokenFor(memberRole);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers a repeated read from memory, identically, and audits every read', async () => {
    const audits = await auditCount(t.server, '0');
    const first = await read();
    expect(first.status).toBe(200);
    const hits = t.server.careCircles.hits;
    const second = await read();
    const third = await read();
    expect(t.server.careCircles.hits).toBe(hits + 2);
    expect(second.text).toBe(first.text);
    expect(third.text).toBe(first.text);
    expect(await auditCount(t.server, '0')).toBe(audits + 3);
  });

  it('sees a declaration (new participant, its role, practitioner and organisation)', async () => {
    await read();
    const m = await members(t.server, patient);
    const newcomer = dir.professionals.find(
      (p) => !m.active.includes(p.roleId) && !m.former.includes(p.roleId) && p.named,
    )!;
    const d = await t.request({
      method: 'POST',
      url: `/fhir/Patient/${patient}/$declare-actor`,
      token: await tokenFor(newcomer.roleId),
      body: ATTEST,
    });
    expect(d.status).toBe(200);
    const misses = t.server.careCircles.misses;
    const after = await read();
    expect(t.server.careCircles.misses).toBe(misses + 1);
    const roles = included(after.body, 'PractitionerRole').map((r: Json) => r.id);
    expect(roles).toContain(newcomer.roleId);
    const match = after.body.entry.find((e: Json) => e.search.mode === 'match').resource;
    expect(match.meta.versionId).toBe(d.body.meta.versionId);
    // And the answer is cached again.
    const hits = t.server.careCircles.hits;
    expect((await read()).text).toBe(after.text);
    expect(t.server.careCircles.hits).toBe(hits + 1);
  });

  it('sees a withdrawal (period.end) in the next read by another member', async () => {
    const m = await members(t.server, patient);
    const leaver = m.active.find((r) => r !== memberRole)!;
    await read();
    const w = await t.request({
      method: 'POST',
      url: `/fhir/Patient/${patient}/$withdraw-actor`,
      token: await tokenFor(leaver),
    });
    expect(w.status).toBe(200);
    const after = await read();
    const ct = after.body.entry.find((e: Json) => e.search.mode === 'match').resource;
    const entries = ct.participant.filter(
      (p: Json) => p.member.reference === `PractitionerRole/${leaver}`,
    );
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((p: Json) => typeof p.period.end === 'string')).toBe(true);
  });

  it('sees a new version of an included Practitioner and Organization', async () => {
    const before = await read();
    const role = included(before.body, 'PractitionerRole').find(
      (r: Json) => r.practitioner && r.organization,
    );
    const practitionerId = role.practitioner.reference.split('/')[1];
    const organizationId = role.organization.reference.split('/')[1];
    await rewrite(t.server, 'Practitioner', practitionerId, (r) => ({
      ...r,
      name: [{ family: 'RENOMMÉ', given: ['Test'] }],
    }));
    const afterPractitioner = await read();
    const p = included(afterPractitioner.body, 'Practitioner').find(
      (x: Json) => x.id === practitionerId,
    );
    expect(p.name[0].family).toBe('RENOMMÉ');
    await rewrite(t.server, 'Organization', organizationId, (r) => ({
      ...r,
      name: 'Maison de santé renommée',
    }));
    const afterOrganization = await read();
    const o = included(afterOrganization.body, 'Organization').find(
      (x: Json) => x.id === organizationId,
    );
    expect(o.name).toBe('Maison de santé renommée');
  });

  it('sees a PractitionerRole pointing to another practitioner (the iterate include follows)', async () => {
    const before = await read();
    const role = included(before.body, 'PractitionerRole').find((r: Json) => r.practitioner);
    const shown = included(before.body, 'Practitioner').map((p: Json) => p.id);
    const all = await t.server.db.query<{ id: string }>(
      `SELECT id FROM resource_head WHERE type = 'Practitioner' ORDER BY id`,
    );
    const elsewhere = all.rows.map((r) => r.id).find((id) => !shown.includes(id))!;
    await rewrite(t.server, 'PractitionerRole', role.id, (r) => ({
      ...r,
      practitioner: { reference: `Practitioner/${elsewhere}` },
    }));
    const after = await read();
    expect(included(after.body, 'Practitioner').map((p: Json) => p.id)).toContain(elsewhere);
  });

  it('sees a resource appearing behind a reference that pointed at nothing', async () => {
    const careTeamId = (await read()).body.entry.find((e: Json) => e.search.mode === 'match')
      .resource.id;
    await rewrite(t.server, 'CareTeam', careTeamId, (r) => {
      const ct = r as Json;
      ct.participant.push({
        id: 'p-ghost',
        member: { reference: 'PractitionerRole/ghost-role' },
        period: { start: '2024-01-01' },
      });
      return ct;
    });
    const dangling = await read();
    expect(included(dangling.body, 'PractitionerRole').map((r: Json) => r.id)).not.toContain(
      'ghost-role',
    );
    // Cached with the dangling reference…
    const hits = t.server.careCircles.hits;
    await read();
    expect(t.server.careCircles.hits).toBe(hits + 1);
    // …until the resource appears.
    const practitioner = included(dangling.body, 'Practitioner')[0].id;
    await t.server.db.transaction((tx) =>
      store.write(
        tx,
        {
          resourceType: 'PractitionerRole',
          id: 'ghost-role',
          active: true,
          practitioner: { reference: `Practitioner/${practitioner}` },
        },
        null,
      ),
    );
    const after = await read();
    expect(included(after.body, 'PractitionerRole').map((r: Json) => r.id)).toContain('ghost-role');
  });

  it('evaluates authorisation on every read: a cached answer never reaches a refused caller', async () => {
    const m = await members(t.server, patient);
    const role = m.active.find((r) => r !== memberRole)!;
    const token = await tokenFor(role);
    expect((await read(token)).status).toBe(200);
    expect((await read(token)).status).toBe(200);
    const refused = await auditCount(t.server, '4');
    expect(
      (
        await t.request({
          method: 'POST',
          url: `/fhir/Patient/${patient}/$withdraw-actor`,
          token,
        })
      ).status,
    ).toBe(200);
    const r = await read(token);
    expect(r.status).toBe(403);
    expect(r.body.resourceType).toBe('OperationOutcome');
    const outsider = dir.professionals.find(
      (p) => !m.active.includes(p.roleId) && !m.former.includes(p.roleId),
    )!;
    expect((await read(await tokenFor(outsider.roleId))).status).toBe(403);
    expect(await auditCount(t.server, '4')).toBe(refused + 2);
    // The member still reads.
    expect((await read()).status).toBe(200);
  });

  it('concurrent reads each write (and commit) their own AuditEvent', async () => {
    const audits = await auditCount(t.server, '0');
    const answers = await Promise.all(Array.from({ length: 40 }, () => read()));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect(await auditCount(t.server, '0')).toBe(audits + 40);
  });

  it.runIf(backend === 'postgres')(
    'two servers on one database: a write through one is seen by the other’s next read',
    async () => {
      const fresh = await freshPostgres();
      const servers: LienServer[] = [];
      try {
        for (let i = 0; i < 2; i++) {
          servers.push(
            await createServer({
              databaseUrl: fresh.url,
              poolSize: 4,
              seed: 'demo',
              logger: false,
              issuers: [t.issuer.config],
              now: t.clock.now,
              nodeEnv: 'test',
              validateResponses: true,
            }),
          );
        }
        const [a, b] = servers as [LienServer, LienServer];
        const get = async (s: LienServer, url: string, token: string, method = 'GET') => {
          const r = await s.app.inject({
            method: method as 'GET',
            url,
            headers: {
              authorization: `Bearer ${token}`,
              ...(method === 'POST' ? { 'content-type': 'application/fhir+json' } : {}),
            },
            payload: method === 'POST' ? JSON.stringify(ATTEST) : undefined,
          });
          return { status: r.statusCode, body: r.json() as Json, text: r.body };
        };
        const first = await get(a, READ, memberToken);
        expect((await get(a, READ, memberToken)).text).toBe(first.text);
        expect(a.careCircles.hits).toBe(1);
        const m = await members(a, patient);
        const newcomer = dir.professionals.find(
          (p) => !m.active.includes(p.roleId) && !m.former.includes(p.roleId),
        )!;
        const d = await get(
          b,
          `/fhir/Patient/${patient}/$declare-actor`,
          await tokenFor(newcomer.roleId),
          'POST',
        );
        expect(d.status).toBe(200);
        const after = await get(a, READ, memberToken);
        expect(included(after.body, 'PractitionerRole').map((r: Json) => r.id)).toContain(
          newcomer.roleId,
        );
        expect(a.careCircles.hits).toBe(1);
        for (const s of servers) expect(s.responseViolations).toEqual([]);
      } finally {
        for (const s of servers) await s.close();
        await fresh.drop();
      }
    },
  );
});
