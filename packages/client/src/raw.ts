import type { Client } from 'openapi-fetch';
import type { paths } from './generated/lien-api.js';

/** The raw openapi-fetch client typed by the contract. */
export type RawClient = Client<paths, 'application/fhir+json'>;
