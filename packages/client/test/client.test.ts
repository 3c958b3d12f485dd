import { describe, expect, it, vi } from 'vitest';
import { createLienClient, parsePatientRef } from '../src/client.js';
import { LienError } from '../src/errors.js';
import { SYSTEMS } from '../src/fhir/systems.js';
import {
  BASE,
  CAPABILITIES_WITH_OPERATIONS,
  PLAIN_CAPABILITIES,
  careTeamBundle,
  fakeFhir,
  fhirJson,
  jwt,
  LISTE_ROUGE_EXT,
  MSSANTE_EXT,
  outcome,
} from './fake-fhir.js';

const INS = 'urn:oid:1.2.250.1.213.1.4.10|248039263001064';
const noRetry = { retry: false as const };

describe('parsePatientRef', () => {
  it('accepts Patient/123, 123 and an INS system|value', () => {
    expect(parsePatientRef('Patient/123')).toEqual({ id: '123' });
    expect(parsePatientRef('123')).toEqual({ id: '123' });
    expect(parsePatientRef(INS)).toEqual({ identifier: INS });
  });
  it('refuses anything else with a typed error', () => {
    for (const bad of ['', 'Practitioner/1', 'a b', '|x', 'x|', 'a|b|c']) {
      expect(() => parsePatientRef(bad), bad).toThrow(LienError);
    }
  });
});

describe('authentication', () => {
  it('sends the token from the async getter as a bearer header', async () => {
    const server = fakeFhir({
      'GET /Patient/p1': () => fhirJson({ resourceType: 'Patient', id: 'p1' }),
    });
    const client = createLienClient({
      baseUrl: BASE,
      fetch: server.fetch,
      getAccessToken: async () => 'tok-1',
    });
    await client.resolvePatient('Patient/p1');
    expect(server.calls[0]?.request.headers.get('Authorization')).toBe('Bearer tok-1');
  });

  it('on 401 asks the getter again with forceRefresh and retries once with the new token', async () => {
    const server = fakeFhir({
      'GET /Patient/p1': [
        () => outcome(401, 'expired'),
        () => fhirJson({ resourceType: 'Patient', id: 'p1' }),
      ],
    });
    const getAccessToken = vi.fn(async (o?: { forceRefresh?: boolean }) =>
      o?.forceRefresh ? 'fresh' : 'stale',
    );
    const client = createLienClient({ baseUrl: BASE, fetch: server.fetch, getAccessToken });
    const patient = await client.resolvePatient('p1');
    expect(patient.id).toBe('p1');
    expect(getAccessToken).toHaveBeenCalledWith({ forceRefresh: true });
    expect(server.calls.map((c) => c.request.headers.get('Authorization'))).toEqual([
      'Bearer stale',
      'Bearer fresh',
    ]);
  });

  it('gives up with "unauthorized" when the refreshed token is refused too', async () => {
    const server = fakeFhir({ 'GET /Patient/p1': () => outcome(401, 'invalid token') });
    const client = createLienClient({
      baseUrl: BASE,
      fetch: server.fetch,
      getAccessToken: async () => 't',
    });
    await expect(client.resolvePatient('p1')).rejects.toMatchObject({
      code: 'unauthorized',
      status: 401,
    });
    expect(server.calls).toHaveLength(2);
  });
});

describe('error mapping', () => {
  it('maps a 403 with remedies to LienError "forbidden" carrying them', async () => {
    const server = fakeFhir({
      'GET /CareTeam': () =>
        outcome(403, 'Not a member of this care circle', ['declare-actor', 'break-the-glass']),
    });
    const client = createLienClient({ baseUrl: BASE, fetch: server.fetch });
    const error = (await client.getCareCircle('p1').catch((e: unknown) => e)) as LienError;
    expect(error).toBeInstanceOf(LienError);
    expect(error.code).toBe('forbidden');
    expect(error.message).toBe('Not a member of this care circle');
    expect(error.remedies).toEqual(['declare-actor', 'break-the-glass']);
  });

  it.each([
    [404, 'not-found'],
    [409, 'conflict'],
    [412, 'precondition-failed'],
    [400, 'invalid'],
    [500, 'server'],
  ])('maps HTTP %i to "%s"', async (status, code) => {
    const server = fakeFhir({ 'GET /Patient/p1': () => outcome(status, 'nope') });
    const client = createLienClient({ baseUrl: BASE, fetch: server.fetch, ...noRetry });
    await expect(client.resolvePatient('p1')).rejects.toMatchObject({ code, status });
  });

  it('gives a readable message when the error body is not an OperationOutcome', async () => {
    const server = fakeFhir({
      'GET /Patient/p1': () => new Response('<html>Bad gateway</html>', { status: 502 }),
    });
    const client = createLienClient({ baseUrl: BASE, fetch: server.fetch, ...noRetry });
    const error = (await client.resolvePatient('p1').catch((e: unknown) => e)) as LienError;
    expect(error.code).toBe('server');
    expect(error.issues).toEqual([]);
    expect(error.message).toMatch(/server/i);
  });

  it('maps an unreachable server to "network"', async () => {
    const client = createLienClient({
      baseUrl: BASE,
      fetch: async () => {
        throw new TypeError('fetch failed');
      },
      ...noRetry,
    });
    await expect(client.resolvePatient('p1')).rejects.toMatchObject({ code: 'network' });
  });
});

describe('resolvePatient', () => {
  it('resolves an INS with an identifier search, and caches the answer', async () => {
    const server = fakeFhir({
      'GET /Patient': () =>
        fhirJson({
          resourceType: 'Bundle',
          type: 'searchset',
          entry: [{ resource: { resourceType: 'Patient', id: 'p1' } }],
        }),
    });
    const client = createLienClient({ baseUrl: BASE, fetch: server.fetch });
    expect((await client.resolvePatient(INS)).id).toBe('p1');
    expect((await client.resolvePatient(INS)).id).toBe('p1');
    expect(server.calls).toHaveLength(1);
    expect(server.calls[0]?.url.searchParams.get('identifier')).toBe(INS);
  });

  it('says not-found when no patient has that INS', async () => {
    const server = fakeFhir({
      'GET /Patient': () => fhirJson({ resourceType: 'Bundle', type: 'searchset' }),
    });
    const client = createLienClient({ baseUrl: BASE, fetch: server.fetch });
    await expect(client.resolvePatient(INS)).rejects.toMatchObject({ code: 'not-found' });
  });
});

describe('getCareCircle', () => {
  it('reads the circle in one request with the _include parameters', async () => {
    const server = fakeFhir({ 'GET /CareTeam': () => fhirJson(careTeamBundle()) });
    const client = createLienClient({ baseUrl: BASE, fetch: server.fetch });
    await client.getCareCircle('Patient/p1');
    expect(server.calls).toHaveLength(1);
    const query = server.calls[0]!.url.searchParams;
    expect(query.get('patient')).toBe('Patient/p1');
    expect(query.get('status')).toBe('active');
    expect(query.getAll('_include')).toEqual(['CareTeam:participant']);
    expect(query.getAll('_include:iterate')).toEqual([
      'PractitionerRole:practitioner',
      'PractitionerRole:organization',
    ]);
  });

  it('resolves included PractitionerRole, Practitioner and Organization into members', async () => {
    const server = fakeFhir({ 'GET /CareTeam': () => fhirJson(careTeamBundle()) });
    const client = createLienClient({ baseUrl: BASE, fetch: server.fetch });
    const circle = await client.getCareCircle('p1');
    expect(circle).toMatchObject({ patient: 'Patient/p1', careTeam: 'CareTeam/ct1', version: '7' });
    const gp = circle.members[0]!;
    expect(gp).toMatchObject({
      reference: 'PractitionerRole/gp',
      kind: 'practitioner',
      name: { prefix: 'Dr', given: 'Claire', family: 'MARTIN' },
      profession: { code: '10', system: SYSTEMS.profession, display: 'Médecin' },
      specialty: { code: 'SM26', system: SYSTEMS.specialty },
      organization: {
        reference: 'Organization/cabinet',
        name: 'Cabinet médical des Pentes',
        kind: 'community',
        city: 'Lyon',
      },
      rpps: '10000000001',
      mssante: 'claire.martin@lien-demo.mssante.fr',
      phones: ['+33 4 72 00 00 01'],
      isGeneralPractitioner: true,
      active: true,
      since: '2024-01-10T09:00:00Z',
    });
    expect(gp.roles[0]).toEqual({ code: 'PCP', system: SYSTEMS.roleCode });
    expect(gp.specialty).not.toHaveProperty('display');
  });

  it('never returns a liste-rouge MSSanté address', async () => {
    const server = fakeFhir({ 'GET /CareTeam': () => fhirJson(careTeamBundle()) });
    const circle = await createLienClient({ baseUrl: BASE, fetch: server.fetch }).getCareCircle(
      'p1',
    );
    const nurse = circle.members.find((m) => m.reference === 'PractitionerRole/nurse')!;
    expect(nurse.mssante).toBeUndefined();
    expect(JSON.stringify(circle)).not.toContain('secret.nurse');
  });

  it('keeps former members, marked inactive with their end date', async () => {
    const server = fakeFhir({ 'GET /CareTeam': () => fhirJson(careTeamBundle()) });
    const circle = await createLienClient({ baseUrl: BASE, fetch: server.fetch }).getCareCircle(
      'p1',
    );
    expect(circle.members.filter((m) => !m.active)).toEqual([
      expect.objectContaining({ reference: 'PractitionerRole/gp', until: '2021-01-01T09:00:00Z' }),
    ]);
  });

  it('flags the caller as the current user, from the fhirUser claim of the token', async () => {
    const server = fakeFhir({ 'GET /CareTeam': () => fhirJson(careTeamBundle()) });
    const token = jwt({ fhirUser: 'PractitionerRole/nurse' });
    const client = createLienClient({
      baseUrl: BASE,
      fetch: server.fetch,
      getAccessToken: () => token,
    });
    const circle = await client.getCareCircle('p1');
    expect(circle.members.filter((m) => m.isCurrentUser).map((m) => m.reference)).toEqual([
      'PractitionerRole/nurse',
    ]);
  });

  it('returns an empty circle when the patient has no CareTeam yet', async () => {
    const server = fakeFhir({
      'GET /CareTeam': () => fhirJson({ resourceType: 'Bundle', type: 'searchset' }),
    });
    const circle = await createLienClient({ baseUrl: BASE, fetch: server.fetch }).getCareCircle(
      'p1',
    );
    expect(circle).toEqual({ patient: 'Patient/p1', careTeam: null, version: null, members: [] });
  });

  it('resolves an INS first, then reads the circle of that patient', async () => {
    const server = fakeFhir({
      'GET /Patient': () =>
        fhirJson({
          resourceType: 'Bundle',
          type: 'searchset',
          entry: [{ resource: { resourceType: 'Patient', id: 'p1' } }],
        }),
      'GET /CareTeam': () => fhirJson(careTeamBundle()),
    });
    const circle = await createLienClient({ baseUrl: BASE, fetch: server.fetch }).getCareCircle(
      INS,
    );
    expect(circle.patient).toBe('Patient/p1');
    expect(server.calls.map((c) => c.path)).toEqual(['/Patient', '/CareTeam']);
  });
});

describe('declareSelf', () => {
  const me = 'PractitionerRole/me';
  const token = jwt({ fhirUser: me });

  it('refuses without the attestation, sending nothing', async () => {
    const server = fakeFhir({});
    const client = createLienClient({ baseUrl: BASE, fetch: server.fetch });
    await expect(client.declareSelf('p1', { attestation: false })).rejects.toMatchObject({
      code: 'invalid',
    });
    expect(server.calls).toHaveLength(0);
  });

  it('uses $declare-actor when the server lists it, with the attestation and role', async () => {
    const joined = careTeamBundle({
      extraParticipants: [{ member: { reference: me }, period: { start: '2026-11-22T10:00:00Z' } }],
    });
    const server = fakeFhir({
      'GET /metadata': () => fhirJson(CAPABILITIES_WITH_OPERATIONS),
      'POST /Patient/p1/$declare-actor': () =>
        fhirJson(joined.entry[0]!.resource, { headers: { ETag: 'W/"8"' } }),
      'GET /CareTeam': () => fhirJson(joined),
    });
    const client = createLienClient({
      baseUrl: BASE,
      fetch: server.fetch,
      getAccessToken: () => token,
    });
    const role = {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'PCP' }],
    };
    const result = await client.declareSelf('p1', { attestation: true, role });
    const post = server.calls.find((c) => c.method === 'POST')!;
    expect(await post.request.json()).toEqual({
      resourceType: 'Parameters',
      parameter: [
        { name: 'attestation', valueBoolean: true },
        { name: 'role', valueCodeableConcept: role },
      ],
    });
    expect(result.member).toMatchObject({ reference: me, isCurrentUser: true, active: true });
  });

  it('falls back to the DCTM way on a plain FHIR server: read, append, PUT with If-Match', async () => {
    const server = fakeFhir({
      'GET /metadata': () => fhirJson(PLAIN_CAPABILITIES),
      'GET /CareTeam': () => fhirJson(careTeamBundle({ version: '7' })),
      'PUT /CareTeam/ct1': () =>
        fhirJson({ resourceType: 'CareTeam', id: 'ct1', meta: { versionId: '8' } }),
    });
    const client = createLienClient({
      baseUrl: BASE,
      fetch: server.fetch,
      getAccessToken: () => token,
    });
    await client.declareSelf('p1', { attestation: true });
    const put = server.calls.find((c) => c.method === 'PUT')!;
    expect(put.request.headers.get('If-Match')).toBe('W/"7"');
    const body = (await put.request.json()) as {
      participant: { member: { reference: string }; period: { start: string } }[];
    };
    expect(body.participant.at(-1)?.member.reference).toBe(me);
    expect(body.participant.at(-1)?.period.start).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(body.participant).toHaveLength(4);
  });

  it('on 412 re-reads the CareTeam and writes again against the new version', async () => {
    const server = fakeFhir({
      'GET /metadata': () => fhirJson(PLAIN_CAPABILITIES),
      'GET /CareTeam': [
        () => fhirJson(careTeamBundle({ version: '7' })),
        () => fhirJson(careTeamBundle({ version: '9' })),
      ],
      'PUT /CareTeam/ct1': [
        () => outcome(412, 'stale'),
        () => fhirJson({ resourceType: 'CareTeam', id: 'ct1' }),
      ],
    });
    const client = createLienClient({
      baseUrl: BASE,
      fetch: server.fetch,
      getAccessToken: () => token,
    });
    await client.declareSelf('p1', { attestation: true });
    const puts = server.calls
      .filter((c) => c.method === 'PUT')
      .map((c) => c.request.headers.get('If-Match'));
    expect(puts).toEqual(['W/"7"', 'W/"9"']);
  });

  it('stops the 412 loop after a bounded number of tries', async () => {
    const server = fakeFhir({
      'GET /metadata': () => fhirJson(PLAIN_CAPABILITIES),
      'GET /CareTeam': () => fhirJson(careTeamBundle()),
      'PUT /CareTeam/ct1': () => outcome(412, 'stale'),
    });
    const client = createLienClient({
      baseUrl: BASE,
      fetch: server.fetch,
      getAccessToken: () => token,
    });
    await expect(client.declareSelf('p1', { attestation: true })).rejects.toMatchObject({
      code: 'precondition-failed',
    });
    expect(server.calls.filter((c) => c.method === 'PUT')).toHaveLength(3);
  });

  it('writes nothing on the DCTM path when the caller is already an active member', async () => {
    const server = fakeFhir({
      'GET /metadata': () => fhirJson(PLAIN_CAPABILITIES),
      'GET /CareTeam': () => fhirJson(careTeamBundle()),
    });
    const client = createLienClient({
      baseUrl: BASE,
      fetch: server.fetch,
      getAccessToken: () => jwt({ fhirUser: 'PractitionerRole/nurse' }),
    });
    const result = await client.declareSelf('p1', { attestation: true });
    expect(server.calls.some((c) => c.method === 'PUT')).toBe(false);
    expect(result.member?.reference).toBe('PractitionerRole/nurse');
  });
});

describe('withdrawSelf', () => {
  it('ends the caller’s active participation on the DCTM path, keeping history', async () => {
    const server = fakeFhir({
      'GET /metadata': () => fhirJson(PLAIN_CAPABILITIES),
      'GET /CareTeam': () => fhirJson(careTeamBundle()),
      'PUT /CareTeam/ct1': () => fhirJson({ resourceType: 'CareTeam', id: 'ct1' }),
    });
    const client = createLienClient({
      baseUrl: BASE,
      fetch: server.fetch,
      fhirUser: 'PractitionerRole/gp',
    });
    await client.withdrawSelf('p1');
    const body = (await server.calls.find((c) => c.method === 'PUT')!.request.json()) as {
      participant: { member: { reference: string }; period: { start: string; end?: string } }[];
    };
    expect(body.participant).toHaveLength(3);
    const gp = body.participant.filter((p) => p.member.reference === 'PractitionerRole/gp');
    expect(gp.every((p) => p.period.end)).toBe(true);
    expect(gp[0]?.period.start).toBe('2024-01-10T09:00:00Z');
  });

  it('returns the written CareTeam when the withdrawn caller may no longer read the circle', async () => {
    const team = careTeamBundle().entry[0]!.resource;
    const server = fakeFhir({
      'GET /metadata': () => fhirJson(CAPABILITIES_WITH_OPERATIONS),
      'POST /Patient/p1/$withdraw-actor': () => fhirJson({ ...team, meta: { versionId: '8' } }),
      'GET /CareTeam': () => outcome(403, 'not a member', ['declare-actor']),
    });
    const client = createLienClient({
      baseUrl: BASE,
      fetch: server.fetch,
      fhirUser: 'PractitionerRole/zz',
    });
    const result = await client.withdrawSelf('p1');
    expect(result.careCircle).toMatchObject({ careTeam: 'CareTeam/ct1', version: '8' });
    expect(result.member).toBeUndefined();
  });

  it('uses $withdraw-actor when the server lists it', async () => {
    const server = fakeFhir({
      'GET /metadata': () => fhirJson(CAPABILITIES_WITH_OPERATIONS),
      'POST /Patient/p1/$withdraw-actor': () => fhirJson(careTeamBundle().entry[0]!.resource),
      'GET /CareTeam': () => fhirJson(careTeamBundle()),
    });
    const client = createLienClient({
      baseUrl: BASE,
      fetch: server.fetch,
      fhirUser: 'PractitionerRole/zz',
    });
    const result = await client.withdrawSelf('p1');
    expect(result.member).toBeUndefined();
    expect(server.calls.map((c) => `${c.method} ${c.path}`)).toContain(
      'POST /Patient/p1/$withdraw-actor',
    );
  });
});

describe('breakTheGlass', () => {
  it('sends the reason and returns the expiry', async () => {
    const server = fakeFhir({
      'POST /Patient/p1/$break-the-glass': () =>
        fhirJson({
          resourceType: 'Parameters',
          parameter: [{ name: 'expires', valueInstant: '2026-11-22T14:00:00Z' }],
        }),
    });
    const client = createLienClient({ baseUrl: BASE, fetch: server.fetch });
    const grant = await client.breakTheGlass('p1', 'Patient inconscient aux urgences');
    expect(grant).toEqual({ patient: 'Patient/p1', expires: '2026-11-22T14:00:00Z' });
    expect(await server.calls[0]!.request.json()).toEqual({
      resourceType: 'Parameters',
      parameter: [{ name: 'reason', valueString: 'Patient inconscient aux urgences' }],
    });
  });
});

describe('currentUser', () => {
  it('reads the name, profession and RPPS from Pro Santé Connect-style claims', async () => {
    const token = jwt({
      fhirUser: 'PractitionerRole/gp',
      given_name: 'Claire',
      family_name: 'MARTIN',
      SubjectNameID: '810000000001',
      SubjectRefPro: { exercices: [{ codeProfession: '10' }] },
    });
    const client = createLienClient({
      baseUrl: BASE,
      getAccessToken: () => token,
      fetch: fakeFhir({}).fetch,
    });
    expect(await client.currentUser()).toEqual({
      reference: 'PractitionerRole/gp',
      name: 'Claire MARTIN',
      professionCode: '10',
      rpps: '10000000001',
    });
  });

  it('is null when nothing says who the caller is', async () => {
    const client = createLienClient({
      baseUrl: BASE,
      getAccessToken: () => 'opaque-token',
      fetch: fakeFhir({}).fetch,
    });
    expect(await client.currentUser()).toBeNull();
  });
});

describe('letters', () => {
  const docs = {
    resourceType: 'Bundle',
    type: 'searchset',
    entry: [
      {
        resource: {
          resourceType: 'DocumentReference',
          id: 'd2',
          status: 'current',
          date: '2026-10-02T10:00:00Z',
          type: {
            coding: [{ system: 'http://loinc.org', code: '11490-0', display: 'Lettre de liaison' }],
          },
          custodian: { display: 'CH de Villefranche' },
          content: [{ attachment: { contentType: 'application/xml', url: 'Binary/b2' } }],
        },
      },
      {
        resource: {
          resourceType: 'DocumentReference',
          id: 'd1',
          status: 'current',
          content: [{ attachment: { contentType: 'application/pdf', url: 'Binary/b1' } }],
        },
      },
    ],
  };

  it('lists discharge letters newest first, filtered by type', async () => {
    const server = fakeFhir({ 'GET /DocumentReference': () => fhirJson(docs) });
    const letters = await createLienClient({
      baseUrl: BASE,
      fetch: server.fetch,
    }).listDischargeLetters('p1');
    expect(letters.map((l) => [l.reference, l.format])).toEqual([
      ['DocumentReference/d2', 'cda'],
      ['DocumentReference/d1', 'pdf'],
    ]);
    expect(letters[0]).toMatchObject({
      facility: 'CH de Villefranche',
      date: '2026-10-02T10:00:00Z',
    });
    const query = server.calls[0]!.url.searchParams;
    expect(query.get('_sort')).toBe('-date');
    expect(query.get('type')).toBe('http://loinc.org|11490-0,http://loinc.org|34105-7');
  });

  it('fetches a CDA letter as XML text', async () => {
    const server = fakeFhir({
      'GET /DocumentReference/d2': () => fhirJson(docs.entry[0]!.resource),
      'GET /Binary/b2': () =>
        new Response('<ClinicalDocument/>', { headers: { 'Content-Type': 'application/xml' } }),
    });
    const letter = await createLienClient({ baseUrl: BASE, fetch: server.fetch }).getLetter(
      'DocumentReference/d2',
    );
    expect(letter).toEqual({ type: 'cda', xml: '<ClinicalDocument/>' });
  });

  it('refuses a letter in a format it does not read, with the issue type not-supported', async () => {
    const server = fakeFhir({
      'GET /DocumentReference/d3': () =>
        fhirJson({
          resourceType: 'DocumentReference',
          id: 'd3',
          status: 'current',
          content: [{ attachment: { contentType: 'application/msword', url: 'Binary/b3' } }],
        }),
    });
    const error = await createLienClient({ baseUrl: BASE, fetch: server.fetch })
      .getLetter('DocumentReference/d3')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'LienError', code: 'invalid' });
    expect((error as LienError).issues.map((i) => i.code)).toEqual(['not-supported']);
    expect(server.calls.map((c) => c.path)).toEqual(['/DocumentReference/d3']);
  });

  it('fetches a PDF letter as a Blob', async () => {
    const server = fakeFhir({
      'GET /DocumentReference/d1': () => fhirJson(docs.entry[1]!.resource),
      'GET /Binary/b1': () =>
        new Response(new Uint8Array([37, 80, 68, 70]), {
          headers: { 'Content-Type': 'application/pdf' },
        }),
    });
    const letter = await createLienClient({ baseUrl: BASE, fetch: server.fetch }).getLetter('d1');
    expect(letter.type).toBe('pdf');
    expect(letter.type === 'pdf' && 'blob' in letter && (await letter.blob.text())).toBe('%PDF');
  });

  it('fetches a FHIR letter as its document Bundle', async () => {
    const server = fakeFhir({
      'GET /DocumentReference/d3': () =>
        fhirJson({
          resourceType: 'DocumentReference',
          id: 'd3',
          status: 'current',
          content: [{ attachment: { contentType: 'application/fhir+json', url: 'Bundle/doc3' } }],
        }),
      'GET /Bundle/doc3': () => fhirJson({ resourceType: 'Bundle', id: 'doc3', type: 'document' }),
    });
    const letter = await createLienClient({ baseUrl: BASE, fetch: server.fetch }).getLetter('d3');
    expect(letter).toEqual({
      type: 'fhir',
      bundle: { resourceType: 'Bundle', id: 'doc3', type: 'document' },
    });
  });
});

describe('wire format', () => {
  it('sends request bodies as application/fhir+json', async () => {
    const server = fakeFhir({
      'POST /Patient/p1/$break-the-glass': () =>
        fhirJson({
          resourceType: 'Parameters',
          parameter: [{ name: 'expires', valueInstant: '2026-11-22T14:00:00Z' }],
        }),
    });
    await createLienClient({ baseUrl: BASE, fetch: server.fetch }).breakTheGlass(
      'p1',
      'Patient inconscient aux urgences',
    );
    expect(server.calls[0]?.request.headers.get('Content-Type')).toBe('application/fhir+json');
  });

  it('asks for application/fhir+json and sends no Content-Type without a body', async () => {
    const server = fakeFhir({
      'GET /Patient/p1': () => fhirJson({ resourceType: 'Patient', id: 'p1' }),
    });
    await createLienClient({ baseUrl: BASE, fetch: server.fetch }).resolvePatient('p1');
    expect(server.calls[0]?.request.headers.get('Accept')).toBe('application/fhir+json');
    expect(server.calls[0]?.request.headers.get('Content-Type')).toBeNull();
  });
});

describe('labels', () => {
  it('keeps a coding’s code, system and trimmed display: labels in a language are the UI’s job', async () => {
    const { labelCoding } = await import('../src/fhir/labels.js');
    expect(
      labelCoding({ system: SYSTEMS.roleCode, code: 'DAU', display: ' natural daughter ' }),
    ).toEqual({ system: SYSTEMS.roleCode, code: 'DAU', display: 'natural daughter' });
  });

  it('omits a blank display, gives an empty system when none, and nothing without a code', async () => {
    const { labelCoding } = await import('../src/fhir/labels.js');
    expect(labelCoding({ system: 'urn:x', code: 'Z1', display: '  ' })).toEqual({
      system: 'urn:x',
      code: 'Z1',
    });
    expect(labelCoding({ code: 'Z1' })).toEqual({ system: '', code: 'Z1' });
    expect(labelCoding({ system: 'urn:x', display: 'Zed' })).toBeUndefined();
    expect(labelCoding(undefined)).toBeUndefined();
  });
});

describe('robustness', () => {
  const patientBundle = (...ids: string[]) =>
    fhirJson({
      resourceType: 'Bundle',
      type: 'searchset',
      entry: ids.map((id) => ({ resource: { resourceType: 'Patient', id } })),
    });
  /** An answer that arrives after `ms`, whatever the request's signal says. */
  const later = (ms: number, answer: () => Response) => () =>
    new Promise<Response>((resolve) => setTimeout(() => resolve(answer()), ms));

  it('one caller aborting a shared patient lookup fails that caller only', async () => {
    const server = fakeFhir({ 'GET /Patient': later(30, () => patientBundle('p1')) });
    const client = createLienClient({ baseUrl: BASE, fetch: server.fetch, ...noRetry });
    const first = new AbortController();
    const a = client.resolvePatient(INS, { signal: first.signal });
    const b = client.resolvePatient(INS);
    first.abort();
    await expect(a).rejects.toMatchObject({ code: 'aborted' });
    expect((await b).id).toBe('p1');
    expect(server.calls).toHaveLength(1);
  });

  it('one caller aborting while the capabilities are read fails that caller only', async () => {
    const server = fakeFhir({
      'GET /metadata': later(30, () => fhirJson(CAPABILITIES_WITH_OPERATIONS)),
      'POST /Patient/p1/$declare-actor': () => fhirJson(careTeamBundle().entry[0]!.resource),
      'GET /CareTeam': () => fhirJson(careTeamBundle()),
    });
    const client = createLienClient({
      baseUrl: BASE,
      fetch: server.fetch,
      fhirUser: 'PractitionerRole/gp',
      ...noRetry,
    });
    const first = new AbortController();
    const a = client.declareSelf('p1', { attestation: true, signal: first.signal });
    const b = client.declareSelf('p1', { attestation: true });
    await new Promise((resolve) => setTimeout(resolve, 5));
    first.abort();
    await expect(a).rejects.toMatchObject({ code: 'aborted' });
    expect((await b).member?.reference).toBe('PractitionerRole/gp');
  });

  it('refuses an INS that names several patients (identity vigilance)', async () => {
    const server = fakeFhir({ 'GET /Patient': () => patientBundle('p1', 'p2') });
    const client = createLienClient({ baseUrl: BASE, fetch: server.fetch });
    await expect(client.resolvePatient(INS)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('hides an MSSanté address flagged liste rouge on the Practitioner but not on the role', async () => {
    const bundle = careTeamBundle();
    const resource = (id: string) =>
      bundle.entry.find((e) => e.resource.id === id)!.resource as { telecom?: unknown[] };
    const address = 'hidden.nurse@lien-demo.mssante.fr';
    resource('nurse').telecom = [{ system: 'email', value: address, extension: [MSSANTE_EXT] }];
    resource('pr-nurse').telecom = [
      { system: 'email', value: address.toUpperCase(), extension: [MSSANTE_EXT, LISTE_ROUGE_EXT] },
    ];
    const server = fakeFhir({ 'GET /CareTeam': () => fhirJson(bundle) });
    const circle = await createLienClient({ baseUrl: BASE, fetch: server.fetch }).getCareCircle(
      'p1',
    );
    expect(JSON.stringify(circle).toLowerCase()).not.toContain(address);
  });

  it('shows a Practitioner named directly as a member, and recognises the caller', async () => {
    const server = fakeFhir({
      'GET /CareTeam': () =>
        fhirJson(
          careTeamBundle({
            extraParticipants: [
              { member: { reference: 'Practitioner/pr-gp' }, period: { start: '2026-01-01' } },
            ],
          }),
        ),
    });
    const client = createLienClient({
      baseUrl: BASE,
      fetch: server.fetch,
      fhirUser: 'Practitioner/pr-gp',
    });
    const direct = (await client.getCareCircle('p1')).members.at(-1);
    expect(direct).toMatchObject({
      reference: 'Practitioner/pr-gp',
      kind: 'practitioner',
      name: { family: 'MARTIN', given: 'Claire', prefix: 'Dr' },
      rpps: '10000000001',
      isCurrentUser: true,
    });
  });

  it('recognises an absolute fhirUser URL as the caller', async () => {
    const server = fakeFhir({ 'GET /CareTeam': () => fhirJson(careTeamBundle()) });
    const client = createLienClient({
      baseUrl: BASE,
      fetch: server.fetch,
      getAccessToken: () => jwt({ fhirUser: `${BASE}/PractitionerRole/nurse/_history/3` }),
    });
    const circle = await client.getCareCircle('p1');
    expect(circle.members.filter((m) => m.isCurrentUser).map((m) => m.reference)).toEqual([
      'PractitionerRole/nurse',
    ]);
  });

  it('on the DCTM path, a Practitioner caller is a member through their role', async () => {
    const server = fakeFhir({
      'GET /metadata': () => fhirJson(PLAIN_CAPABILITIES),
      'GET /CareTeam': () => fhirJson(careTeamBundle()),
      'PUT /CareTeam/ct1': () => fhirJson({ resourceType: 'CareTeam', id: 'ct1' }),
    });
    const client = createLienClient({
      baseUrl: BASE,
      fetch: server.fetch,
      fhirUser: 'Practitioner/pr-nurse',
    });
    await client.declareSelf('p1', { attestation: true });
    expect(server.calls.some((c) => c.method === 'PUT')).toBe(false);
    const dctmRead = server.calls.find(
      (c) => c.path === '/CareTeam' && !c.url.searchParams.has('_include:iterate'),
    );
    expect(dctmRead?.url.searchParams.get('_include')).toBe('CareTeam:participant');

    await client.withdrawSelf('p1');
    const put = server.calls.find((c) => c.method === 'PUT')!;
    const body = (await put.request.json()) as {
      participant: { member: { reference: string }; period: { end?: string } }[];
    };
    const nurse = body.participant.find((p) => p.member.reference === 'PractitionerRole/nurse');
    expect(nurse?.period.end).toBeDefined();
    expect(body.participant).toHaveLength(3);
  });

  it('accepts a DCTM write answered with no body', async () => {
    const server = fakeFhir({
      'GET /metadata': () => fhirJson(PLAIN_CAPABILITIES),
      'GET /CareTeam': () => fhirJson(careTeamBundle()),
      'PUT /CareTeam/ct1': () => new Response(null, { status: 200 }),
    });
    const client = createLienClient({
      baseUrl: BASE,
      fetch: server.fetch,
      fhirUser: 'PractitionerRole/new',
    });
    await expect(client.declareSelf('p1', { attestation: true })).resolves.toBeDefined();
  });

  it('falls back to the DCTM way when the server has no /metadata', async () => {
    const server = fakeFhir({
      'GET /CareTeam': () => fhirJson(careTeamBundle()),
      'PUT /CareTeam/ct1': () => fhirJson({ resourceType: 'CareTeam', id: 'ct1' }),
    });
    const client = createLienClient({
      baseUrl: BASE,
      fetch: server.fetch,
      fhirUser: 'PractitionerRole/new',
    });
    await client.declareSelf('p1', { attestation: true });
    expect(server.calls.some((c) => c.method === 'PUT')).toBe(true);
  });

  it('reports a success answer that is not JSON (a proxy’s login page) as "server"', async () => {
    const client = createLienClient({
      baseUrl: BASE,
      fetch: async () =>
        new Response('<html>Connexion</html>', { headers: { 'Content-Type': 'text/html' } }),
    });
    await expect(client.getCareCircle('p1')).rejects.toMatchObject({
      name: 'LienError',
      code: 'server',
    });
  });

  it('reports a failing token getter as "unauthorized", sending nothing', async () => {
    const server = fakeFhir({});
    const client = createLienClient({
      baseUrl: BASE,
      fetch: server.fetch,
      getAccessToken: async () => {
        throw new Error('login required');
      },
    });
    await expect(client.getCareCircle('p1')).rejects.toMatchObject({
      name: 'LienError',
      code: 'unauthorized',
    });
    expect(server.calls).toHaveLength(0);
  });

  it('keeps the 401 and its issues when the forced refresh fails', async () => {
    const server = fakeFhir({ 'GET /CareTeam': () => outcome(401, 'session expired') });
    const client = createLienClient({
      baseUrl: BASE,
      fetch: server.fetch,
      getAccessToken: async (o) => {
        if (o?.forceRefresh) throw new Error('no refresh token');
        return 't';
      },
    });
    await expect(client.getCareCircle('p1')).rejects.toMatchObject({
      code: 'unauthorized',
      status: 401,
      message: 'session expired',
    });
    expect(server.calls).toHaveLength(1);
  });

  it('throws only LienError when the getter fails after the request', async () => {
    const server = fakeFhir({ 'GET /CareTeam': () => fhirJson(careTeamBundle()) });
    let calls = 0;
    const client = createLienClient({
      baseUrl: BASE,
      fetch: server.fetch,
      getAccessToken: async () => {
        if (calls++ > 0) throw new Error('session ended');
        return 't';
      },
    });
    const circle = await client.getCareCircle('p1');
    expect(circle.members.some((m) => m.isCurrentUser)).toBe(false);
  });
});
