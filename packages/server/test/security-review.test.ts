// Defects found by the security / privacy review, each reproduced as the reviewer did.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEMS } from '../src/fhir/codes.js';
import { demoDirectory } from '../src/index.js';
import { store } from '../src/store/store.js';
import { TokenVerifier } from '../src/auth/verify.js';
import type { Json, TestServer } from './helpers.js';
import {
  ATTEST,
  BACKENDS,
  members,
  remedies,
  TestIssuer,
  testServer,
  tokenForRole,
} from './helpers.js';

const dir = demoDirectory();
const proByRole = new Map(dir.professionals.map((p) => [p.roleId, p]));
const ROLE_CODE = SYSTEMS.roleCode;
const PROFESSION = SYSTEMS.profession;
const INCLUDES =
  '_include=CareTeam:participant&_include=CareTeam:subject&_include:iterate=PractitionerRole:practitioner&_include:iterate=PractitionerRole:organization';

describe.each(BACKENDS)('security review (%s)', (backend) => {
  let t: TestServer;
  /** Professionals of the demo seed outside the circles used here, by profession; each used once. */
  const unused = new Map<string, string[]>();

  const tokenFor = (roleId: string) => tokenForRole(t, roleId);
  const outsider = (profession: string): string => {
    const role = unused.get(profession)?.shift();
    if (!role) throw new Error(`no unused professional of profession ${profession}`);
    return role;
  };
  const declare = (patient: string, token: string, body: Json = ATTEST) =>
    t.request({ method: 'POST', url: `/fhir/Patient/${patient}/$declare-actor`, token, body });
  const careTeam = async (patient: string, token: string): Promise<Json> => {
    const r = await t.request({ url: `/fhir/CareTeam?patient=${patient}&status=active`, token });
    expect(r.status).toBe(200);
    return r.body.entry[0].resource;
  };
  const put = (ct: Json, token: string, version: string = ct.meta.versionId) =>
    t.request({
      method: 'PUT',
      url: `/fhir/CareTeam/${ct.id}`,
      token,
      body: ct,
      headers: { 'if-match': `W/"${version}"` },
    });
  /** The AuditEvents recorded for an agent on a patient, newest first. */
  const auditsOf = async (roleId: string, patient: string | null): Promise<Json[]> => {
    const res = await t.server.db.query<{ json: string }>(
      `SELECT v.content::text AS json FROM resource_head h
         JOIN resource_version v ON v.type = h.type AND v.id = h.id AND v.version_id = h.version_id
        WHERE h.type = 'AuditEvent' AND h.patient_id IS NOT DISTINCT FROM $1
          AND v.content->'agent'->0->'who'->>'reference' = $2
        ORDER BY h.last_updated DESC, h.id`,
      [patient, `PractitionerRole/${roleId}`],
    );
    return res.rows.map((r) => JSON.parse(r.json));
  };
  const binaryOf = async (patient: string): Promise<string> => {
    const res = await t.server.db.query<{ id: string }>(
      `SELECT id FROM resource_head WHERE type = 'Binary' AND patient_id = $1 ORDER BY id LIMIT 1`,
      [patient],
    );
    return res.rows[0]!.id;
  };

  beforeAll(async () => {
    t = await testServer(backend);
    // Outside the circles of the patients used here (present or past).
    const inCircles = await t.server.db.query<{ member_id: string }>(
      `SELECT DISTINCT member_id FROM care_team_participation
        WHERE patient_id IN ('marie-durand', 'ruth-decourcy', 'dominique-pat-trois', 'gerard-blanc')`,
    );
    const taken = new Set(inCircles.rows.map((r) => r.member_id));
    for (const p of dir.professionals) {
      if (taken.has(p.roleId)) continue;
      unused.set(p.profession, [...(unused.get(p.profession) ?? []), p.roleId]);
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('1. _include never crosses to another patient', () => {
    it('a PUT with a participant reference that is not a strict Type/id is refused (422)', async () => {
      const nurse = outsider('60');
      const token = await tokenFor(nurse);
      expect((await declare('ruth-decourcy', token)).status).toBe(200);
      const ct = await careTeam('ruth-decourcy', token);
      const bin = await binaryOf('marie-durand');
      for (const reference of [
        `Binary/${bin}/PractitionerRole/${nurse}`,
        `CareTeam/cds-marie-durand/PractitionerRole/${nurse}`,
        `https://evil.example/fhir/PractitionerRole/${nurse}`,
      ]) {
        const body = structuredClone(ct);
        body.participant.push({
          member: { reference },
          period: { start: t.clock.now().toISOString() },
        });
        const r = await put(body, token);
        expect(r.status).toBe(422);
        expect(r.body.resourceType).toBe('OperationOutcome');
      }
      const again = await careTeam('ruth-decourcy', token);
      expect(again.meta.versionId).toBe(ct.meta.versionId);
    });

    it('even from a CareTeam already holding such references, includes stay with the patient', async () => {
      // A CareTeam poisoned before the fix (written straight into the store).
      const nurse = outsider('60');
      const token = await tokenFor(nurse);
      expect((await declare('ruth-decourcy', token)).status).toBe(200);
      const ct = await careTeam('ruth-decourcy', token);
      const bin = await binaryOf('marie-durand');
      const related = await t.server.db.query<{ id: string }>(
        `SELECT id FROM resource_head WHERE type = 'RelatedPerson' AND patient_id = 'marie-durand' LIMIT 1`,
      );
      const start = t.clock.now().toISOString();
      const poison = [
        `Binary/${bin}/PractitionerRole/${nurse}`,
        `CareTeam/cds-marie-durand/PractitionerRole/${nurse}`,
        'Patient/marie-durand',
        `RelatedPerson/${related.rows[0]!.id}`,
      ].map((reference, i) => ({ id: `x${i}`, member: { reference }, period: { start } }));
      const { meta: _m, ...content } = ct;
      await t.server.db.transaction((tx) =>
        store.write(
          tx,
          { ...content, participant: [...ct.participant, ...poison] },
          Number(ct.meta.versionId),
          { now: t.clock.now() },
        ),
      );
      for (const url of [
        `/fhir/CareTeam?patient=ruth-decourcy&${INCLUDES}`,
        `/fhir/CareTeam?${INCLUDES}`,
      ]) {
        const r = await t.request({ url, token });
        expect(r.status).toBe(200);
        const included = r.body.entry.filter((e: Json) => e.search.mode === 'include');
        expect(included.length).toBeGreaterThan(0);
        for (const e of included) {
          const text = JSON.stringify(e.resource);
          expect(text, url).not.toContain('marie-durand');
          expect(e.resource.resourceType, url).not.toMatch(/^(Binary|CareTeam)$/);
        }
        expect(included.some((e: Json) => e.resource.id === 'ruth-decourcy')).toBe(true);
      }
      // Nothing read about Marie: no AuditEvent of this nurse on her.
      expect(await auditsOf(nurse, 'marie-durand')).toEqual([]);
    });
  });

  describe('2. PUT checks access first; joining by PUT is a declaration', () => {
    it('an outsider may only add himself by PUT: anything else is an audited 403, never a 412', async () => {
      const member = (await members(t.server, 'dominique-pat-trois')).active[0]!;
      const pharmacist = outsider('21');
      const token = await tokenFor(pharmacist);
      const memberToken = await tokenFor(member);
      const current = () => careTeam('dominique-pat-trois', memberToken);
      // A no-op and someone else's entry ended: refused, before the version is told.
      const noop = await put(await current(), token);
      expect(noop.status).toBe(403);
      expect(remedies(noop.body)).toContain('declare-actor');
      const other = await current();
      other.participant.find((p: Json) => !p.period.end).period.end = t.clock.now().toISOString();
      expect((await put(other, token)).status).toBe(403);
      // Joining with a stale version: 403, not 412.
      const ct = await current();
      ct.participant.push({
        member: { reference: `PractitionerRole/${pharmacist}` },
        period: { start: '2015-01-01T00:00:00Z' },
      });
      expect((await put(ct, token, String(Number(ct.meta.versionId) + 5))).status).toBe(403);
      const updates = (await auditsOf(pharmacist, 'dominique-pat-trois')).filter(
        (a) => a.subtype[0].code === 'update',
      );
      expect(updates).toHaveLength(3);
      expect(updates.every((a) => a.outcome === '4')).toBe(true);
      expect(updates[0].entity.map((e: Json) => e.what.reference)).toContain(`CareTeam/${ct.id}`);
      // Joining at the current version: recorded like $declare-actor, the start the server's.
      const before = t.clock.now().getTime();
      const joined = await put(ct, token);
      expect(joined.status).toBe(200);
      const mine = joined.body.participant.find(
        (p: Json) => p.member.reference === `PractitionerRole/${pharmacist}`,
      );
      expect(Date.parse(mine.period.start)).toBeGreaterThanOrEqual(before);
      expect(mine.id).toMatch(/^p\d+$/);
      expect((await members(t.server, 'dominique-pat-trois')).active).toContain(pharmacist);
      const consents = await t.server.db.query<{ n: string }>(
        `SELECT count(*) AS n FROM resource_head h
           JOIN resource_version v ON v.type = h.type AND v.id = h.id AND v.version_id = h.version_id
          WHERE h.type = 'Consent' AND h.patient_id = 'dominique-pat-trois'
            AND v.content->'performer'->0->>'reference' = $1`,
        [`PractitionerRole/${pharmacist}`],
      );
      expect(Number(consents.rows[0]!.n)).toBe(1);
      expect((await auditsOf(pharmacist, 'dominique-pat-trois'))[0].outcome).toBe('0');
    });

    it('a role added by PUT is checked like $declare-actor’s: free text and another profession are 422', async () => {
      const physician = outsider('10');
      const token = await tokenFor(physician);
      const btg = await t.request({
        method: 'POST',
        url: '/fhir/Patient/dominique-pat-trois/$break-the-glass',
        token,
        body: {
          resourceType: 'Parameters',
          parameter: [{ name: 'reason', valueString: 'Patiente inconsciente aux urgences' }],
        },
      });
      expect(btg.status).toBe(200);
      const ct = await careTeam('dominique-pat-trois', token);
      const entry: Json = {
        member: { reference: `PractitionerRole/${physician}`, display: 'Dr X (médecin traitant)' },
        role: [{ text: 'Médecin traitant' }],
        period: { start: t.clock.now().toISOString() },
      };
      ct.participant.push(entry);
      expect((await put(ct, token)).status).toBe(422);
      entry.role = [{ coding: [{ system: PROFESSION, code: '60' }] }];
      expect((await put(ct, token)).status).toBe(422);
      entry.role = [{ coding: [{ system: ROLE_CODE, code: 'PCP' }] }];
      const r = await put(ct, token);
      expect(r.status).toBe(200);
      const mine = r.body.participant.at(-1);
      expect(mine.member.display).not.toContain('médecin traitant');
      expect(mine.role).toEqual([
        { coding: [{ system: ROLE_CODE, code: 'PCP', display: 'primary care physician' }] },
      ]);
      // A no-op PUT under the grant was audited with purpose BTG.
      const [last] = await auditsOf(physician, 'dominique-pat-trois');
      expect(last.subtype[0].code).toBe('update');
      expect(last.outcome).toBe('0');
      expect(last.purposeOfEvent[0].coding[0].code).toBe('BTG');
    });

    it('a member’s stale PUT (412) is audited; ending one’s own entry stores nothing else of the body', async () => {
      const role = (await members(t.server, 'dominique-pat-trois')).active[1]!;
      const token = await tokenFor(role);
      const ct = await careTeam('dominique-pat-trois', token);
      const stale = await put(ct, token, String(Number(ct.meta.versionId) + 5));
      expect(stale.status).toBe(412);
      expect((await auditsOf(role, 'dominique-pat-trois'))[0].outcome).toBe('4');
      const mine = ct.participant.find(
        (p: Json) => p.member.reference === `PractitionerRole/${role}` && !p.period.end,
      );
      mine.period.end = t.clock.now().toISOString();
      ct.meta.security = [{ system: 'http://example.org', code: 'MINE' }];
      ct.meta.tag = [{ code: 'x' }];
      const r = await put(ct, token);
      expect(r.status).toBe(200);
      expect(r.body.meta.security).toBeUndefined();
      expect(r.body.meta.tag).toBeUndefined();
      expect((await members(t.server, 'dominique-pat-trois')).active).not.toContain(role);
    });
  });

  describe('3. $withdraw-actor gives a former member no later CareTeam', () => {
    it('answers the version of the withdrawal, again on a retry, never a newer one', async () => {
      const nurse = outsider('60');
      const token = await tokenFor(nurse);
      expect((await declare('gerard-blanc', token)).status).toBe(200);
      const url = '/fhir/Patient/gerard-blanc/$withdraw-actor';
      const w1 = await t.request({
        method: 'POST',
        url,
        token,
        body: { resourceType: 'Parameters' },
      });
      expect(w1.status).toBe(200);
      const w2 = await t.request({ method: 'POST', url, token });
      expect(w2.status).toBe(200);
      expect(w2.headers.etag).toBe(w1.headers.etag);
      // The circle moves on: someone else joins.
      const newcomer = outsider('70');
      expect((await declare('gerard-blanc', await tokenFor(newcomer))).status).toBe(200);
      const w3 = await t.request({ method: 'POST', url, token });
      expect(w3.status).toBe(200);
      expect(w3.headers.etag).toBe(w1.headers.etag);
      expect(w3.body.meta.versionId).toBe(w1.body.meta.versionId);
      expect(JSON.stringify(w3.body)).not.toContain(newcomer);
      const [audit] = await auditsOf(nurse, 'gerard-blanc');
      expect(audit.entity[1].what.reference).toBe(
        `CareTeam/${w1.body.id}/_history/${w1.body.meta.versionId}`,
      );
    });
  });

  describe('4. fhirUser and SubjectNameID must name the same professional', () => {
    it('refuses a PractitionerRole or Practitioner fhirUser with another professional’s RPPS, provisioning nothing', async () => {
      const nurse = proByRole.get(outsider('60'))!;
      const doctorRole = outsider('10');
      const practitionersBefore = await t.server.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM resource_head WHERE type IN ('Practitioner', 'PractitionerRole')`,
      );
      const asRole = await t.issuer.token({
        rpps: nurse.rpps,
        fhirUser: `PractitionerRole/${doctorRole}`,
      });
      const r1 = await t.request({ url: '/fhir/Patient/marie-durand', token: asRole });
      expect(r1.status).toBe(403);
      expect(r1.body.resourceType).toBe('OperationOutcome');
      const own = await tokenFor(nurse.roleId);
      const role = await t.request({ url: `/fhir/PractitionerRole/${doctorRole}`, token: own });
      const practitioner = role.body.practitioner.reference;
      const asPractitioner = await t.issuer.token({ rpps: nurse.rpps, fhirUser: practitioner });
      const r2 = await t.request({ url: '/fhir/Patient/marie-durand', token: asPractitioner });
      expect(r2.status).toBe(403);
      const practitionersAfter = await t.server.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM resource_head WHERE type IN ('Practitioner', 'PractitionerRole')`,
      );
      expect(practitionersAfter.rows[0]!.n).toBe(practitionersBefore.rows[0]!.n);
      // The matching pair still works.
      const doctor = proByRole.get(doctorRole)!;
      const good = await t.issuer.token({ rpps: doctor.rpps, fhirUser: practitioner });
      expect((await t.request({ url: '/fhir/Patient/marie-durand', token: good })).status).toBe(
        200,
      );
    });
  });

  describe('6. Cache-Control', () => {
    it('sends no-store on /fhir answers (errors included) but not on /metadata', async () => {
      const token = await tokenFor(outsider('60'));
      const ok = await t.request({ url: '/fhir/Patient/marie-durand', token });
      expect(ok.headers['cache-control']).toBe('no-store');
      const err = await t.request({ url: '/fhir/Patient/marie-durand' });
      expect(err.status).toBe(401);
      expect(err.headers['cache-control']).toBe('no-store');
      const meta = await t.request({ url: '/fhir/metadata' });
      expect(meta.headers['cache-control']).toBeUndefined();
    });
  });

  describe('7 and 8. Refusals by id and their audit', () => {
    it('a refusal by resource id does not name the patient, and is audited with the resource', async () => {
      const nurse = outsider('60');
      const token = await tokenFor(nurse);
      const doc = await t.server.db.query<{ id: string }>(
        `SELECT id FROM resource_head WHERE type = 'DocumentReference' AND patient_id = 'marie-durand' LIMIT 1`,
      );
      const id = doc.rows[0]!.id;
      const r = await t.request({ url: `/fhir/DocumentReference/${id}`, token });
      expect(r.status).toBe(403);
      expect(r.text).not.toContain('marie-durand');
      expect(remedies(r.body)).toEqual(['declare-actor']);
      const [audit] = await auditsOf(nurse, 'marie-durand');
      expect(audit.outcome).toBe('4');
      expect(audit.entity.map((e: Json) => e.what.reference)).toContain(`DocumentReference/${id}`);
      expect(audit.agent[0].network?.address).toBeDefined();
    });

    it('a refused DocumentReference search is audited as search-type, with the query and the address', async () => {
      const nurse = outsider('60');
      const token = await tokenFor(nurse);
      const r = await t.request({ url: '/fhir/DocumentReference?patient=marie-durand', token });
      expect(r.status).toBe(403);
      const [audit] = await auditsOf(nurse, 'marie-durand');
      expect(audit.subtype[0].code).toBe('search-type');
      expect(audit.entity.map((e: Json) => e.what.reference)).toContain(
        'DocumentReference?patient=Patient/marie-durand',
      );
      expect(audit.agent[0].network?.address).toBeDefined();
    });

    it('a nurse’s refused break-the-glass is audited', async () => {
      const nurse = outsider('60');
      const r = await t.request({
        method: 'POST',
        url: '/fhir/Patient/marie-durand/$break-the-glass',
        token: await tokenFor(nurse),
        body: {
          resourceType: 'Parameters',
          parameter: [{ name: 'reason', valueString: 'Patiente inconsciente aux urgences' }],
        },
      });
      expect(r.status).toBe(403);
      const [audit] = await auditsOf(nurse, 'marie-durand');
      expect(audit.outcome).toBe('4');
      expect(audit.purposeOfEvent[0].coding[0].code).toBe('BTG');
      expect(audit.entity[0].detail[0].valueString).toBe('$break-the-glass');
    });
  });

  describe('9 and 10. Every /fhir error is an OperationOutcome', () => {
    it('a malformed URL, a too long path parameter and a huge _page', async () => {
      const token = await tokenFor(outsider('60'));
      const bad = await t.request({ url: '/fhir/Patient/marie-durand%', token });
      expect(bad.status).toBe(400);
      expect(bad.body.resourceType).toBe('OperationOutcome');
      expect(bad.headers['cache-control']).toBe('no-store');
      const long = await t.request({ url: `/fhir/Patient/${'a'.repeat(201)}`, token });
      expect(long.status).toBe(414);
      expect(long.body.resourceType).toBe('OperationOutcome');
      const page = await t.request({
        url: '/fhir/Patient?identifier=urn:oid:1.2.250.1.213.1.4.10|277076322082910&_page=99999999999999999999',
        token,
      });
      expect(page.status).toBe(400);
      expect(page.body.resourceType).toBe('OperationOutcome');
    });
  });

  describe('11. Roles are the server’s', () => {
    it('refuses a free-text role and another profession’s code; keeps codings only', async () => {
      const nurse = outsider('60');
      const token = await tokenFor(nurse);
      const withRole = (role: Json) => ({
        resourceType: 'Parameters',
        parameter: [
          { name: 'attestation', valueBoolean: true },
          { name: 'role', valueCodeableConcept: role },
        ],
      });
      const text = await declare('gerard-blanc', token, withRole({ text: 'Médecin traitant' }));
      expect(text.status).toBe(422);
      const other = await declare(
        'gerard-blanc',
        token,
        withRole({ coding: [{ system: PROFESSION, code: '10' }] }),
      );
      expect(other.status).toBe(422);
      const ok = await declare(
        'gerard-blanc',
        token,
        withRole({
          coding: [{ system: ROLE_CODE, code: 'ATND', display: 'Médecin traitant' }],
          text: 'Médecin traitant',
        }),
      );
      expect(ok.status).toBe(200);
      const mine = ok.body.participant.find(
        (p: Json) => p.member.reference === `PractitionerRole/${nurse}` && !p.period.end,
      );
      expect(mine.role).toEqual([{ coding: [{ system: ROLE_CODE, code: 'ATND' }] }]);
    });
  });
});

describe('5. an issuer needs an audience', () => {
  it('refuses an issuer without one; `audience: false` is the explicit opt-out', async () => {
    const issuer = await TestIssuer.create();
    const { audience: _a, ...withoutAudience } = issuer.config;
    expect(() => new TokenVerifier([withoutAudience])).toThrow(/has no audience/);
    expect(() => new TokenVerifier([{ ...withoutAudience, audience: [] }])).toThrow(
      /has no audience/,
    );
    const strict = new TokenVerifier([issuer.config]);
    const elsewhere = await issuer.token({ rpps: '10990000035', audience: 'another-app' });
    await expect(strict.verify(elsewhere)).rejects.toMatchObject({ status: 401 });
    const optOut = new TokenVerifier([{ ...withoutAudience, audience: false }]);
    await expect(optOut.verify(elsewhere)).resolves.toMatchObject({ issuer: issuer.config.issuer });
  });
});
