// fhir/fhir-r4.schemas.yaml is generated from the official FHIR R4 JSON schema: fresh, and a
// subset of FHIR (never a divergence).
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  NOT_IN_R4,
  OUTPUT,
  RESOURCES,
  firstSentence,
  generate,
  loadSource,
} from '../scripts/extract-fhir-schemas.mjs';
import { ContractValidator, loadContract } from './contract.js';

type Json = Record<string, unknown>;

describe('fhir/fhir-r4.schemas.yaml', () => {
  let text: string;
  let schemas: Record<string, Json>;
  let official: Record<string, Json>;
  beforeAll(async () => {
    text = await readFile(OUTPUT, 'utf8');
    schemas = (parse(text) as { components: { schemas: Record<string, Json> } }).components.schemas;
    official = ((await loadSource()).schema as { definitions: Record<string, Json> }).definitions;
  });

  it('is exactly what the extraction script generates today (run `pnpm run extract-fhir`)', async () => {
    expect(await generate()).toBe(text);
  });

  it('says in its header that it is generated and must not be edited by hand', () => {
    expect(text.split('\n')[0]).toBe('# GENERATED FILE: DO NOT EDIT BY HAND.');
    expect(text).toContain('scripts/extract-fhir-schemas.mjs');
  });

  it('holds every resource of the contract, each requiring resourceType', () => {
    for (const name of RESOURCES) {
      expect(schemas[name]?.required, name).toContain('resourceType');
      expect((schemas[name]?.properties as Json).resourceType, name).toEqual(
        expect.objectContaining({ const: name }),
      );
    }
  });

  it('replaces ResourceList by a oneOf of the contract resources, discriminated on resourceType', () => {
    const list = schemas.ResourceList as { oneOf: { $ref: string }[]; discriminator: Json };
    expect(list.oneOf.map((r) => r.$ref.split('/').pop())).toEqual([...RESOURCES].sort());
    expect(list.discriminator).toEqual({ propertyName: 'resourceType' });
  });

  it('only references its own components', () => {
    const refs = new Set<string>();
    JSON.stringify(schemas, (key, value: unknown) => {
      if (key === '$ref') refs.add(value as string);
      return value;
    });
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(schemas[ref.split('/').pop() as string], ref).toBeDefined();
    }
  });

  it('keeps the FHIR names, cardinalities and required elements of every definition', () => {
    for (const [name, schema] of Object.entries(schemas)) {
      if (name === 'ResourceList') continue;
      const source = official[name] as Json;
      expect(source, name).toBeDefined();
      const kept = (schema.properties ?? {}) as Record<string, Json>;
      const original = (source.properties ?? {}) as Record<string, Json>;
      for (const [property, definition] of Object.entries(kept)) {
        expect(original[property], `${name}.${property}`).toBeDefined();
        expect(definition.type, `${name}.${property} type`).toBe(
          original[property]?.type ?? definition.type,
        );
      }
      const required = new Set((source.required ?? []) as string[]);
      if (RESOURCES.includes(name)) required.add('resourceType');
      expect(new Set((schema.required ?? []) as string[]), `${name} required`).toEqual(required);
    }
  });

  it('drops only the primitive extension twins (`_birthDate`…), still accepted by name', () => {
    const notInR4 = NOT_IN_R4 as Record<string, string[]>;
    for (const [name, schema] of Object.entries(schemas)) {
      const source = official[name] as Json | undefined;
      if (!source?.properties) continue;
      const extra = new Set((notInR4[name] ?? []).flatMap((e) => [e, `_${e}`]));
      const r4 = Object.keys(source.properties as Json).filter((p) => !extra.has(p));
      const dropped = r4.filter((p) => !(p in (schema.properties as Json)));
      expect(
        dropped.every((p) => p.startsWith('_')),
        name,
      ).toBe(true);
      expect((schema.propertyNames as { enum: string[] }).enum, name).toEqual(r4);
    }
  });

  it('has none of the elements Medplum adds to its copy of the schema: only R4 elements', () => {
    // FHIR R4 (4.0.1): Meta, Reference and OperationOutcome, element by element.
    const elements = (name: string) => Object.keys(schemas[name]?.properties as Json).sort();
    expect(elements('Meta')).toEqual(
      [
        'extension',
        'id',
        'lastUpdated',
        'profile',
        'security',
        'source',
        'tag',
        'versionId',
      ].sort(),
    );
    expect(elements('Reference')).toEqual(
      ['display', 'extension', 'id', 'identifier', 'reference', 'type'].sort(),
    );
    expect(elements('OperationOutcome')).toEqual(
      [
        'contained',
        'extension',
        'id',
        'implicitRules',
        'issue',
        'language',
        'meta',
        'modifierExtension',
        'resourceType',
        'text',
      ].sort(),
    );
  });

  it('keeps only the first sentence of each description', () => {
    expect(firstSentence('A sequence. Of sentences.')).toBe('A sequence.');
    expect(firstSentence('Use e.g. a P.O. Box here. Not this.')).toBe('Use e.g. a P.O. Box here.');
    expect(schemas.CareTeam?.description).toBe(
      firstSentence(official.CareTeam?.description as string),
    );
  });
});

describe('the FHIR schemas, as a validator', () => {
  let validator: ContractValidator;
  beforeAll(async () => {
    validator = new ContractValidator(await loadContract());
  });

  it('rejects an element FHIR does not define', () => {
    const validate = validator.schema('CareTeam');
    expect(validate({ resourceType: 'CareTeam', status: 'active' })).toBe(true);
    expect(validate({ resourceType: 'CareTeam', statut: 'active' })).toBe(false);
  });

  it('accepts a primitive extension twin, as FHIR does', () => {
    const validate = validator.schema('CareTeam');
    expect(validate({ resourceType: 'CareTeam', name: 'Cercle', _name: { extension: [] } })).toBe(
      true,
    );
  });

  it('rejects a code outside its FHIR value set', () => {
    expect(validator.schema('CareTeam')({ resourceType: 'CareTeam', status: 'open' })).toBe(false);
  });

  it('checks Bundle entries against the schema of their resourceType', () => {
    const validate = validator.schema('Bundle');
    const bundle = (resource: Json) => ({
      resourceType: 'Bundle',
      type: 'collection',
      entry: [{ resource }],
    });
    expect(validate(bundle({ resourceType: 'Patient', gender: 'female' }))).toBe(true);
    expect(validate(bundle({ resourceType: 'Patient', gender: 'F' }))).toBe(false);
    expect(validate(bundle({ resourceType: 'Questionnaire' }))).toBe(false);
  });

  it('accepts in a Bundle the resources of an HL7 Europe discharge report', () => {
    // The HDR example puts FamilyMemberHistory and MedicationAdministration in its document.
    const validate = validator.schema('Bundle');
    for (const resourceType of [
      'FamilyMemberHistory',
      'MedicationAdministration',
      'MedicationDispense',
      'ImmunizationRecommendation',
      'Specimen',
      'ImagingStudy',
      'Media',
    ])
      expect(
        validate({
          resourceType: 'Bundle',
          type: 'document',
          entry: [{ resource: { resourceType } }],
        }),
        resourceType,
      ).toBe(validator.schema(resourceType)({ resourceType }));
  });

  it('rejects the elements Medplum adds to Meta, Reference and OperationOutcome', () => {
    const careTeam = validator.schema('CareTeam');
    expect(careTeam({ resourceType: 'CareTeam', meta: { project: 'x' } })).toBe(false);
    expect(careTeam({ resourceType: 'CareTeam', subject: { resource: {} } })).toBe(false);
    const outcome = validator.schema('OperationOutcome');
    const issue = [{ severity: 'error', code: 'invalid' }];
    expect(outcome({ resourceType: 'OperationOutcome', issue })).toBe(true);
    expect(outcome({ resourceType: 'OperationOutcome', issue, status: 'x' })).toBe(false);
  });
});
