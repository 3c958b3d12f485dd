import type { Db } from '../db/types.js';
import type { CareCircleCache } from '../store/care-circle-cache.js';
import type { AuditWriter } from './audit-writer.js';
import type { CareCircleWriter } from './care-circle-writer.js';

/** What the domain services need: the database, a clock and the policy settings. */
export interface ServiceContext {
  db: Db;
  /** The clock (injectable for tests). */
  now: () => Date;
  /** Duration of a break-the-glass grant, in milliseconds. */
  breakGlassMs: number;
  /** Care-circle answers, confirmed by the database on every read (see {@link CareCircleCache}). */
  careCircles: CareCircleCache;
  /** Group commit of the care-circle reads' AuditEvents. */
  audits: AuditWriter;
  /** Group commit of declarations and withdrawals (their usual case, one statement per batch). */
  careWrites: CareCircleWriter;
}
