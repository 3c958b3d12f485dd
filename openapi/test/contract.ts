// Shared helpers of the contract tests: the bundled document, a JSON Schema validator over it,
// and a walk over every operation and every example.
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { bundleContract } from '../scripts/bundle.mjs';

// ajv-formats is CommonJS: its default export is the plugin function.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

type Json = Record<string, unknown>;

export const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

export interface Operation {
  method: string;
  path: string;
  operationId: string;
  node: Json;
}

/** One example of the contract, and where it belongs. */
export interface Example {
  /** Readable location, e.g. `updateCareTeam 412 application/fhir+json staleVersion`. */
  name: string;
  value: unknown;
  /** The schema the example must satisfy (may be a local $ref). */
  schema: Json;
}

let cached: Promise<Json> | undefined;

/** The contract, bundled in memory from lien.openapi.yaml (all references local). */
export function loadContract(): Promise<Json> {
  cached ??= bundleContract() as Promise<Json>;
  return cached;
}

/** Follows a local `$ref` (`#/components/...`) until a non-reference node. */
export function deref<T = Json>(doc: Json, node: unknown): T {
  let current = node as Json;
  for (let i = 0; i < 20 && current && typeof current.$ref === 'string'; i++) {
    const ref = current.$ref as string;
    if (!ref.startsWith('#/')) throw new Error(`Not a local reference: ${ref}`);
    current = ref
      .slice(2)
      .split('/')
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<Json>((at, part) => at[part] as Json, doc);
    if (current === undefined) throw new Error(`Unresolved reference ${ref}`);
  }
  return current as T;
}

export function operations(doc: Json): Operation[] {
  const result: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
    for (const method of METHODS) {
      const node = item[method] as Json | undefined;
      if (node) result.push({ method, path, operationId: node.operationId as string, node });
    }
  }
  return result;
}

function mediaExamples(doc: Json, where: string, content: unknown): Example[] {
  const result: Example[] = [];
  for (const [type, media] of Object.entries((content ?? {}) as Record<string, Json>)) {
    const schema = (media.schema ?? {}) as Json;
    if ('example' in media) result.push({ name: `${where} ${type}`, value: media.example, schema });
    for (const [key, ex] of Object.entries((media.examples ?? {}) as Record<string, unknown>)) {
      const example = deref(doc, ex);
      result.push({ name: `${where} ${type} ${key}`, value: example.value, schema });
    }
  }
  return result;
}

/** Every example of the contract: parameters, headers, request bodies and responses. */
export function examples(doc: Json): Example[] {
  const result: Example[] = [];
  for (const op of operations(doc)) {
    const pathItem = (doc.paths as Record<string, Json>)[op.path] as Json;
    const parameters = [
      ...((pathItem.parameters ?? []) as unknown[]),
      ...((op.node.parameters ?? []) as unknown[]),
    ].map((p) => deref(doc, p));
    for (const p of parameters) {
      const schema = (p.schema ?? {}) as Json;
      if ('example' in p) {
        result.push({ name: `${op.operationId} parameter ${p.name}`, value: p.example, schema });
      }
    }
    if (op.node.requestBody) {
      const body = deref(doc, op.node.requestBody);
      result.push(...mediaExamples(doc, `${op.operationId} request`, body.content));
    }
    for (const [status, ref] of Object.entries(op.node.responses as Record<string, unknown>)) {
      const response = deref(doc, ref);
      const where = `${op.operationId} ${status}`;
      result.push(...mediaExamples(doc, where, response.content));
      for (const [name, h] of Object.entries((response.headers ?? {}) as Record<string, unknown>)) {
        const header = deref(doc, h);
        if ('example' in header) {
          const schema = (header.schema ?? {}) as Json;
          result.push({ name: `${where} header ${name}`, value: header.example, schema });
        }
      }
    }
  }
  return result;
}

const CONTRACT_ID = 'urn:lien:contract';

/** Rewrites local references so that they point into the contract registered in Ajv. */
function anchor(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(anchor);
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string' && v.startsWith('#') ? CONTRACT_ID + v : anchor(v),
    ]),
  );
}

/** A validator of values against the contract's schemas (JSON Schema 2020-12). */
export class ContractValidator {
  private readonly ajv: Ajv2020;

  constructor(doc: Json) {
    // strict off: OpenAPI keywords (discriminator, example) sit beside JSON Schema ones.
    this.ajv = new Ajv2020({ strict: false, allErrors: true, discriminator: true });
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: CONTRACT_ID, components: doc.components }, CONTRACT_ID);
  }

  compile(schema: Json): ValidateFunction {
    return this.ajv.compile(anchor(schema) as Json);
  }

  /** Compiles `#/components/schemas/<name>`. */
  schema(name: string): ValidateFunction {
    return this.compile({ $ref: `#/components/schemas/${name}` });
  }
}

/** Ajv errors, one readable line each. */
export function errorsText(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('\n');
}
