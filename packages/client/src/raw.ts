import type { Client, Middleware } from 'openapi-fetch';
import type { paths } from './generated/lien-api.js';
import type { LienError } from './errors.js';
import type { labelCoding } from './fhir/labels.js';
import type { LETTER_TYPES, SYSTEMS } from './fhir/systems.js';
import type { FetchLike } from './http/resilient-fetch.js';
import type { FhirRequest } from './http/request.js';

/** The raw openapi-fetch client typed by the contract. */
export type RawClient = Client<paths, 'application/fhir+json'>;

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE', 'request'];

/**
 * `client.fhir`: an openapi-fetch client created, and openapi-fetch loaded, on its first request.
 * Middlewares given to `use` before then are handed to it when it is created.
 */
export function lazyRawClient(baseUrl: string, fetch: FetchLike): RawClient {
  let client: RawClient | undefined;
  let loading: Promise<RawClient> | undefined;
  let middlewares: Middleware[] = [];
  const load = () =>
    (loading ??= import('./raw-client.js').then(
      (module) => {
        client ??= module.createRawClient(baseUrl, fetch);
        client.use(...middlewares);
        return client;
      },
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    ));
  const forward =
    (method: string) =>
    async (...args: unknown[]) =>
      ((await load()) as unknown as Record<string, (...args: unknown[]) => unknown>)[method]?.(
        ...args,
      );
  return {
    ...Object.fromEntries(METHODS.map((method) => [method, forward(method)])),
    use(...added: Middleware[]) {
      if (client) client.use(...added);
      else middlewares.push(...added);
    },
    eject(...removed: Middleware[]) {
      if (client) client.eject(...removed);
      else middlewares = middlewares.filter((m) => !removed.includes(m));
    },
  } as unknown as RawClient;
}

/**
 * What the modules loaded on demand (DCTM fallback, letter requests) get from the client. They
 * receive it rather than import it, so that no chunk is shared between the code loaded up front
 * and theirs (a shared chunk costs bytes and a request of its own).
 */
export interface Kit {
  request: FhirRequest;
  LienError: typeof LienError;
  labelCoding: typeof labelCoding;
  SYSTEMS: typeof SYSTEMS;
  LETTER_TYPES: typeof LETTER_TYPES;
}
