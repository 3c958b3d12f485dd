import type { CareCircleDependencies, IncludedResource, VersionRef } from './store.js';
import { pgArrayLiteral } from './store.js';

/** A care-circle answer kept in memory, with what it depended on. */
export interface CachedCareCircle {
  dependencies: CareCircleDependencies;
  matches: IncludedResource[];
  included: IncludedResource[];
  /** The end of the Bundle as sent (`,"entry":[…]}`, UTF-8), for one FHIR base URL. */
  rendered?: { base: string; tail: Buffer };
  /** Whole answers as sent, by FHIR base, request URL and total (a few; links differ by URL). */
  bodies?: Map<string, Buffer>;
}

/**
 * The last answer of each care-circle read (`CareTeam?patient=…&_include…`, one per patient and
 * query shape), so that the database does not have to read, convert and send the same resources again
 * and again.
 *
 * This cache is never trusted on its own: every read still runs a statement that checks the caller's
 * access and compares, in its own snapshot, the page of CareTeams and their versions and the version
 * behind every reference the includes follow with the ones recorded here (`store.careCircleCheck`);
 * every read still writes its AuditEvent. Any write in between — a declaration, a withdrawal,
 * a PUT, a new version of a PractitionerRole, Practitioner or Organization, a resource appearing
 * behind a dangling reference — changes one of those versions, and the statement then reads the
 * resources afresh. Stored versions are immutable (insert-only), so an answer whose versions all
 * match is exactly what the statement would have read. Whatever the number of servers sharing the
 * database. Authorisation is never cached.
 *
 * Bounded by the total size of the cached JSON (least recently used answers go first).
 */
export class CareCircleCache {
  private readonly entries = new Map<string, { value: CachedCareCircle; size: number }>();
  private size = 0;
  /** Reads answered from memory / from the database (tests, diagnostics). */
  hits = 0;
  misses = 0;

  /** @param maxBytes - budget for the cached JSON texts (default 32 MiB). */
  constructor(private readonly maxBytes = 32 * 1024 * 1024) {}

  /** The cached answer for `key`, if any (to be confirmed by the database). */
  get(key: string): CachedCareCircle | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    // Most recently used last.
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.value;
  }

  /** Records the answer just read from the database for `key`. */
  set(
    key: string,
    matches: IncludedResource[],
    included: IncludedResource[],
    refs: VersionRef[],
  ): CachedCareCircle {
    const keys = matches.map((m) => `${m.id}/${m.versionId}`);
    const value: CachedCareCircle = {
      dependencies: {
        matches: keys,
        refs,
        literals: {
          matches: pgArrayLiteral(keys),
          types: pgArrayLiteral(refs.map((r) => r.type)),
          ids: pgArrayLiteral(refs.map((r) => r.id)),
          versions: pgArrayLiteral(refs.map((r) => r.versionId)),
        },
      },
      matches,
      included,
    };
    // The JSON texts, the rendered entries and a few whole answers: about four times the texts.
    let size = 200;
    for (const r of matches) size += 4 * r.json.length + 128;
    for (const r of included) size += 4 * r.json.length + 128;
    this.delete(key);
    if (size > this.maxBytes) return value;
    while (this.size + size > this.maxBytes) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.delete(oldest.value);
    }
    this.entries.set(key, { value, size });
    this.size += size;
    return value;
  }

  /** Forgets the answer for `key`. */
  delete(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    this.size -= e.size;
  }

  /** Number of cached answers. */
  get count(): number {
    return this.entries.size;
  }
}
