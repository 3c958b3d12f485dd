import type { Db } from '../db/types.js';

/** What the domain services need: the database, a clock and the policy settings. */
export interface ServiceContext {
  db: Db;
  /** The clock (injectable for tests). */
  now: () => Date;
  /** Duration of a break-the-glass grant, in milliseconds. */
  breakGlassMs: number;
}
