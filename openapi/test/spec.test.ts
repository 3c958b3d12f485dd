// The contract is a valid, consistent OpenAPI 3.1 document.
import { fileURLToPath } from 'node:url';
import { createConfig, lint } from '@redocly/openapi-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { deref, loadContract, operations } from './contract.js';

type Json = Record<string, unknown>;
const ENTRY = fileURLToPath(new URL('../lien.openapi.yaml', import.meta.url));

describe('lien.openapi.yaml', () => {
  let doc: Json;
  beforeAll(async () => {
    doc = await loadContract();
  });

  describe('with Redocly lint and its recommended ruleset', () => {
    let problems: Awaited<ReturnType<typeof lint>>;
    beforeAll(async () => {
      problems = await lint({
        ref: ENTRY,
        config: await createConfig({ extends: ['recommended'] }),
      });
    });
    const show = (severity: string) =>
      problems
        .filter((p) => p.severity === severity)
        .map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? '?'}`);

    it('reports no error', () => {
      expect(show('error')).toEqual([]);
    });

    it('reports no warning either', () => {
      expect(show('warn')).toEqual([]);
    });
  });

  it('is OpenAPI 3.1.0 with the FHIR base /fhir as its server', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/fhir' })]);
  });

  it('bundles into a self-contained document (no reference to another file)', () => {
    const external: string[] = [];
    JSON.stringify(doc, (key, value: unknown) => {
      if (key === '$ref' && typeof value === 'string' && !value.startsWith('#/')) {
        external.push(value);
      }
      return value;
    });
    expect(external).toEqual([]);
  });

  it('gives every operation a unique camelCase operationId', () => {
    const ids = operations(doc).map((op) => op.operationId);
    expect(ids.every((id) => /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('defines the operations the client relies on', () => {
    const ids = operations(doc).map(
      (op) => `${op.method.toUpperCase()} ${op.path} ${op.operationId}`,
    );
    expect(ids).toEqual(
      expect.arrayContaining([
        'GET /metadata readCapabilities',
        'GET /Patient searchPatient',
        'GET /Patient/{id} readPatient',
        'POST /Patient/{id}/$declare-actor declareActor',
        'POST /Patient/{id}/$withdraw-actor withdrawActor',
        'POST /Patient/{id}/$break-the-glass breakTheGlass',
        'GET /CareTeam searchCareTeam',
        'GET /CareTeam/{id} readCareTeam',
        'PUT /CareTeam/{id} updateCareTeam',
        'GET /CareTeam/{id}/_history readCareTeamHistory',
        'GET /CareTeam/{id}/_history/{vid} readCareTeamVersion',
        'GET /Practitioner/{id} readPractitioner',
        'GET /PractitionerRole/{id} readPractitionerRole',
        'GET /Organization/{id} readOrganization',
        'GET /RelatedPerson/{id} readRelatedPerson',
        'GET /DocumentReference searchDocumentReference',
        'GET /DocumentReference/{id} readDocumentReference',
        'GET /Binary/{id} readBinary',
        'GET /Bundle/{id} readBundle',
        'GET /AuditEvent searchAuditEvent',
      ]),
    );
  });

  it('requires a bearer JWT on every operation except /metadata', () => {
    expect(doc.security).toEqual([{ bearer: [] }]);
    const schemes = (doc.components as Json).securitySchemes as Json;
    expect(schemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    const open = operations(doc)
      .filter((op) => Array.isArray(op.node.security) && (op.node.security as []).length === 0)
      .map((op) => op.path);
    expect(open).toEqual(['/metadata']);
  });

  it('answers every secured operation with a 401', () => {
    const missing = operations(doc)
      .filter((op) => op.path !== '/metadata' && !('401' in (op.node.responses as Json)))
      .map((op) => op.operationId);
    expect(missing).toEqual([]);
  });

  it('speaks application/fhir+json, except Binary which returns its raw content', () => {
    const types = new Set<string>();
    for (const op of operations(doc)) {
      if (op.path === '/Binary/{id}') continue;
      for (const r of Object.values(op.node.responses as Json)) {
        Object.keys(deref(doc, r).content ?? {}).forEach((t) => types.add(t));
      }
    }
    expect([...types]).toEqual(['application/fhir+json']);
    const binary = operations(doc).find((op) => op.operationId === 'readBinary');
    const ok = deref(doc, (binary?.node.responses as Json)['200']);
    expect(Object.keys(ok.content as Json)).toEqual(['application/xml', 'application/pdf']);
  });

  it('returns an OperationOutcome with every non-2xx response', () => {
    const wrong: string[] = [];
    for (const op of operations(doc)) {
      for (const [status, ref] of Object.entries(op.node.responses as Json)) {
        if (status.startsWith('2')) continue;
        const content = deref(doc, ref).content as Record<string, Json>;
        const schema = deref(doc, content['application/fhir+json']?.schema);
        const isOutcome =
          schema === deref(doc, { $ref: '#/components/schemas/OperationOutcome' }) ||
          JSON.stringify(schema.allOf ?? []).includes('#/components/schemas/OperationOutcome');
        if (!isOutcome) wrong.push(`${op.operationId} ${status}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('documents the access remedies of a 403 (urn:lien:access-remedy)', () => {
    const forbidden = deref(doc, { $ref: '#/components/responses/Forbidden' });
    expect(forbidden.description).toContain('urn:lien:access-remedy');
    expect(forbidden.description).toContain('`declare-actor`');
    expect(forbidden.description).toContain('`break-the-glass`');
    const coding = deref(doc, { $ref: '#/components/schemas/AccessRemedyCoding' });
    expect(coding.properties).toMatchObject({
      system: { const: 'urn:lien:access-remedy' },
      code: { enum: ['declare-actor', 'break-the-glass'] },
    });
  });

  it('requires If-Match on updateCareTeam and answers 412 and 428', () => {
    const update = operations(doc).find((op) => op.operationId === 'updateCareTeam');
    const params = ((update?.node.parameters ?? []) as unknown[]).map((p) => deref(doc, p));
    expect(params).toContainEqual(
      expect.objectContaining({ name: 'If-Match', in: 'header', required: true }),
    );
    expect(Object.keys(update?.node.responses as Json)).toEqual(
      expect.arrayContaining(['200', '412', '428']),
    );
    const ok = deref(doc, (update?.node.responses as Json)['200']);
    expect(Object.keys(ok.headers as Json)).toEqual(['ETag', 'Last-Modified', 'Location']);
  });

  it('lists the three patient operations in the CapabilityStatement example', () => {
    const metadata = operations(doc).find((op) => op.operationId === 'readCapabilities');
    const ok = deref(doc, (metadata?.node.responses as Json)['200']);
    const media = (ok.content as Record<string, Json>)['application/fhir+json'] as Json;
    const example = deref(doc, (media.examples as Json).capabilities);
    const rest = (example.value as Json).rest as Json[];
    const patient = (rest[0]?.resource as Json[]).find((r) => r.type === 'Patient');
    expect((patient?.operation as Json[]).map((o) => o.name)).toEqual([
      'declare-actor',
      'withdraw-actor',
      'break-the-glass',
    ]);
  });
});
