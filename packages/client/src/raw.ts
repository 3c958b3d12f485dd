import type { Client } from 'openapi-fetch';
import type { paths } from './generated/lien-api.js';
import type { LienError } from './errors.js';
import type { labelCoding } from './fhir/labels.js';
import type { LETTER_TYPES } from './fhir/systems.js';
import type { unwrap } from './http/unwrap.js';

/** The raw openapi-fetch client typed by the contract. */
export type RawClient = Client<paths, 'application/fhir+json'>;

/**
 * What the modules loaded on demand (DCTM fallback, letter requests) get from the client. They
 * receive it rather than import it, so that no chunk is shared between the code loaded up front
 * and theirs (a shared chunk costs bytes and a request of its own).
 */
export interface Kit {
  fhir: RawClient;
  unwrap: typeof unwrap;
  LienError: typeof LienError;
  labelCoding: typeof labelCoding;
  /** LOINC's system URL (`SYSTEMS.loinc`). */
  loinc: string;
  LETTER_TYPES: typeof LETTER_TYPES;
}
