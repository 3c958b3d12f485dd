// The ANS "Cercle de Soins" example resources validate against the contract's schemas.
// Reads ../shared/fixtures/fhir/cds, OUTSIDE this repository (or LIEN_CDS_FIXTURES): each test
// is skipped, visibly and by name, when the folder is absent.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ContractValidator, errorsText, loadContract } from './contract.js';

const FIXTURES =
  process.env.LIEN_CDS_FIXTURES ??
  fileURLToPath(new URL('../../../shared/fixtures/fhir/cds/', import.meta.url));
const present = existsSync(FIXTURES);

const FILES = [
  'CareTeam-cds-careteam-example.json',
  'Patient-cds-patient-example.json',
  'Organization-cds-organization-example.json',
  'RelatedPerson-cds-relatedperson-example.json',
  'Bundle-cds-bundle-transaction-creation-example.json',
  'CapabilityStatement-CDSGestionnaire.json',
  'CapabilityStatement-CDSConsommateur.json',
];

describe('ANS Cercle de Soins examples (reads ../shared/fixtures/fhir/cds)', () => {
  let validator: ContractValidator;
  beforeAll(async () => {
    if (present) validator = new ContractValidator(await loadContract());
  });

  for (const file of FILES) {
    const name = present
      ? `${file} validates against its resource schema`
      : `${file} validates against its resource schema (SKIPPED: no ../shared/fixtures)`;
    it.skipIf(!present)(name, () => {
      const resource = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as {
        resourceType: string;
      };
      const validate = validator.schema(resource.resourceType);
      const ok = validate(resource);
      expect(errorsText(validate.errors)).toBe('');
      expect(ok).toBe(true);
    });
  }
});
