// Type-level tests: the raw client refuses wrong paths, parameters and bodies at compile time.
// Run by vitest's typecheck (tsc); an @ts-expect-error that is not an error fails the run.
import { describe, expectTypeOf, it } from 'vitest';
import { createLienClient } from '../src/client.js';
import type { CareCircle, CareCircleMember } from '../src/model.js';

const client = createLienClient({ baseUrl: 'https://lien.test/fhir' });

describe('raw client types', () => {
  it('accepts a documented path with its parameters', () => {
    void client.fhir.GET('/CareTeam', {
      params: { query: { patient: 'Patient/1', status: 'active' } },
    });
    void client.fhir.GET('/Patient/{id}', { params: { path: { id: '1' } } });
  });

  it('refuses a path the contract does not have', () => {
    // @ts-expect-error not in the contract
    void client.fhir.GET('/Medication/{id}', { params: { path: { id: '1' } } });
    // @ts-expect-error DELETE is never offered: nothing is deleted
    void client.fhir.DELETE('/CareTeam/{id}', { params: { path: { id: '1' } } });
  });

  it('refuses a missing path parameter or an unknown query parameter', () => {
    // @ts-expect-error id is required
    void client.fhir.GET('/Patient/{id}', { params: { path: {} } });
    // @ts-expect-error no such search parameter
    void client.fhir.GET('/CareTeam', { params: { query: { colour: 'blue' } } });
    // @ts-expect-error _include takes only the documented values
    void client.fhir.GET('/CareTeam', { params: { query: { _include: ['CareTeam:encounter'] } } });
  });

  it('refuses a PUT without If-Match and a body of the wrong resource type', () => {
    void client.fhir.PUT('/CareTeam/{id}', {
      // @ts-expect-error If-Match is required
      params: { path: { id: '1' } },
      body: { resourceType: 'CareTeam' },
    });
    void client.fhir.PUT('/CareTeam/{id}', {
      params: { path: { id: '1' }, header: { 'If-Match': 'W/"1"' } },
      // @ts-expect-error a Patient is not a CareTeam
      body: { resourceType: 'Patient' },
    });
  });

  it('types the operation bodies', () => {
    void client.fhir.POST('/Patient/{id}/$break-the-glass', {
      params: { path: { id: '1' } },
      // @ts-expect-error a Parameters resource is required, not a plain object
      body: { reason: 'urgence vitale' },
    });
  });
});

describe('domain method types', () => {
  it('returns plain view models', () => {
    expectTypeOf(client.getCareCircle).returns.resolves.toEqualTypeOf<CareCircle>();
    expectTypeOf<CareCircle['members'][number]>().toEqualTypeOf<CareCircleMember>();
  });

  it('requires the attestation to declare', () => {
    // @ts-expect-error attestation is required
    void client.declareSelf('1', {});
  });
});
