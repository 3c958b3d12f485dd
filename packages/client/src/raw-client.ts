/**
 * The raw openapi-fetch client behind `client.fhir`, loaded on its first request: the domain
 * methods do not need it, so applications that do not use `client.fhir` never load openapi-fetch.
 */
import createClient from 'openapi-fetch';
import type { paths } from './generated/lien-api.js';
import type { FetchLike } from './http/resilient-fetch.js';
import type { RawClient } from './raw.js';

export function createRawClient(baseUrl: string, fetch: FetchLike): RawClient {
  const client = createClient<paths, 'application/fhir+json'>({
    baseUrl,
    fetch,
    headers: { Accept: 'application/fhir+json' },
  });
  // FHIR bodies are `application/fhir+json` (openapi-fetch labels JSON bodies `application/json`).
  client.use({
    onRequest({ request }) {
      if (request.headers.get('Content-Type') === 'application/json') {
        request.headers.set('Content-Type', 'application/fhir+json');
      }
      return request;
    },
  });
  return client;
}
