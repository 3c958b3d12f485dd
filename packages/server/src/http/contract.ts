import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { HttpError } from '../fhir/outcome.js';
import type { Issue } from '../fhir/outcome.js';

// ajv-formats is CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

const CONTRACT_ID = 'lien.openapi.json';

/** Where the bundled contract (`openapi/dist/lien.openapi.json`) is. */
export function defaultContractPath(): string {
  const require = createRequire(import.meta.url);
  try {
    return require.resolve('@lien/openapi/bundled.json');
  } catch {
    throw new Error(
      'The bundled contract @lien/openapi/bundled.json (openapi/dist/lien.openapi.json) is missing: ' +
        'run `pnpm --filter @lien/openapi build`.',
    );
  }
}

type Json = Record<string, unknown>;

interface ParamSpec {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  /** Declared JSON type of the (resolved) schema: drives coercion of query strings. */
  type: string | undefined;
  itemType: string | undefined;
  validate: ValidateFunction;
}

/** One operation of the contract, with its compiled validators. */
export interface Operation {
  operationId: string;
  method: string;
  /** OpenAPI path, e.g. `/Patient/{id}/$declare-actor`. */
  path: string;
  /** Fastify route path, e.g. `/Patient/:id/$declare-actor`. */
  routePath: string;
  public: boolean;
  params: ParamSpec[];
  query: Map<string, ParamSpec>;
  headers: ParamSpec[];
  body: { required: boolean; content: Map<string, ValidateFunction> } | null;
  /** status ('200', '4XX', 'default') → media type → validator (null = no schema). */
  responses: Map<string, Map<string, ValidateFunction | null>>;
}

/** The validated inputs of a request. */
export interface ValidatedRequest {
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
}

function pointer(path: string[]): string {
  return '#/' + path.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

/**
 * The Lien contract (bundled OpenAPI 3.1), compiled with Ajv (JSON Schema 2020-12) into request and
 * response validators per operation.
 */
export class Contract {
  readonly operations: Operation[] = [];
  private readonly ajv: Ajv2020;
  private readonly doc: Json;

  constructor(doc: Json) {
    this.doc = doc;
    this.ajv = new Ajv2020({
      strict: false,
      allErrors: false,
      validateFormats: true,
      // OpenAPI keywords that are not JSON Schema.
      keywords: ['example', 'discriminator', 'xml', 'externalDocs'],
    });
    addFormats(this.ajv);
    this.ajv.addFormat('binary', true);
    this.ajv.addFormat('byte', true);
    this.ajv.addSchema(doc, CONTRACT_ID);
    this.compile();
  }

  /** Loads the bundled contract from a file. */
  static load(path: string = defaultContractPath()): Contract {
    return new Contract(JSON.parse(readFileSync(path, 'utf8')) as Json);
  }

  /** The contract's version (`info.version`). */
  get version(): string {
    return String((this.doc.info as Json | undefined)?.version ?? '');
  }

  private resolve(node: unknown): Json {
    let n = node as Json;
    for (let i = 0; i < 10 && n && typeof n.$ref === 'string'; i++) {
      const ref = n.$ref as string;
      if (!ref.startsWith('#/')) throw new Error(`External $ref not supported: ${ref}`);
      n = ref
        .slice(2)
        .split('/')
        .reduce<unknown>(
          (acc, key) => (acc as Json)[key.replace(/~1/g, '/').replace(/~0/g, '~')],
          this.doc,
        ) as Json;
    }
    return n;
  }

  private validatorAt(path: string[]): ValidateFunction {
    const v = this.ajv.getSchema(`${CONTRACT_ID}${pointer(path)}`);
    if (!v) throw new Error(`No schema at ${pointer(path)}`);
    return v;
  }

  /** Validator of a named component schema (e.g. `OperationOutcome`). */
  schema(name: string): ValidateFunction {
    return this.validatorAt(['components', 'schemas', name]);
  }

  private paramSpec(p: Json, where: string[]): ParamSpec {
    const resolved = this.resolve(p);
    // Compile the parameter's schema where it lives (after following the parameter's own $ref).
    const loc =
      typeof p.$ref === 'string'
        ? (p.$ref as string)
            .slice(2)
            .split('/')
            .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'))
        : where;
    const schema = this.resolve(resolved.schema);
    const items = schema.items ? this.resolve(schema.items) : undefined;
    return {
      name: String(resolved.name),
      in: resolved.in as ParamSpec['in'],
      required: resolved.required === true,
      type: typeof schema.type === 'string' ? schema.type : undefined,
      itemType: items && typeof items.type === 'string' ? items.type : undefined,
      validate: this.validatorAt([...loc, 'schema']),
    };
  }

  private compile(): void {
    const paths = (this.doc.paths ?? {}) as Record<string, Json>;
    const rootSecurity = this.doc.security as unknown[] | undefined;
    for (const [path, item] of Object.entries(paths)) {
      const shared = ((item.parameters as Json[] | undefined) ?? []).map((p, i) =>
        this.paramSpec(p, ['paths', path, 'parameters', String(i)]),
      );
      for (const method of ['get', 'put', 'post', 'patch', 'delete']) {
        const op = item[method] as Json | undefined;
        if (!op) continue;
        const base = ['paths', path, method];
        const own = ((op.parameters as Json[] | undefined) ?? []).map((p, i) =>
          this.paramSpec(p, [...base, 'parameters', String(i)]),
        );
        const all = [
          ...shared.filter((s) => !own.some((o) => o.name === s.name && o.in === s.in)),
          ...own,
        ];
        let body: Operation['body'] = null;
        if (op.requestBody) {
          const rb = this.resolve(op.requestBody);
          const rbLoc =
            typeof (op.requestBody as Json).$ref === 'string'
              ? ((op.requestBody as Json).$ref as string).slice(2).split('/')
              : [...base, 'requestBody'];
          const content = new Map<string, ValidateFunction>();
          for (const mt of Object.keys((rb.content ?? {}) as Json)) {
            content.set(mt, this.validatorAt([...rbLoc, 'content', mt, 'schema']));
          }
          body = { required: rb.required === true, content };
        }
        const responses = new Map<string, Map<string, ValidateFunction | null>>();
        for (const [status, r] of Object.entries((op.responses ?? {}) as Json)) {
          const loc =
            typeof (r as Json).$ref === 'string'
              ? ((r as Json).$ref as string).slice(2).split('/')
              : [...base, 'responses', status];
          const resolved = this.resolve(r);
          const byType = new Map<string, ValidateFunction | null>();
          for (const [mt, media] of Object.entries((resolved.content ?? {}) as Json)) {
            byType.set(
              mt,
              (media as Json).schema ? this.validatorAt([...loc, 'content', mt, 'schema']) : null,
            );
          }
          responses.set(status, byType);
        }
        const security = (op.security as unknown[] | undefined) ?? rootSecurity ?? [];
        this.operations.push({
          operationId: String(op.operationId),
          method: method.toUpperCase(),
          path,
          routePath: path.replace(/\{([^}]+)\}/g, ':$1'),
          public: security.length === 0,
          params: all.filter((p) => p.in === 'path'),
          query: new Map(all.filter((p) => p.in === 'query').map((p) => [p.name, p])),
          headers: all.filter((p) => p.in === 'header'),
          body,
          responses,
        });
      }
    }
  }

  /**
   * Validates a request against its operation: path parameters, query parameters (unknown ones are
   * refused), headers, content type and body. Query strings are coerced to the declared types.
   * @throws HttpError 400 (or 415) with an OperationOutcome naming where the request is wrong.
   */
  validateRequest(
    op: Operation,
    req: {
      params: Record<string, string>;
      query: Record<string, string | string[]>;
      headers: Record<string, string | string[] | undefined>;
      body: unknown;
      hasBody: boolean;
      contentType: string | undefined;
    },
  ): ValidatedRequest {
    const issues: Issue[] = [];
    for (const p of op.params) {
      const v = req.params[p.name];
      if (v === undefined || !p.validate(v)) {
        issues.push(
          invalid(`path.${p.name}`, `Path parameter "${p.name}" is not valid`, p.validate.errors),
        );
      }
    }
    const query: Record<string, unknown> = {};
    for (const [name, raw] of Object.entries(req.query)) {
      const spec = op.query.get(name);
      if (!spec) {
        issues.push({
          severity: 'error',
          code: 'not-supported',
          diagnostics: `Unknown search parameter "${name}"`,
          expression: [`query.${name}`],
        });
        continue;
      }
      let value: unknown;
      if (spec.type === 'array') {
        const arr = Array.isArray(raw) ? raw : [raw];
        value = arr.map((s) => coerce(s, spec.itemType));
      } else {
        if (Array.isArray(raw)) {
          issues.push(invalid(`query.${name}`, `Query parameter "${name}" may appear only once`));
          continue;
        }
        value = coerce(raw, spec.type);
      }
      if (!spec.validate(value)) {
        issues.push(
          invalid(`query.${name}`, `Query parameter "${name}" is not valid`, spec.validate.errors),
        );
        continue;
      }
      query[name] = value;
    }
    for (const spec of op.query.values()) {
      if (spec.required && !(spec.name in req.query)) {
        issues.push({
          severity: 'error',
          code: 'required',
          diagnostics: `Query parameter "${spec.name}" is required`,
          expression: [`query.${spec.name}`],
        });
      }
    }
    for (const h of op.headers) {
      const raw = req.headers[h.name.toLowerCase()];
      // A missing If-Match is answered 428 by the handler, as the contract says.
      if (raw === undefined) continue;
      const v = Array.isArray(raw) ? raw.join(', ') : raw;
      if (!h.validate(v)) {
        issues.push(
          invalid(`header.${h.name}`, `Header "${h.name}" is not valid`, h.validate.errors),
        );
      }
    }
    if (issues.length) throw new HttpError(400, issues);

    let body: unknown = undefined;
    if (op.body) {
      if (!req.hasBody) {
        if (op.body.required) {
          throw new HttpError(400, [
            {
              severity: 'error',
              code: 'required',
              diagnostics: 'A request body is required',
              expression: ['body'],
            },
          ]);
        }
      } else {
        const mt = (req.contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
        const validate = op.body.content.get(mt);
        if (!validate) {
          throw new HttpError(415, [
            {
              severity: 'error',
              code: 'not-supported',
              diagnostics: `Content type "${mt || '(none)'}" is not supported; send ${[...op.body.content.keys()].join(' or ')}`,
              expression: ['header.Content-Type'],
            },
          ]);
        }
        if (!validate(req.body)) {
          const rt = (req.body as { resourceType?: unknown } | null)?.resourceType;
          const root = typeof rt === 'string' && /^[A-Za-z]+$/.test(rt) ? rt : 'body';
          throw new HttpError(400, [
            invalid(root, 'The request body does not conform to the contract', validate.errors),
          ]);
        }
        body = req.body;
      }
    } else if (req.hasBody) {
      throw new HttpError(400, [
        {
          severity: 'error',
          code: 'invalid',
          diagnostics: 'This request takes no body',
          expression: ['body'],
        },
      ]);
    }
    return { params: req.params, query, body };
  }

  /**
   * Checks a response against the contract (test mode).
   * @returns null when it conforms, else a description of the mismatch.
   */
  checkResponse(
    op: Operation,
    status: number,
    contentType: string | undefined,
    body: unknown,
  ): string | null {
    const byStatus =
      op.responses.get(String(status)) ??
      op.responses.get(`${String(status)[0]}XX`) ??
      op.responses.get('default');
    const mt = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!byStatus) {
      // Undeclared status: still every error must be an OperationOutcome.
      if (status >= 400) {
        const v = this.schema('OperationOutcome');
        if (mt !== 'application/fhir+json')
          return `${status} with content type ${mt} (undeclared status)`;
        return v(body)
          ? null
          : `${status} (undeclared) body is not an OperationOutcome: ${describe(v.errors)}`;
      }
      return `${op.operationId}: status ${status} is not declared`;
    }
    if (byStatus.size === 0) return null;
    if (!byStatus.has(mt)) return `${op.operationId} ${status}: content type ${mt} is not declared`;
    const v = byStatus.get(mt);
    if (!v) return null;
    return v(body) ? null : `${op.operationId} ${status}: ${describe(v.errors)}`;
  }
}

function coerce(s: string, type: string | undefined): unknown {
  if (type === 'integer' || type === 'number') {
    return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s;
  }
  if (type === 'boolean') return s === 'true' ? true : s === 'false' ? false : s;
  return s;
}

/** Human-readable Ajv errors (locations and messages only, never the values). */
export function describe(errors: ErrorObject[] | null | undefined): string {
  if (!errors?.length) return 'invalid';
  return errors
    .slice(0, 3)
    .map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`)
    .join('; ');
}

function invalid(where: string, message: string, errors?: ErrorObject[] | null): Issue {
  const first = errors?.[0];
  // JSON pointer /parameter/0/valueBoolean → parameter[0].valueBoolean (FHIRPath style).
  const path = (first?.instancePath ?? '')
    .split('/')
    .filter(Boolean)
    .map((seg) =>
      /^\d+$/.test(seg) ? `[${seg}]` : `.${seg.replace(/~1/g, '/').replace(/~0/g, '~')}`,
    )
    .join('');
  return {
    severity: 'error',
    code: 'invalid',
    diagnostics: errors?.length ? `${message}: ${describe(errors)}` : message,
    expression: [`${where}${path}`],
  };
}
