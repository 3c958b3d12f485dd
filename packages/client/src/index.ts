export * from './fhir/systems.js';
export * from './model.js';
export * from './errors.js';
export type * from './api.js';
