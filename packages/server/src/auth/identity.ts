import type { Db, Queryable } from '../db/types.js';
import { sqlState } from '../db/types.js';
import { PHYSICIAN_PROFESSION, SYSTEMS } from '../fhir/codes.js';
import { HttpError } from '../fhir/outcome.js';
import type { Resource } from '../fhir/types.js';
import { refId, store } from '../store/store.js';
import type { VerifiedToken } from './verify.js';

/** The authenticated professional behind a request, resolved from verified token claims only. */
export interface Caller {
  /** The caller's PractitionerRole id: what a declaration puts in `participant.member`. */
  practitionerRoleId: string;
  practitionerId: string | null;
  /** RPPS (11 digits) when known. */
  rpps: string | null;
  /** TRE_G15 profession code (from the token's `SubjectRefPro` when present, else the directory). */
  professionCode: string | null;
  /** Display name ("Dr Prénom NOM" style), for `member.display`. */
  display: string;
  /** Token issuer and subject, for the audit trail. */
  issuer: string;
  subject: string | null;
}

/** Is the caller a physician (TRE_G15 `10`), the only profession allowed to break the glass? */
export function isPhysician(caller: Caller): boolean {
  return caller.professionCode === PHYSICIAN_PROFESSION;
}

/** One `SubjectRefPro.exercices[]` entry of a Pro Santé Connect userinfo / token. */
interface PscExercice {
  codeProfession?: string;
  codeSavoirFaire?: string;
  nomDexercice?: string;
  prenomDexercice?: string;
  activities?: Array<Record<string, unknown>>;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/**
 * A name from the token's claims, without its control characters (C0, DEL, C1): it goes into stored
 * JSON (the caller's display in AuditEvents and CareTeams, a provisioned Practitioner's name), where
 * PostgreSQL refuses U+0000 — and the others have no business in a name either.
 */
function claimedName(v: unknown): string | undefined {
  return str(str(v)?.replace(/\p{Cc}/gu, ''));
}

function exercicesOf(claims: Record<string, unknown>): PscExercice[] {
  const ref = claims.SubjectRefPro as { exercices?: unknown } | undefined;
  return Array.isArray(ref?.exercices) ? (ref.exercices as PscExercice[]) : [];
}

/** `8` + 11-digit RPPS → RPPS; other IDNPS kinds are not supported. */
export function rppsFromIdnps(idnps: string | undefined): string | null {
  if (!idnps) return null;
  const m = /^8(\d{11})$/.exec(idnps);
  return m?.[1] ?? null;
}

function finessOfActivities(ex: PscExercice[]): Set<string> {
  const out = new Set<string>();
  for (const e of ex) {
    for (const a of e.activities ?? []) {
      for (const k of ['numeroFinessSite', 'numeroFinessetablissementJuridique']) {
        const v = str(a[k]);
        if (v) out.add(v);
      }
    }
  }
  return out;
}

interface RoleRow {
  id: string;
  practitioner: string | null;
  organization: string | null;
  profession: string | null;
  finess: string | null;
  given: string | null;
  family: string | null;
  prefix: string | null;
  rpps: string | null;
}

const ROLE_SQL = `SELECT r.id,
    rv.content->'practitioner'->>'reference' AS practitioner,
    rv.content->'organization'->>'reference' AS organization,
    rv.content->'code'->0->'coding'->0->>'code' AS profession,
    (SELECT i->>'value' FROM jsonb_array_elements(COALESCE(ov.content->'identifier', '[]'::jsonb)) i
      WHERE i->>'system' = $2 LIMIT 1) AS finess,
    pv.content->'name'->0->'given'->>0 AS given,
    pv.content->'name'->0->>'family' AS family,
    pv.content->'name'->0->'prefix'->>0 AS prefix,
    (SELECT i->>'value' FROM jsonb_array_elements(COALESCE(pv.content->'identifier', '[]'::jsonb)) i
      WHERE i->>'system' = $3 LIMIT 1) AS rpps
  FROM resource_head r
  JOIN resource_version rv ON rv.type = r.type AND rv.id = r.id AND rv.version_id = r.version_id
  LEFT JOIN resource_head ph ON ph.type = 'Practitioner'
       AND ph.id = split_part(rv.content->'practitioner'->>'reference', '/', 2)
  LEFT JOIN resource_version pv ON pv.type = ph.type AND pv.id = ph.id AND pv.version_id = ph.version_id
  LEFT JOIN resource_head oh ON oh.type = 'Organization'
       AND oh.id = split_part(rv.content->'organization'->>'reference', '/', 2)
  LEFT JOIN resource_version ov ON ov.type = oh.type AND ov.id = oh.id AND ov.version_id = oh.version_id
  WHERE r.type = 'PractitionerRole'`;

async function rolesByIds(q: Queryable, ids: string[]): Promise<RoleRow[]> {
  const res = await q.query<RoleRow>(
    `${ROLE_SQL} AND r.id = ANY($1::text[]) ORDER BY r.id`,
    [ids, SYSTEMS.finess, SYSTEMS.rpps],
    'identity_roles',
  );
  return res.rows;
}

/** 403: the token's `fhirUser` and `SubjectNameID` do not name the same professional. */
function mismatch(): HttpError {
  return new HttpError(403, [
    {
      severity: 'error',
      code: 'security',
      diagnostics:
        'The token’s fhirUser names no professional known to this server, or not the one its SubjectNameID names',
    },
  ]);
}

/** Builds the display name of a professional ("Dr Marie DUPONT"). */
export function professionalDisplay(
  given: string | null | undefined,
  family: string | null | undefined,
  prefix?: string | null,
): string {
  return [prefix, given, family ? family.toUpperCase() : null].filter(Boolean).join(' ');
}

/** Default lifetime of the identity caches: 5 minutes. */
export const DEFAULT_IDENTITY_CACHE_MS = 5 * 60 * 1000;

/** Above this many entries, a cache drops its expired entries (and everything if that is not enough). */
const CACHE_MAX = 50_000;

/** A cached value and the instant (ms since the epoch) it stops being trusted. */
interface Entry<T> {
  value: T;
  expires: number;
}

/** A map whose entries expire `ttlMs` after they were read from the database. */
class ExpiringMap<K, V> {
  private readonly map = new Map<K, Entry<V>>();

  constructor(private readonly ttlMs: number) {}

  /** The entry still valid at `nowMs`, or undefined (an expired one is dropped). */
  get(key: K, nowMs: number): Entry<V> | undefined {
    const entry = this.map.get(key);
    if (!entry) return undefined;
    if (entry.expires > nowMs) return entry;
    this.map.delete(key);
    return undefined;
  }

  set(key: K, value: V, nowMs: number): Entry<V> {
    if (this.map.size >= CACHE_MAX) {
      for (const [k, e] of this.map) if (e.expires <= nowMs) this.map.delete(k);
      if (this.map.size >= CACHE_MAX) this.map.clear();
    }
    const entry = { value, expires: nowMs + this.ttlMs };
    this.map.set(key, entry);
    return entry;
  }
}

/** Options of {@link IdentityResolver}. */
export interface IdentityResolverOptions {
  /**
   * How long what was read from the directory is trusted (ms; default 5 minutes): which
   * PractitionerRole a token's claims map to, that role's profession, names, organisation and RPPS.
   * A change made to the database by anyone else (a directory import, another server on the same
   * PostgreSQL) is seen at the latest this long after it. 0: read the directory on every request.
   */
  cacheMs?: number;
}

/**
 * Maps verified token claims to the caller's PractitionerRole:
 * 1. SMART `fhirUser` = `PractitionerRole/…` (or `Practitioner/…`, then one of its roles);
 * 2. Pro Santé Connect `SubjectNameID` (IDNPS `8`+RPPS) → the Practitioner with that RPPS → its role,
 *    preferring the one whose organisation's FINESS is among the token's `activities[]`;
 * 3. a professional unknown to the directory is provisioned from the PSC claims (Practitioner +
 *    PractitionerRole), so that a first-time user can declare themselves.
 * The body of a request never takes part in this.
 *
 * What it reads from the database is cached for `cacheMs` by the resolver's clock: claims → role
 * id, role id → role row, and the caller of each verified token (which never outlives the entries
 * it was built from). Nothing else invalidates these caches, so a directory change made elsewhere
 * is seen after at most `cacheMs`.
 */
export class IdentityResolver {
  private readonly cache: ExpiringMap<string, string>;
  private readonly roles: ExpiringMap<string, RoleRow>;
  /** The caller of each verified token (the verifier hands back the same object for the same token). */
  private readonly callers = new WeakMap<VerifiedToken, Entry<Caller>>();

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
    options: IdentityResolverOptions = {},
  ) {
    const ttl = options.cacheMs ?? DEFAULT_IDENTITY_CACHE_MS;
    if (!Number.isFinite(ttl) || ttl < 0) {
      throw new Error(`identity cache lifetime must be a non-negative number of ms (got ${ttl})`);
    }
    this.cache = new ExpiringMap(ttl);
    this.roles = new ExpiringMap(ttl);
  }

  async resolve(token: VerifiedToken): Promise<Caller> {
    const known = this.callers.get(token);
    if (known && known.expires > this.now().getTime()) return known.value;
    const caller = await this.resolveClaims(token);
    this.callers.set(token, caller);
    return caller.value;
  }

  private async resolveClaims(token: VerifiedToken): Promise<Entry<Caller>> {
    const claims = token.claims;
    const exercices = exercicesOf(claims);
    const fhirUser = str(claims.fhirUser);
    const rpps =
      rppsFromIdnps(str(claims.SubjectNameID)) ?? rppsFromIdnps(str(claims.preferred_username));
    const cacheKey = `${token.issuer}|${fhirUser ?? ''}|${rpps ?? ''}|${[...finessOfActivities(exercices)].join(',')}`;

    let mapped = this.cache.get(cacheKey, this.now().getTime());
    if (!mapped) {
      const found = await this.findRole(fhirUser, rpps, exercices);
      if (found === 'mismatch') throw mismatch();
      let roleId = found === 'no-role' ? null : found;
      // Only a professional the directory does not know at all, named by SubjectNameID alone.
      if (found === null && rpps && !fhirUser)
        roleId = await this.provision(rpps, claims, exercices);
      if (!roleId) {
        throw new HttpError(403, [
          {
            severity: 'error',
            code: 'security',
            diagnostics:
              'The token does not identify a health professional known to this server (fhirUser or SubjectNameID)',
          },
        ]);
      }
      mapped = this.cache.set(cacheKey, roleId, this.now().getTime());
    }
    const roleId = mapped.value;
    let role = this.roles.get(roleId, this.now().getTime());
    if (!role) {
      const row = (await rolesByIds(this.db, [roleId]))[0];
      if (!row) throw new Error(`PractitionerRole ${roleId} vanished`);
      role = this.roles.set(roleId, row, this.now().getTime());
    }
    const row = role.value;
    // The token's RPPS must be the role's practitioner's (checked again on every resolution, so a
    // cached mapping never outlives a mismatch).
    if (rpps && row.rpps !== rpps) throw mismatch();
    const tokenProfession = exercices.find((e) => str(e.codeProfession))?.codeProfession ?? null;
    const given = claimedName(claims.given_name) ?? row.given;
    const family = claimedName(claims.family_name) ?? row.family;
    const caller: Caller = Object.freeze({
      practitionerRoleId: row.id,
      practitionerId: refId(row.practitioner ?? undefined, 'Practitioner'),
      rpps: rpps ?? row.rpps,
      professionCode: tokenProfession ?? row.profession,
      display: professionalDisplay(given, family, row.prefix),
      issuer: token.issuer,
      subject: str(claims.sub) ?? null,
    });
    // Trusted as long as the older of the two directory reads it was built from.
    return { value: caller, expires: Math.min(mapped.expires, role.expires) };
  }

  /**
   * The caller's role id; `'mismatch'` when `fhirUser` and `SubjectNameID` name different
   * professionals (or `fhirUser` names no one known); `'no-role'` when the professional is known but
   * has no PractitionerRole; null when the token names a professional unknown to the directory.
   */
  private async findRole(
    fhirUser: string | undefined,
    rpps: string | null,
    exercices: PscExercice[],
  ): Promise<string | 'mismatch' | 'no-role' | null> {
    if (fhirUser) {
      const roleId = refId(fhirUser, 'PractitionerRole');
      if (roleId) {
        const row = (await rolesByIds(this.db, [roleId]))[0];
        if (!row) return 'mismatch';
        // When both are present the RPPS must be the role's practitioner's.
        if (rpps && row.rpps !== rpps) return 'mismatch';
        return row.id;
      }
      const practitionerId = refId(fhirUser, 'Practitioner');
      if (!practitionerId) return 'mismatch';
      if (rpps) {
        if (!(await this.practitionersWithRpps(rpps)).includes(practitionerId)) return 'mismatch';
      } else if (!(await store.read(this.db, 'Practitioner', practitionerId))) {
        return 'mismatch';
      }
      return (await this.pickRole(practitionerId, exercices)) ?? 'no-role';
    }
    if (rpps) {
      const [known] = await this.practitionersWithRpps(rpps);
      // A known RPPS is never provisioned again, even without a role.
      if (known) return (await this.pickRole(known, exercices)) ?? 'no-role';
    }
    return null;
  }

  /** The ids of the Practitioners identified by an RPPS number. */
  private practitionersWithRpps(rpps: string): Promise<string[]> {
    return store.findByToken(this.db, 'Practitioner', 'identifier', rpps, SYSTEMS.rpps);
  }

  private async pickRole(practitionerId: string, exercices: PscExercice[]): Promise<string | null> {
    const ids = await store.findByToken(
      this.db,
      'PractitionerRole',
      'practitioner',
      practitionerId,
    );
    if (ids.length <= 1) return ids[0] ?? null;
    const finess = finessOfActivities(exercices);
    const rows = await rolesByIds(this.db, ids);
    return (rows.find((r) => r.finess && finess.has(r.finess)) ?? rows[0])?.id ?? null;
  }

  /** Creates Practitioner + PractitionerRole for a professional known only from PSC claims. */
  private async provision(
    rpps: string,
    claims: Record<string, unknown>,
    exercices: PscExercice[],
  ): Promise<string> {
    const ex = exercices[0] ?? {};
    const practitionerId = `rpps-${rpps}`;
    const roleId = `rpps-${rpps}-role`;
    const given = claimedName(claims.given_name) ?? claimedName(ex.prenomDexercice);
    const family = claimedName(claims.family_name) ?? claimedName(ex.nomDexercice);
    const now = this.now();
    const practitioner: Resource = {
      resourceType: 'Practitioner',
      id: practitionerId,
      identifier: [
        { system: SYSTEMS.rpps, value: rpps },
        { system: SYSTEMS.idnps, value: `8${rpps}` },
      ],
      active: true,
      name: [
        { use: 'official', ...(family ? { family } : {}), ...(given ? { given: [given] } : {}) },
      ],
    };
    const role: Resource = {
      resourceType: 'PractitionerRole',
      id: roleId,
      active: true,
      practitioner: { reference: `Practitioner/${practitionerId}` },
      ...(str(ex.codeProfession)
        ? { code: [{ coding: [{ system: SYSTEMS.profession, code: ex.codeProfession }] }] }
        : {}),
      ...(str(ex.codeSavoirFaire)
        ? { specialty: [{ coding: [{ system: SYSTEMS.specialty, code: ex.codeSavoirFaire }] }] }
        : {}),
    };
    try {
      await this.db.transaction(async (tx) => {
        if ((await store.lock(tx, 'Practitioner', practitionerId)) === null) {
          await store.write(tx, practitioner, null, { now });
        }
        if ((await store.lock(tx, 'PractitionerRole', roleId)) === null) {
          await store.write(tx, role, null, { now });
        }
      });
    } catch (err) {
      // A concurrent first request of the same professional provisioned them: fine.
      if (sqlState(err) !== '23505') throw err;
    }
    return roleId;
  }
}
