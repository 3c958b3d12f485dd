/**
 * @lien/client — typed client for the Lien API (FHIR R4, ANS Cercle de Soins).
 * @packageDocumentation
 */
export { createLienClient, parsePatientRef } from './client.js';
export type { LienClient, LienClientOptions } from './client.js';
export type { CallOptions, DeclareOptions, LienDomainApi, RoleConcept } from './api.js';
export { LienError, codeForStatus, remediesOf } from './errors.js';
export type { LienErrorCode, LienErrorInit, OutcomeIssue } from './errors.js';
export type { AccessRemedy } from './fhir/systems.js';
export {
  careCircleFromBundle,
  careCircleFromCareTeam,
  isListeRouge,
  isMssante,
} from './fhir/care-circle.js';
export { labelCoding } from './fhir/labels.js';
export type { AccessTokenGetter } from './http/auth.js';
export { createResilientFetch, isIdempotent } from './http/resilient-fetch.js';
export type { FetchLike, RetryOptions, ResilientFetchOptions } from './http/resilient-fetch.js';
export { readJwtClaims } from './http/token.js';
export type { TokenClaims } from './http/token.js';
export type * from './model.js';
export type * as Fhir from './fhir/resources.js';
export type { paths, components } from './generated/lien-api.js';
