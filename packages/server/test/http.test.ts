import { createServer as createHttpServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { CryptoKey, JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoDirectory } from '../src/index.js';
import { store } from '../src/store/store.js';
import type { Json, TestServer } from './helpers.js';
import { ATTEST, BACKENDS, members, testServer } from './helpers.js';

const dir = demoDirectory();
/** When this file began: the servers it starts start after it. */
const fileStarted = Date.now();
const proByRole = new Map(dir.professionals.map((p) => [p.roleId, p]));

/** An OIDC provider on loopback: discovery document + JWKS. */
async function oidcProvider(): Promise<{
  issuer: string;
  key: CryptoKey;
  server: Server;
  hits: () => number;
}> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  let hits = 0;
  let issuer = '';
  const server = createHttpServer((req, res) => {
    hits++;
    res.setHeader('content-type', 'application/json');
    if (req.url === '/realms/psc/.well-known/openid-configuration') {
      res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/protocol/openid-connect/certs` }));
    } else if (req.url === '/realms/psc/protocol/openid-connect/certs') {
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/realms/psc`;
  return { issuer, key: privateKey, server, hits: () => hits };
}

describe.each(BACKENDS)('HTTP, contract and authentication (%s)', (backend) => {
  let t: TestServer;
  let provider: Awaited<ReturnType<typeof oidcProvider>>;
  let member: string;
  let memberToken: string;
  const logs: string[] = [];
  let staticDir: string;

  beforeAll(async () => {
    provider = await oidcProvider();
    const sink = new Writable({
      write(chunk, _enc, cb) {
        logs.push(String(chunk));
        cb();
      },
    });
    staticDir = mkdtempSync(join(tmpdir(), 'lien-static-'));
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Lien demo</title>');
    t = await testServer(backend, {
      staticDir,
      corsOrigin: ['https://ehr.example'],
      logger: { level: 'info', stream: sink } as never,
    });
    member = (await members(t.server, 'marie-durand')).active[0]!;
    memberToken = await t.issuer.token({
      rpps: proByRole.get(member)!.rpps,
      fhirUser: `PractitionerRole/${member}`,
    });
  });
  afterAll(async () => {
    await t?.close();
    provider?.server.close();
    rmSync(staticDir, { recursive: true, force: true });
  });

  it('serves the CapabilityStatement without a token', async () => {
    const r = await t.request({ url: '/fhir/metadata' });
    expect(r.status).toBe(200);
    expect(String(r.headers['content-type'])).toMatch(/^application\/fhir\+json/);
    expect(r.body.resourceType).toBe('CapabilityStatement');
  });

  it("takes FHIR's _format (JSON only, else 406) and _pretty on every interaction", async () => {
    for (const format of ['json', 'application/fhir+json', 'application/json;fhirVersion=4.0']) {
      const r = await t.request({ url: `/fhir/metadata?_format=${encodeURIComponent(format)}` });
      expect(r.status, format).toBe(200);
    }
    const search = await t.request({
      url: '/fhir/CareTeam?patient=Patient/marie-durand&_format=json&_pretty=true',
      token: memberToken,
    });
    expect(search.status).toBe(200);
    expect(search.body.resourceType).toBe('Bundle');
    expect(search.text).toContain('\n  "resourceType": "Bundle"');
    const compact = await t.request({ url: '/fhir/metadata?_pretty=false' });
    expect(compact.text.startsWith('{"resourceType"')).toBe(true);
    const xml = await t.request({
      url: '/fhir/Patient/marie-durand?_format=xml',
      token: memberToken,
    });
    expect(xml.status).toBe(406);
    expect(xml.body).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ code: 'not-supported', expression: ['query._format'] }],
    });
    // Any other unknown parameter is still refused.
    expect((await t.request({ url: '/fhir/metadata?_elements=id' })).status).toBe(400);
  });

  it('claims SMART on FHIR only with the SMART discovery document it requires', async () => {
    const r = await t.request({ url: '/fhir/metadata' });
    const services = (
      r.body.rest[0].security.service as Array<{ coding: Array<{ code: string }> }>
    ).flatMap((s) => s.coding.map((c) => c.code));
    expect(services.length).toBeGreaterThan(0);
    const discovery = await t.request({ url: '/fhir/.well-known/smart-configuration' });
    // SMART App Launch: a server that says SMART-on-FHIR SHALL publish its endpoints there.
    if (services.includes('SMART-on-FHIR')) expect(discovery.status).toBe(200);
    else expect(services).toEqual(['OAuth']);
  });

  it('dates the CapabilityStatement with the instant the server started, whatever the time of the request', async () => {
    const first = (await t.request({ url: '/fhir/metadata' })).body;
    expect(first.date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    // Started by beforeAll, to the second: not before this file began, not after now.
    expect(Date.parse(first.date)).toBeGreaterThanOrEqual(Math.floor(fileStarted / 1000) * 1000);
    expect(Date.parse(first.date)).toBeLessThanOrEqual(t.clock.now().getTime());
    t.clock.advance(86_400_000);
    try {
      const later = (await t.request({ url: '/fhir/metadata' })).body;
      expect(later.date).toBe(first.date);
    } finally {
      t.clock.advance(-86_400_000);
    }
  });

  it('answers 401 with WWW-Authenticate without a token', async () => {
    const r = await t.request({ url: '/fhir/Patient/marie-durand' });
    expect(r.status).toBe(401);
    expect(r.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(r.body.issue[0].code).toBe('login');
  });

  it('refuses an expired token (401)', async () => {
    const token = await t.issuer.token({
      rpps: proByRole.get(member)!.rpps,
      now: new Date(Date.now() - 7200_000),
      expiresIn: 600,
    });
    const r = await t.request({ url: '/fhir/Patient/marie-durand', token });
    expect(r.status).toBe(401);
    expect(r.body.issue[0].diagnostics).toMatch(/expired/);
  });

  it('refuses a token for another audience (401)', async () => {
    const token = await t.issuer.token({
      rpps: proByRole.get(member)!.rpps,
      audience: 'someone-else',
    });
    expect((await t.request({ url: '/fhir/Patient/marie-durand', token })).status).toBe(401);
  });

  it('refuses a token from an untrusted issuer (401)', async () => {
    const token = await t.issuer.token({
      rpps: proByRole.get(member)!.rpps,
      issuer: 'https://evil.example',
    });
    expect((await t.request({ url: '/fhir/Patient/marie-durand', token })).status).toBe(401);
  });

  it('refuses a token whose signature does not match (401)', async () => {
    const token = await t.issuer.token({ rpps: proByRole.get(member)!.rpps });
    const [h, p] = token.split('.');
    const forged = `${h}.${p}.${Buffer.from('x'.repeat(64)).toString('base64url')}`;
    expect((await t.request({ url: '/fhir/Patient/marie-durand', token: forged })).status).toBe(
      401,
    );
  });

  it('verifies tokens of an issuer found by OIDC discovery (JWKS)', async () => {
    const { TokenVerifier } = await import('../src/auth/verify.js');
    const v = new TokenVerifier([{ issuer: provider.issuer, audience: 'lien' }]);
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ SubjectNameID: '810990000035' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(provider.issuer)
      .setAudience('lien')
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .sign(provider.key);
    const verified = await v.verify(token);
    expect(verified.claims.SubjectNameID).toBe('810990000035');
    expect(provider.hits()).toBeGreaterThanOrEqual(2);
  });

  it('maps a Pro Santé Connect token without fhirUser to the professional by RPPS', async () => {
    const p = proByRole.get(member)!;
    const token = await t.issuer.token({ rpps: p.rpps, profession: p.profession });
    const r = await t.request({ url: '/fhir/CareTeam?patient=marie-durand', token });
    expect(r.status).toBe(200);
  });

  it('provisions an unknown professional from PSC claims, who may then declare', async () => {
    const token = await t.issuer.token({
      rpps: '30000000017',
      profession: '60',
      given: 'Nadia',
      family: 'Nouvelle',
    });
    const r = await t.request({
      method: 'POST',
      url: '/fhir/Patient/theo-nguyen/$declare-actor',
      token,
      body: ATTEST,
    });
    expect(r.status).toBe(200);
    const mine = r.body.participant.find(
      (x: Json) => x.member.reference === 'PractitionerRole/rpps-30000000017-role',
    );
    expect(mine.member.display).toBe('Nadia NOUVELLE');
    expect(mine.role[0].coding[0].code).toBe('60');
    const role = await t.request({ url: '/fhir/PractitionerRole/rpps-30000000017-role', token });
    expect(role.status).toBe(200);
  });

  it('refuses a token whose fhirUser and RPPS disagree (403)', async () => {
    const other = dir.professionals.find((p) => p.roleId !== member && p.named)!;
    const token = await t.issuer.token({
      rpps: other.rpps,
      fhirUser: `PractitionerRole/${member}`,
    });
    const r = await t.request({ url: '/fhir/CareTeam?patient=marie-durand', token });
    expect(r.status).toBe(403);
  });

  it('the member comes from the token, never from the body', async () => {
    const outsider = dir.professionals.find((p) => p.profession === '80' && !p.named)!;
    const token = await t.issuer.token({
      rpps: outsider.rpps,
      fhirUser: `PractitionerRole/${outsider.roleId}`,
    });
    const body = {
      resourceType: 'Parameters',
      parameter: [
        { name: 'attestation', valueBoolean: true },
        {
          name: 'role',
          valueCodeableConcept: {
            coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'ATND' }],
          },
        },
      ],
      member: 'PractitionerRole/somebody-else',
    };
    const r = await t.request({
      method: 'POST',
      url: '/fhir/Patient/ruth-decourcy/$declare-actor',
      token,
      body,
    });
    // Unknown element in the Parameters → refused by the contract's schema.
    expect(r.status).toBe(400);
    delete (body as Json).member;
    const ok = await t.request({
      method: 'POST',
      url: '/fhir/Patient/ruth-decourcy/$declare-actor',
      token,
      body,
    });
    expect(ok.status).toBe(200);
    expect(ok.body.participant.at(-1).member.reference).toBe(`PractitionerRole/${outsider.roleId}`);
  });

  it('malformed JSON is a 400 OperationOutcome', async () => {
    const r = await t.request({
      method: 'POST',
      url: '/fhir/Patient/marie-durand/$declare-actor',
      token: memberToken,
      rawBody: '{"resourceType": "Parameters", ',
      headers: { 'content-type': 'application/fhir+json' },
    });
    expect(r.status).toBe(400);
    expect(r.body.resourceType).toBe('OperationOutcome');
    expect(r.body.issue[0].expression).toEqual(['body']);
  });

  it('a body of the wrong resourceType is a 400 naming where', async () => {
    const r = await t.request({
      method: 'POST',
      url: '/fhir/Patient/marie-durand/$declare-actor',
      token: memberToken,
      body: { resourceType: 'Patient', id: 'x' },
    });
    expect(r.status).toBe(400);
    expect(r.body.issue[0].expression[0]).toMatch(/^Patient/);
  });

  it('a PUT of a body that is not a CareTeam is a 400', async () => {
    const r = await t.request({
      method: 'PUT',
      url: '/fhir/CareTeam/cds-marie-durand',
      token: memberToken,
      body: { resourceType: 'Patient', id: 'cds-marie-durand' },
      headers: { 'if-match': 'W/"1"' },
    });
    expect(r.status).toBe(400);
    expect(r.body.resourceType).toBe('OperationOutcome');
  });

  it('a body over 1 MiB is a 413 OperationOutcome', async () => {
    const big = {
      resourceType: 'Parameters',
      parameter: [{ name: 'attestation', valueBoolean: true }],
      x: 'a'.repeat(1_100_000),
    };
    const r = await t.request({
      method: 'POST',
      url: '/fhir/Patient/marie-durand/$declare-actor',
      token: memberToken,
      body: big,
    });
    expect(r.status).toBe(413);
    expect(r.body.resourceType).toBe('OperationOutcome');
  });

  it('an unknown search parameter is a 400 naming it', async () => {
    const r = await t.request({
      url: '/fhir/CareTeam?patient=marie-durand&color=blue',
      token: memberToken,
    });
    expect(r.status).toBe(400);
    expect(r.body.issue[0].expression).toEqual(['query.color']);
  });

  it('an out-of-range _count is a 400', async () => {
    const r = await t.request({
      url: '/fhir/AuditEvent?patient=marie-durand&_count=1000',
      token: memberToken,
    });
    expect(r.status).toBe(400);
  });

  it('another content type is a 415 OperationOutcome', async () => {
    for (const type of ['text/plain', 'application/json', 'application/xml']) {
      const r = await t.request({
        method: 'POST',
        url: '/fhir/Patient/marie-durand/$declare-actor',
        token: memberToken,
        rawBody: JSON.stringify(ATTEST),
        headers: { 'content-type': type },
      });
      expect(r.status, type).toBe(415);
      expect(r.body.resourceType).toBe('OperationOutcome');
    }
  });

  it('a PUT without If-Match is a 428', async () => {
    const read = await t.request({ url: '/fhir/CareTeam/cds-marie-durand', token: memberToken });
    const r = await t.request({
      method: 'PUT',
      url: '/fhir/CareTeam/cds-marie-durand',
      token: memberToken,
      body: read.body,
    });
    expect(r.status).toBe(428);
  });

  it('an unknown route is a 404 OperationOutcome; an unknown resource too', async () => {
    const a = await t.request({ url: '/fhir/Observation/1', token: memberToken });
    expect(a.status).toBe(404);
    expect(a.body.resourceType).toBe('OperationOutcome');
    const b = await t.request({ url: '/fhir/Practitioner/nobody', token: memberToken });
    expect(b.status).toBe(404);
  });

  it('reads carry ETag, Last-Modified and meta.versionId', async () => {
    const r = await t.request({ url: '/fhir/CareTeam/cds-marie-durand', token: memberToken });
    expect(r.status).toBe(200);
    expect(r.headers.etag).toBe(`W/"${r.body.meta.versionId}"`);
    expect(new Date(String(r.headers['last-modified'])).getTime()).toBeGreaterThan(0);
  });

  it('pages searches with _count and next links that work', async () => {
    for (let i = 0; i < 5; i++)
      await t.request({ url: '/fhir/CareTeam/cds-marie-durand', token: memberToken });
    const first = await t.request({
      url: '/fhir/AuditEvent?patient=marie-durand&_count=2',
      token: memberToken,
    });
    expect(first.status).toBe(200);
    expect(first.body.entry).toHaveLength(2);
    const next = first.body.link.find((l: Json) => l.relation === 'next');
    expect(next.url).toMatch(/_page=2/);
    const url = new URL(next.url);
    const second = await t.request({ url: url.pathname + url.search, token: memberToken });
    expect(second.status).toBe(200);
    expect(second.body.entry).toHaveLength(2);
    expect(second.body.entry[0].resource.id).not.toBe(first.body.entry[0].resource.id);
  });

  it('never returns a liste-rouge MSSanté address', async () => {
    const r = await t.request({
      url: '/fhir/CareTeam?patient=lucien-morel&_include=CareTeam:participant',
      token: await t.issuer.token({
        rpps: proByRole.get((await members(t.server, 'lucien-morel')).active[0]!)!.rpps,
        fhirUser: `PractitionerRole/${(await members(t.server, 'lucien-morel')).active[0]!}`,
      }),
    });
    expect(r.status).toBe(200);
    expect(r.text).not.toContain('listeRouge');
    const stored = await t.server.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM resource_version WHERE type = 'PractitionerRole' AND content::text LIKE '%listeRouge%'`,
    );
    expect(stored.rows[0]!.n).toBeGreaterThan(0);
    const roles = r.body.entry.filter((e: Json) => e.resource.resourceType === 'PractitionerRole');
    expect(roles.length).toBeGreaterThan(100);
  });

  it('filters letters by type and date', async () => {
    const tokenFor = async (patient: string) => {
      const role = (await members(t.server, patient)).active[0]!;
      return t.issuer.token({
        rpps: proByRole.get(role)!.rpps,
        fhirUser: `PractitionerRole/${role}`,
      });
    };
    const token = await tokenFor('dominique-pat-trois');
    const all = await t.request({
      url: '/fhir/DocumentReference?patient=Patient/dominique-pat-trois',
      token,
    });
    expect(all.body.total).toBeGreaterThanOrEqual(1);
    const byType = await t.request({
      url: '/fhir/DocumentReference?patient=dominique-pat-trois&type=http://loinc.org|34105-7',
      token,
    });
    expect(byType.body.total).toBe(0);
    const byDate = await t.request({
      url: '/fhir/DocumentReference?patient=dominique-pat-trois&date=ge2019-01-01&date=lt2020-01-01',
      token,
    });
    expect(byDate.body.total).toBe(all.body.total);
    const none = await t.request({
      url: '/fhir/DocumentReference?patient=dominique-pat-trois&date=gt2030',
      token,
    });
    expect(none.body.total).toBe(0);
  });

  it('serves a FHIR document Bundle (HDR) and a PDF letter to members', async () => {
    const token = await t.issuer.token({
      rpps: '30000000025',
      profession: '10',
      given: 'Lea',
      family: 'Lettres',
    });
    for (const patient of ['gerard-blanc', 'ines-haddad']) {
      const d = await t.request({
        method: 'POST',
        url: `/fhir/Patient/${patient}/$declare-actor`,
        token,
        body: ATTEST,
      });
      expect(d.status).toBe(200);
    }
    const hdr = await t.request({
      url: '/fhir/DocumentReference?patient=gerard-blanc&type=http://loinc.org|34105-7',
      token,
    });
    expect(hdr.body.total).toBe(1);
    const bundleUrl = hdr.body.entry[0].resource.content[0].attachment.url;
    expect(bundleUrl).toMatch(/^Bundle\//);
    const doc = await t.request({ url: `/fhir/${bundleUrl}`, token });
    expect(doc.status).toBe(200);
    expect(doc.body.type).toBe('document');
    expect(doc.body.entry[0].resource.resourceType).toBe('Composition');
    const pdfs = await t.request({ url: '/fhir/DocumentReference?patient=ines-haddad', token });
    const pdf = pdfs.body.entry.find(
      (e: Json) => e.resource.content[0].attachment.contentType === 'application/pdf',
    );
    const bin = await t.server.app.inject({
      url: `/fhir/${pdf.resource.content[0].attachment.url}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(bin.statusCode).toBe(200);
    expect(bin.headers['content-type']).toBe('application/pdf');
    expect(bin.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // Dated and attributed from the PDF itself (its /CreationDate, the hospital named in it).
    expect(Date.parse(pdf.resource.date)).toBe(Date.parse('2025-02-05T16:00:00+01:00'));
    expect(pdf.resource.custodian?.display).toBeTruthy();
  });

  it('sends security headers, CORS for the configured origin and compresses', async () => {
    const r = await t.server.app.inject({
      url: '/fhir/metadata',
      headers: { origin: 'https://ehr.example', 'accept-encoding': 'gzip' },
    });
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['access-control-allow-origin']).toBe('https://ehr.example');
    expect(r.headers['content-encoding']).toBe('gzip');
    const other = await t.server.app.inject({
      url: '/fhir/metadata',
      headers: { origin: 'https://evil.example' },
    });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('serves the --static-dir folder at /', async () => {
    const r = await t.server.app.inject({ url: '/' });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('Lien demo');
  });

  it('sends a strict Content-Security-Policy with Trusted Types for the demo page', async () => {
    const r = await t.server.app.inject({ url: '/' });
    const csp = String(r.headers['content-security-policy']);
    for (const directive of [
      "script-src 'self'",
      "style-src 'self'",
      "object-src 'none'",
      "frame-ancestors 'none'",
      "require-trusted-types-for 'script'",
      'trusted-types lit-html lien-letters',
    ]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('upgrade-insecure-requests');
  });

  it('answers /healthz and /readyz', async () => {
    expect((await t.server.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    const ready = await t.server.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().database).toBe(backend);
  });

  it('dev auth lists users and patients and mints tokens that the server verifies', async () => {
    const users = (await t.server.app.inject({ url: '/dev/users' })).json();
    expect(users.length).toBeGreaterThanOrEqual(40);
    expect(new Set(users.map((u: Json) => u.profession.code)).size).toBeGreaterThanOrEqual(8);
    const patients = (await t.server.app.inject({ url: '/dev/patients' })).json();
    expect(patients.length).toBeGreaterThanOrEqual(6);
    for (const p of patients) {
      expect(p).toEqual({
        id: expect.any(String),
        ins: expect.stringMatching(/^\d{15}$/),
        // The seed's INS are under the test OID.
        insSystem: 'urn:oid:1.2.250.1.213.1.4.10',
        name: expect.any(String),
        careCircleSize: expect.any(Number),
      });
    }
    expect(patients.find((p: Json) => p.id === 'lucien-morel').careCircleSize).toBe(120);
    const gp = users.find((u: Json) => u.practitionerRole === `PractitionerRole/${member}`);
    const tok = (
      await t.server.app.inject({ method: 'POST', url: '/dev/token', payload: { rpps: gp.rpps } })
    ).json();
    expect(tok.token_type).toBe('Bearer');
    expect(tok.expires_in).toBeGreaterThan(0);
    const r = await t.request({
      url: '/fhir/CareTeam?patient=marie-durand',
      token: tok.access_token,
    });
    expect(r.status).toBe(200);
    const unknown = await t.server.app.inject({
      method: 'POST',
      url: '/dev/token',
      payload: { rpps: '00000000000' },
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('dev auth gives each patient’s INS with its system: the identifier the FHIR API finds the patient by', async () => {
    const patients = (await t.server.app.inject({ url: '/dev/patients' })).json();
    const marie = patients.find((p: Json) => p.id === 'marie-durand');
    const found = await t.request({
      url: `/fhir/Patient?identifier=${encodeURIComponent(`${marie.insSystem}|${marie.ins}`)}`,
      token: memberToken,
    });
    expect(found.status).toBe(200);
    expect(found.body.entry.map((e: Json) => e.resource.id)).toEqual(['marie-durand']);

    // Patients written by others: production and test INS (the production one is given), none.
    await t.server.db.transaction(async (tx) => {
      await store.write(
        tx,
        {
          resourceType: 'Patient',
          id: 'dev-both-ins',
          identifier: [
            { system: 'urn:oid:1.2.250.1.213.1.4.10', value: '279035121518989' },
            { system: 'urn:oid:1.2.250.1.213.1.4.8', value: '180017512345626' },
          ],
          name: [{ family: 'Essai', given: ['Paul'] }],
        },
        null,
      );
      await store.write(
        tx,
        { resourceType: 'Patient', id: 'dev-no-ins', name: [{ family: 'Essai', given: ['Lou'] }] },
        null,
      );
    });
    const after = (await t.server.app.inject({ url: '/dev/patients' })).json();
    expect(after.find((p: Json) => p.id === 'dev-both-ins')).toEqual({
      id: 'dev-both-ins',
      ins: '180017512345626',
      insSystem: 'urn:oid:1.2.250.1.213.1.4.8',
      name: 'Paul ESSAI',
      careCircleSize: 0,
    });
    expect(after.find((p: Json) => p.id === 'dev-no-ins')).toEqual({
      id: 'dev-no-ins',
      ins: null,
      insSystem: null,
      name: 'Lou ESSAI',
      careCircleSize: 0,
    });
  });

  it('logs ids and status only: no token, no query string, no body', async () => {
    const ins = dir.patients.find((p) => p.id === 'marie-durand')!.ins;
    await t.request({
      url: `/fhir/Patient?identifier=urn:oid:1.2.250.1.213.1.4.10|${ins}`,
      token: memberToken,
    });
    await t.request({
      method: 'POST',
      url: '/fhir/Patient/marie-durand/$break-the-glass',
      token: memberToken,
      body: {
        resourceType: 'Parameters',
        parameter: [{ name: 'reason', valueString: 'Motif clinique confidentiel' }],
      },
    });
    const all = logs.join('');
    expect(all).toContain('/fhir/Patient');
    expect(all).not.toContain(memberToken);
    expect(all).not.toContain(memberToken.split('.')[1]!);
    expect(all).not.toContain(ins);
    expect(all).not.toContain('Motif clinique');
  });
});
