/**
 * @lien/server — the reference server of the Lien contract: FHIR R4 care circles (ANS Cercle de
 * Soins CareTeam), declarations, break-the-glass, discharge letters and audit, on embedded PGlite or
 * PostgreSQL.
 *
 * ```ts
 * import { startServer } from '@lien/server';
 * const server = await startServer({ port: 0, dataDir: 'memory://', seed: 'demo', devAuth: true });
 * // … `${server.url}/fhir/metadata`
 * await server.close();
 * ```
 * @packageDocumentation
 */
export { createServer, startServer } from './server.js';
export type { LienServer, RunningServer, ServerOptions } from './server.js';
export type { CareCircleCache } from './store/care-circle-cache.js';
export type { IssuerConfig } from './auth/verify.js';
export type { Caller } from './auth/identity.js';
export { DEV_ISSUER } from './auth/dev.js';
export type { Db, Queryable, QueryResult } from './db/index.js';
export { openDb, migrate, MIGRATIONS_DIR } from './db/index.js';
export { seedDemo, demoDirectory, SEED_INSTANT } from './seed/demo.js';
export type { SeedReport, SeedOptions } from './seed/demo.js';
