// Every operation is illustrated, and every example satisfies its schema.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Example } from './contract.js';
import {
  ContractValidator,
  deref,
  errorsText,
  examples,
  loadContract,
  operations,
} from './contract.js';

type Json = Record<string, unknown>;

// Examples are listed at collection time: vitest needs the names before running.
const doc = await loadContract();
const all = examples(doc);

describe('examples', () => {
  let validator: ContractValidator;
  beforeAll(() => {
    validator = new ContractValidator(doc);
  });

  it('illustrate every operation with a success response', () => {
    const without = operations(doc)
      .filter((op) => !all.some((ex) => ex.name.startsWith(`${op.operationId} 2`)))
      .map((op) => op.operationId);
    expect(without).toEqual([]);
  });

  it('illustrate every request body', () => {
    const without = operations(doc)
      .filter((op) => op.node.requestBody)
      .filter((op) => !all.some((ex) => ex.name.startsWith(`${op.operationId} request`)))
      .map((op) => op.operationId);
    expect(without).toEqual([]);
  });

  it('include a 403 carrying both remedies', () => {
    const forbidden = all.filter((ex) => / 403 /.test(ex.name));
    const codes = forbidden.map((ex) =>
      ((ex.value as Json).issue as Json[]).flatMap((issue) =>
        (((issue.details as Json | undefined)?.coding ?? []) as Json[])
          .filter((c) => c.system === 'urn:lien:access-remedy')
          .map((c) => c.code),
      ),
    );
    expect(codes).toContainEqual(['declare-actor', 'break-the-glass']);
  });

  it('include a 412 for a stale If-Match', () => {
    expect(all.some((ex) => ex.name.startsWith('updateCareTeam 412 '))).toBe(true);
  });

  it.each(all.map((ex): [string, Example] => [ex.name, ex]))('%s satisfies its schema', (_, ex) => {
    const validate = validator.compile(ex.schema);
    const ok = validate(ex.value);
    expect(errorsText(validate.errors), ex.name).toBe('');
    expect(ok).toBe(true);
  });

  describe('the schemas reject what the contract forbids', () => {
    const body = (name: string) => deref<Json>(doc, { $ref: `#/components/schemas/${name}` });

    it('a declaration without attestation', () => {
      const validate = validator.compile(body('DeclareActorParameters'));
      expect(validate({ resourceType: 'Parameters', parameter: [] })).toBe(false);
      expect(
        validate({
          resourceType: 'Parameters',
          parameter: [{ name: 'attestation', valueBoolean: false }],
        }),
      ).toBe(false);
    });

    it('a break-the-glass reason shorter than 10 characters', () => {
      const validate = validator.compile(body('BreakTheGlassParameters'));
      expect(
        validate({
          resourceType: 'Parameters',
          parameter: [{ name: 'reason', valueString: 'urgence' }],
        }),
      ).toBe(false);
    });

    it('a date search value outside FHIR date syntax or prefixes', () => {
      const validate = validator.schema('DateParam');
      for (const ok of ['2024', '2024-11', 'ge2024-01-01', 'lt2025-01-01', 'eq2024-11-15']) {
        expect(validate(ok), ok).toBe(true);
      }
      for (const bad of ['2024-13-01', 'ne2024-01-01', 'after2024', '15/11/2024']) {
        expect(validate(bad), bad).toBe(false);
      }
    });

    it('a patient search value that is not a Patient reference', () => {
      const validate = validator.schema('PatientReferenceParam');
      expect(validate('Patient/marie-durand')).toBe(true);
      expect(validate('marie-durand')).toBe(true);
      expect(validate('Practitioner/jean-martin')).toBe(false);
    });

    it('an unknown remedy code in a 403', () => {
      const validate = validator.schema('ForbiddenOutcome');
      const outcome = (code: string) => ({
        resourceType: 'OperationOutcome',
        issue: [
          {
            severity: 'error',
            code: 'forbidden',
            details: { coding: [{ system: 'urn:lien:access-remedy', code }] },
          },
        ],
      });
      expect(validate(outcome('declare-actor'))).toBe(true);
      expect(validate(outcome('ask-nicely'))).toBe(false);
    });
  });
});
