import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoDirectory } from '../src/index.js';
import type { Json, TestServer } from './helpers.js';
import { ATTEST, BACKENDS, members, remedies, testServer, tokenForRole } from './helpers.js';

const dir = demoDirectory();
const proByRole = new Map(dir.professionals.map((p) => [p.roleId, p]));
const INCLUDES =
  '_include=CareTeam:participant&_include:iterate=PractitionerRole:practitioner&_include:iterate=PractitionerRole:organization';

describe.each(BACKENDS)('authorisation matrix (%s)', (backend) => {
  let t: TestServer;
  let memberToken: string;
  let nonMemberNurse: string;
  let nonMemberPhysician: string;
  let formerToken: string;
  let memberRole: string;
  let otherMemberRole: string;
  const patient = 'marie-durand';

  const tokenFor = (roleId: string) => tokenForRole(t, roleId);

  beforeAll(async () => {
    t = await testServer(backend);
    const m = await members(t.server, patient);
    memberRole = m.active.find((r) => proByRole.get(r)?.profession !== '10')!;
    otherMemberRole = m.active.find((r) => r !== memberRole)!;
    const outside = dir.professionals.filter(
      (p) => !m.active.includes(p.roleId) && !m.former.includes(p.roleId),
    );
    memberToken = await tokenFor(memberRole);
    nonMemberNurse = await tokenFor(outside.find((p) => p.profession === '60')!.roleId);
    nonMemberPhysician = await tokenFor(outside.find((p) => p.profession === '10')!.roleId);
    formerToken = await tokenFor(m.former[0]!);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('an active member reads the care circle with its includes', async () => {
    const r = await t.request({
      url: `/fhir/CareTeam?patient=Patient/${patient}&status=active&${INCLUDES}`,
      token: memberToken,
    });
    expect(r.status).toBe(200);
    const types = r.body.entry.map((e: Json) => `${e.search.mode}:${e.resource.resourceType}`);
    expect(types.filter((x: string) => x === 'match:CareTeam')).toHaveLength(1);
    expect(types).toContain('include:PractitionerRole');
    expect(types).toContain('include:Practitioner');
    expect(types).toContain('include:Organization');
    expect(types).toContain('include:RelatedPerson');
  });

  it('a nurse outside the circle gets 403 with the declare-actor remedy only', async () => {
    const r = await t.request({ url: `/fhir/CareTeam?patient=${patient}`, token: nonMemberNurse });
    expect(r.status).toBe(403);
    expect(r.body.resourceType).toBe('OperationOutcome');
    expect(r.body.issue[0].code).toBe('forbidden');
    expect(remedies(r.body)).toEqual(['declare-actor']);
  });

  it('a physician outside the circle gets 403 with declare-actor and break-the-glass', async () => {
    const r = await t.request({
      url: `/fhir/DocumentReference?patient=${patient}`,
      token: nonMemberPhysician,
    });
    expect(r.status).toBe(403);
    expect(remedies(r.body).sort()).toEqual(['break-the-glass', 'declare-actor']);
  });

  it('a nurse asking to break the glass is refused without the break-the-glass remedy', async () => {
    const r = await t.request({
      method: 'POST',
      url: `/fhir/Patient/${patient}/$break-the-glass`,
      token: nonMemberNurse,
      body: {
        resourceType: 'Parameters',
        parameter: [{ name: 'reason', valueString: 'Patiente inconsciente aux urgences' }],
      },
    });
    expect(r.status).toBe(403);
    expect(remedies(r.body)).toEqual(['declare-actor']);
  });

  it('a break-the-glass reason shorter than 10 characters is a 400', async () => {
    const r = await t.request({
      method: 'POST',
      url: `/fhir/Patient/${patient}/$break-the-glass`,
      token: nonMemberPhysician,
      body: { resourceType: 'Parameters', parameter: [{ name: 'reason', valueString: 'urgent' }] },
    });
    expect(r.status).toBe(400);
    expect(r.body.issue[0].expression[0]).toMatch(/^Parameters\.parameter\[0\]/);
  });

  it('a physician under break-the-glass reads, traced with purpose BTG, until the grant expires', async () => {
    const btg = await t.request({
      method: 'POST',
      url: `/fhir/Patient/${patient}/$break-the-glass`,
      token: nonMemberPhysician,
      body: {
        resourceType: 'Parameters',
        parameter: [{ name: 'reason', valueString: 'Patiente inconsciente aux urgences' }],
      },
    });
    expect(btg.status).toBe(200);
    const expires = Date.parse(btg.body.parameter[0].valueInstant);
    expect(expires - t.clock.now().getTime()).toBeGreaterThan(3.9 * 3600_000);
    const read = await t.request({
      url: `/fhir/CareTeam?patient=${patient}&${INCLUDES}`,
      token: nonMemberPhysician,
    });
    expect(read.status).toBe(200);
    const audit = await t.request({
      url: `/fhir/AuditEvent?patient=${patient}&_count=100`,
      token: nonMemberPhysician,
    });
    expect(audit.status).toBe(200);
    const events = audit.body.entry.map((e: Json) => e.resource);
    const alert = events.find((e: Json) => e.type.code === '110113');
    expect(alert.subtype[0].code).toBe('110127');
    expect(alert.purposeOfEvent[0].coding[0].code).toBe('BTG');
    expect(alert.entity[0].description).toBe('Patiente inconsciente aux urgences');
    const search = events.find(
      (e: Json) =>
        e.subtype[0].code === 'search-type' && e.agent[0].purposeOfUse[0].coding[0].code === 'BTG',
    );
    expect(search).toBeDefined();
  });

  it('an expired grant no longer gives access', async () => {
    const token = await tokenFor(
      dir.professionals.filter((p) => p.profession === '10' && !p.named)[3]!.roleId,
    );
    const btg = await t.request({
      method: 'POST',
      url: `/fhir/Patient/theo-nguyen/$break-the-glass`,
      token,
      body: {
        resourceType: 'Parameters',
        parameter: [{ name: 'reason', valueString: 'Urgence pédiatrique de nuit' }],
      },
    });
    expect(btg.status).toBe(200);
    expect((await t.request({ url: '/fhir/CareTeam?patient=theo-nguyen', token })).status).toBe(
      200,
    );
    t.clock.advance(4 * 3600_000 + 60_000);
    try {
      const fresh = await tokenFor(
        dir.professionals.filter((p) => p.profession === '10' && !p.named)[3]!.roleId,
      );
      const r = await t.request({ url: '/fhir/CareTeam?patient=theo-nguyen', token: fresh });
      expect(r.status).toBe(403);
      expect(remedies(r.body)).toContain('break-the-glass');
    } finally {
      t.clock.advance(-(4 * 3600_000 + 60_000));
    }
  });

  it('a former member (withdrawn) has no access', async () => {
    const r = await t.request({ url: `/fhir/CareTeam?patient=${patient}`, token: formerToken });
    expect(r.status).toBe(403);
  });

  it('a member who withdraws loses access; the entry stays with period.end', async () => {
    const role = (await members(t.server, 'theo-nguyen')).active.find(
      (r) => proByRole.get(r)?.profession !== '10',
    )!;
    const token = await tokenFor(role);
    const w = await t.request({
      method: 'POST',
      url: '/fhir/Patient/theo-nguyen/$withdraw-actor',
      token,
    });
    expect(w.status).toBe(200);
    const mine = w.body.participant.filter(
      (p: Json) => p.member.reference === `PractitionerRole/${role}`,
    );
    expect(mine.every((p: Json) => typeof p.period.end === 'string')).toBe(true);
    const r = await t.request({ url: '/fhir/CareTeam?patient=theo-nguyen', token });
    expect(r.status).toBe(403);
  });

  it('any professional reads a patient by id or INS, and it is audited', async () => {
    const ins = dir.patients.find((p) => p.id === patient)!.ins;
    const byId = await t.request({ url: `/fhir/Patient/${patient}`, token: nonMemberNurse });
    expect(byId.status).toBe(200);
    expect(byId.headers.etag).toBe('W/"1"');
    const byIns = await t.request({
      url: `/fhir/Patient?identifier=urn:oid:1.2.250.1.213.1.4.10|${ins}`,
      token: nonMemberNurse,
    });
    expect(byIns.status).toBe(200);
    expect(byIns.body.total).toBe(1);
    expect(byIns.body.entry[0].resource.id).toBe(patient);
    const audit = await t.server.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM resource_head h JOIN resource_version v USING (type, id, version_id)
        WHERE h.type = 'AuditEvent' AND h.patient_id = $1
          AND v.content->'agent'->0->'who'->>'reference' = $2 AND v.content->'subtype'->0->>'code' IN ('read', 'search-type')
          AND v.content->>'outcome' = '0'`,
      [
        patient,
        `PractitionerRole/${dir.professionals.find((p) => p.profession === '60' && p.rpps)!.roleId}`,
      ],
    );
    expect(audit.rows[0]!.n).toBeGreaterThanOrEqual(0);
  });

  it('a refused access is audited with a failure outcome', async () => {
    const before = await t.server.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM resource_head h JOIN resource_version v USING (type, id, version_id)
        WHERE h.type = 'AuditEvent' AND h.patient_id = $1 AND v.content->>'outcome' = '4'`,
      ['gerard-blanc'],
    );
    expect(
      (await t.request({ url: '/fhir/CareTeam?patient=gerard-blanc', token: nonMemberNurse }))
        .status,
    ).toBe(403);
    const after = await t.server.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM resource_head h JOIN resource_version v USING (type, id, version_id)
        WHERE h.type = 'AuditEvent' AND h.patient_id = $1 AND v.content->>'outcome' = '4'`,
      ['gerard-blanc'],
    );
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n + 1);
  });

  it('a member reads letters: DocumentReference, Binary (CDA) with its content type', async () => {
    const m = await members(t.server, 'dominique-pat-trois');
    const token = await tokenFor(m.active[0]!);
    const docs = await t.request({
      url: '/fhir/DocumentReference?patient=dominique-pat-trois&_sort=-date',
      token,
    });
    expect(docs.status).toBe(200);
    expect(docs.body.total).toBeGreaterThanOrEqual(1);
    const doc = docs.body.entry[0].resource;
    expect(doc.description).toMatch(/ANS/);
    const bin = await t.request({ url: `/fhir/${doc.content[0].attachment.url}`, token });
    expect(bin.status).toBe(200);
    expect(String(bin.headers['content-type'])).toMatch(/^application\/xml/);
    expect(bin.text).toContain('<ClinicalDocument');
    const denied = await t.request({
      url: `/fhir/${doc.content[0].attachment.url}`,
      token: nonMemberNurse,
    });
    expect(denied.status).toBe(403);
  });

  it('a PUT that ends someone else’s participation is refused (403)', async () => {
    const read = await t.request({ url: `/fhir/CareTeam?patient=${patient}`, token: memberToken });
    const ct = read.body.entry[0].resource;
    const other = ct.participant.find(
      (p: Json) => p.member.reference === `PractitionerRole/${otherMemberRole}` && !p.period.end,
    );
    other.period.end = new Date(t.clock.now().getTime() - 1000).toISOString();
    const r = await t.request({
      method: 'PUT',
      url: `/fhir/CareTeam/${ct.id}`,
      token: memberToken,
      body: ct,
      headers: { 'if-match': `W/"${ct.meta.versionId}"` },
    });
    expect(r.status).toBe(403);
    expect(r.body.issue[0].code).toBe('forbidden');
  });

  it('a PUT that removes someone else’s entry is refused (422, history is never deleted)', async () => {
    const read = await t.request({ url: `/fhir/CareTeam?patient=${patient}`, token: memberToken });
    const ct = read.body.entry[0].resource;
    ct.participant = ct.participant.filter(
      (p: Json) => p.member.reference !== `PractitionerRole/${otherMemberRole}`,
    );
    const r = await t.request({
      method: 'PUT',
      url: `/fhir/CareTeam/${ct.id}`,
      token: memberToken,
      body: ct,
      headers: { 'if-match': `W/"${ct.meta.versionId}"` },
    });
    expect(r.status).toBe(422);
    expect(r.body.issue[0].code).toBe('business-rule');
  });

  it('a PUT that changes another element of the CareTeam is refused (403)', async () => {
    const read = await t.request({ url: `/fhir/CareTeam?patient=${patient}`, token: memberToken });
    const ct = read.body.entry[0].resource;
    ct.name = 'Autre nom';
    const r = await t.request({
      method: 'PUT',
      url: `/fhir/CareTeam/${ct.id}`,
      token: memberToken,
      body: ct,
      headers: { 'if-match': `W/"${ct.meta.versionId}"` },
    });
    expect(r.status).toBe(403);
  });

  it('a PUT may end the caller’s own participation', async () => {
    const role = (await members(t.server, 'dominique-pat-trois')).active[1]!;
    const token = await tokenFor(role);
    const read = await t.request({ url: '/fhir/CareTeam?patient=dominique-pat-trois', token });
    const ct = read.body.entry[0].resource;
    const mine = ct.participant.find(
      (p: Json) => p.member.reference === `PractitionerRole/${role}` && !p.period.end,
    );
    mine.period.end = t.clock.now().toISOString();
    const r = await t.request({
      method: 'PUT',
      url: `/fhir/CareTeam/${ct.id}`,
      token,
      body: ct,
      headers: { 'if-match': `W/"${ct.meta.versionId}"` },
    });
    expect(r.status).toBe(200);
    expect(r.headers.etag).toBe(`W/"${Number(ct.meta.versionId) + 1}"`);
    expect((await members(t.server, 'dominique-pat-trois')).active).not.toContain(role);
  });

  it('a PUT may add the caller’s own participation (the DCTM way of declaring)', async () => {
    const outsider = dir.professionals.find((p) => p.profession === '21' && !p.named)!;
    const token = await tokenFor(outsider.roleId);
    const read = await t.request({
      url: '/fhir/CareTeam?patient=dominique-pat-trois',
      token: await tokenFor((await members(t.server, 'dominique-pat-trois')).active[0]!),
    });
    const ct = read.body.entry[0].resource;
    ct.participant.push({
      member: { reference: `PractitionerRole/${outsider.roleId}` },
      period: { start: t.clock.now().toISOString() },
    });
    const r = await t.request({
      method: 'PUT',
      url: `/fhir/CareTeam/${ct.id}`,
      token,
      body: ct,
      headers: { 'if-match': `W/"${ct.meta.versionId}"` },
    });
    expect(r.status).toBe(200);
    expect(
      (await t.request({ url: '/fhir/CareTeam?patient=dominique-pat-trois', token })).status,
    ).toBe(200);
  });

  it('declaring oneself gives access, records a Consent, and is idempotent', async () => {
    const outsider = dir.professionals.find((p) => p.profession === '70' && !p.named)!;
    const token = await tokenFor(outsider.roleId);
    expect((await t.request({ url: '/fhir/CareTeam?patient=gerard-blanc', token })).status).toBe(
      403,
    );
    const d1 = await t.request({
      method: 'POST',
      url: '/fhir/Patient/gerard-blanc/$declare-actor',
      token,
      body: ATTEST,
    });
    expect(d1.status).toBe(200);
    expect(d1.headers.location).toMatch(/\/fhir\/CareTeam\/.+\/_history\/\d+$/);
    const d2 = await t.request({
      method: 'POST',
      url: '/fhir/Patient/gerard-blanc/$declare-actor',
      token,
      body: ATTEST,
    });
    expect(d2.status).toBe(200);
    expect(d2.headers.etag).toBe(d1.headers.etag);
    expect((await t.request({ url: '/fhir/CareTeam?patient=gerard-blanc', token })).status).toBe(
      200,
    );
    const consents = await t.server.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM resource_head h JOIN resource_version v USING (type, id, version_id)
        WHERE h.type = 'Consent' AND h.patient_id = 'gerard-blanc' AND v.content->'provision'->'actor'->0->'reference'->>'reference' = $1`,
      [`PractitionerRole/${outsider.roleId}`],
    );
    expect(consents.rows[0]!.n).toBe(1);
  });

  it('declaring without attestation true is a 400', async () => {
    const r = await t.request({
      method: 'POST',
      url: '/fhir/Patient/gerard-blanc/$declare-actor',
      token: nonMemberNurse,
      body: {
        resourceType: 'Parameters',
        parameter: [{ name: 'attestation', valueBoolean: false }],
      },
    });
    expect(r.status).toBe(400);
  });

  it('a non-physician may not declare themselves médecin traitant (422)', async () => {
    const r = await t.request({
      method: 'POST',
      url: '/fhir/Patient/gerard-blanc/$declare-actor',
      token: nonMemberNurse,
      body: {
        resourceType: 'Parameters',
        parameter: [
          { name: 'attestation', valueBoolean: true },
          {
            name: 'role',
            valueCodeableConcept: {
              coding: [
                { system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'PCP' },
              ],
            },
          },
        ],
      },
    });
    expect(r.status).toBe(422);
  });
});
