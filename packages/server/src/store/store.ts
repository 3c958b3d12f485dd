import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/types.js';
import type { Resource } from '../fhir/types.js';

/** A stored version of a resource, its JSON kept as text (sent to clients without re-serialising). */
export interface StoredResource {
  type: string;
  id: string;
  versionId: number;
  /** ISO instant of this version (= meta.lastUpdated). */
  lastUpdated: string;
  patientId: string | null;
  /** The resource JSON, including meta.versionId and meta.lastUpdated. */
  json: string;
  /** The interaction that produced this version, when recorded. */
  request?: { method: string; url: string } | null;
}

/** A resource of a care-circle answer: its current version's JSON, as stored. */
export interface IncludedResource {
  type: string;
  id: string;
  versionId: number;
  json: string;
}

/** A reference followed by an `_include`, and the version it pointed at (null: no such resource). */
export interface VersionRef {
  type: string;
  id: string;
  versionId: number | null;
}

/**
 * What a care-circle answer depended on: the page of CareTeams (`id/version`, in order) and every
 * reference its includes followed, with the version found.
 */
export interface CareCircleDependencies {
  matches: string[];
  refs: VersionRef[];
  /** The same as PostgreSQL array literals, made once. */
  literals: { matches: string; types: string; ids: string; versions: string };
}

/** Search-index columns of a resource's current version. */
export interface IndexValues {
  patientId: string | null;
  status: string | null;
  sortDate: string | null;
  tokens: Array<{ param: string; system: string; value: string }>;
}

/** What a write needs besides the resource itself. */
export interface WriteOptions {
  /** The instant of the write (meta.lastUpdated); defaults to now. */
  now?: Date;
  /** Overrides the patient the resource belongs to (e.g. a Binary or a document Bundle). */
  patientId?: string | null;
  /** The interaction that produced this version (shown in history Bundles). */
  request?: { method: string; url: string };
}

interface Row {
  id: string;
  type: string;
  version_id: number;
  last_updated: Date | string;
  patient_id: string | null;
  json: string;
  request_method?: string | null;
  request_url?: string | null;
}

function iso(d: Date | string): string {
  return typeof d === 'string' ? new Date(d).toISOString() : d.toISOString();
}

function toStored(r: Row): StoredResource {
  return {
    type: r.type,
    id: r.id,
    versionId: r.version_id,
    lastUpdated: iso(r.last_updated),
    patientId: r.patient_id,
    json: r.json,
    request:
      r.request_method && r.request_url ? { method: r.request_method, url: r.request_url } : null,
  };
}

/** `Patient/abc` (or an absolute URL ending so) → `abc` when the type matches. */
export function refId(reference: string | undefined, type: string): string | null {
  if (!reference) return null;
  const parts = reference.split('/');
  const n = parts.length;
  if (n >= 2 && parts[n - 2] === type) return parts[n - 1] || null;
  // versioned reference: Type/id/_history/n
  if (n >= 4 && parts[n - 2] === '_history' && parts[n - 4] === type) return parts[n - 3] || null;
  return null;
}

/** Types a care-circle participant (or subject) reference may name. */
export const PARTICIPANT_TYPES = [
  'PractitionerRole',
  'Practitioner',
  'Organization',
  'RelatedPerson',
  'Patient',
] as const;

/** A strict relative reference `Type/id`, for the allowed participant types (and nothing else). */
export const STRICT_REF =
  /^(PractitionerRole|Practitioner|Organization|RelatedPerson|Patient)\/([A-Za-z0-9\-.]{1,64})$/;

/** The same, for PostgreSQL's `~` (POSIX regular expression). */
const STRICT_REF_SQL = `'^(PractitionerRole|Practitioner|Organization|RelatedPerson|Patient)/[A-Za-z0-9.-]{1,64}$'`;

/**
 * Parses a participant reference strictly: exactly `Type/id`, `Type` one of
 * {@link PARTICIPANT_TYPES}, `id` a FHIR id. Anything else (absolute URLs, more segments, other
 * types) → null.
 */
export function strictRef(reference: unknown): { type: string; id: string } | null {
  if (typeof reference !== 'string') return null;
  const m = STRICT_REF.exec(reference);
  return m ? { type: m[1] as string, id: m[2] as string } : null;
}

function refOf(value: unknown): string | undefined {
  if (value && typeof value === 'object' && 'reference' in value) {
    const r = (value as { reference?: unknown }).reference;
    return typeof r === 'string' ? r : undefined;
  }
  return undefined;
}

function identifierTokens(r: Resource): IndexValues['tokens'] {
  const ids = Array.isArray(r.identifier) ? (r.identifier as Array<Record<string, unknown>>) : [];
  return ids
    .filter((i) => typeof i.value === 'string')
    .map((i) => ({
      param: 'identifier',
      system: typeof i.system === 'string' ? i.system : '',
      value: i.value as string,
    }));
}

/** Computes the search-index values of a resource. */
export function indexValues(r: Resource): IndexValues {
  const out: IndexValues = { patientId: null, status: null, sortDate: null, tokens: [] };
  switch (r.resourceType) {
    case 'Patient':
      out.patientId = r.id ?? null;
      out.tokens = identifierTokens(r);
      break;
    case 'Practitioner':
    case 'Organization':
      out.tokens = identifierTokens(r);
      break;
    case 'PractitionerRole': {
      out.tokens = identifierTokens(r);
      const p = refId(refOf(r.practitioner), 'Practitioner');
      if (p) out.tokens.push({ param: 'practitioner', system: '', value: p });
      break;
    }
    case 'CareTeam':
      out.patientId = refId(refOf(r.subject), 'Patient');
      out.status = typeof r.status === 'string' ? r.status : null;
      break;
    case 'RelatedPerson':
      out.patientId = refId(refOf(r.patient), 'Patient');
      break;
    case 'Consent':
      out.patientId = refId(refOf(r.patient), 'Patient');
      out.status = typeof r.status === 'string' ? r.status : null;
      out.sortDate = typeof r.dateTime === 'string' ? r.dateTime : null;
      break;
    case 'DocumentReference': {
      out.patientId = refId(refOf(r.subject), 'Patient');
      out.status = typeof r.status === 'string' ? r.status : null;
      out.sortDate = typeof r.date === 'string' ? r.date : null;
      const codings = (r.type as { coding?: Array<{ system?: string; code?: string }> } | undefined)
        ?.coding;
      for (const c of codings ?? []) {
        if (c.code) out.tokens.push({ param: 'type', system: c.system ?? '', value: c.code });
      }
      break;
    }
    case 'Binary':
      out.patientId = refId(refOf(r.securityContext), 'Patient');
      break;
    case 'AuditEvent': {
      out.sortDate = typeof r.recorded === 'string' ? r.recorded : null;
      const entities = Array.isArray(r.entity) ? (r.entity as Array<{ what?: unknown }>) : [];
      for (const e of entities) {
        const p = refId(refOf(e.what), 'Patient');
        if (p) {
          out.patientId = p;
          break;
        }
      }
      break;
    }
    default:
      break;
  }
  return out;
}

const SELECT_CURRENT = `SELECT v.type, v.id, v.version_id, v.last_updated, v.patient_id, v.content::text AS json
  FROM resource_head h
  JOIN resource_version v ON v.type = h.type AND v.id = h.id AND v.version_id = h.version_id`;

/** A version replaced by a write was no longer the current one: nothing was written. */
export class ConcurrentUpdateError extends Error {
  constructor() {
    super('Concurrent update detected: the version replaced is no longer current');
    this.name = 'ConcurrentUpdateError';
  }
}

/** Names of prepared statements whose text is assembled at run time, by text. */
const statementNames = new Map<string, string>();

/** A stable prepared-statement name for `sql` (`prefix_1`, `prefix_2`… one per distinct text). */
function statementName(prefix: string, sql: string): string {
  let name = statementNames.get(sql);
  if (!name) {
    name = `${prefix}_${statementNames.size + 1}`;
    statementNames.set(sql, name);
  }
  return name;
}

/** Access check of the care-circle read statements (`$1` patient, `$2` PractitionerRole, `$3` now). */
const ACCESS_SQL = `SELECT EXISTS (SELECT 1 FROM resource_head WHERE type = 'Patient' AND id = $1) AS known,
         EXISTS (SELECT 1 FROM care_team_participation
                  WHERE patient_id = $1 AND member_type = 'PractitionerRole' AND member_id = $2
                    AND period_end IS NULL) AS member,
         EXISTS (SELECT 1 FROM break_glass_grant
                  WHERE patient_id = $1 AND practitioner_role_id = $2
                    AND expires > $3::timestamptz) AS btg`;

/** The outcome of {@link ACCESS_SQL} as a word. */
const ACCESS_WORD = `CASE WHEN NOT known THEN 'missing' WHEN member THEN 'member'
                   WHEN btg THEN 'break-glass' ELSE 'denied' END`;

/** Access of a caller to a patient's care circle, as the read statements find it. */
export type CareCircleAccess = 'member' | 'break-glass' | 'denied' | 'missing';

/** Parameters of the care-circle read statements. */
export interface CareCircleQuery {
  patientId: string;
  roleId: string;
  /** ISO instant (break-the-glass grants must expire after it). */
  now: string;
  status?: string;
  count: number;
  offset: number;
  /** `_include=CareTeam:participant`, `CareTeam:subject`, `_include:iterate=PractitionerRole:…`. */
  participant: boolean;
  subject: boolean;
  practitioner: boolean;
  organization: boolean;
}

/** What {@link store.careTeamsWithIncludes} read. */
export interface CareCircleRead {
  access: CareCircleAccess;
  total: number;
  matches: IncludedResource[];
  included: IncludedResource[];
  refs: VersionRef[];
}

/** The number of CareTeams matching (a count only when the page is full or not the first). */
async function careTeamTotal(
  q: Queryable,
  p: CareCircleQuery,
  access: CareCircleAccess,
  onPage: number,
): Promise<number> {
  if (!(access === 'member' || access === 'break-glass')) return 0;
  if (p.offset === 0 && onPage < p.count) return onPage;
  const n = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM resource_head
      WHERE type = 'CareTeam' AND patient_id = $1 AND ($2::text IS NULL OR status = $2::text)`,
    [p.patientId, p.status ?? null],
    'store_careteam_count',
  );
  return n.rows[0]?.n ?? 0;
}

/** A PostgreSQL array literal (`{"a","b",NULL}`), for passing a prepared array as one text. */
export function pgArrayLiteral(values: ReadonlyArray<string | number | null>): string {
  const items = values.map((v) =>
    v === null
      ? 'NULL'
      : typeof v === 'number'
        ? String(v)
        : `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`,
  );
  return `{${items.join(',')}}`;
}

/**
 * Versioned resource storage on top of {@link Queryable}: every write inserts a new row in
 * `resource_version` and moves the `resource_head` pointer; nothing is updated in place or deleted.
 * All functions take the transaction (or database) to run on, so callers compose them into one
 * transaction per operation.
 */
export const store = {
  /** Current version of a resource, or null. */
  async read(q: Queryable, type: string, id: string): Promise<StoredResource | null> {
    const res = await q.query<Row>(
      `${SELECT_CURRENT} WHERE h.type = $1 AND h.id = $2`,
      [type, id],
      'store_read',
    );
    const row = res.rows[0];
    return row ? toStored(row) : null;
  },

  /** One version of a resource, or null. */
  async vread(
    q: Queryable,
    type: string,
    id: string,
    versionId: number,
  ): Promise<StoredResource | null> {
    const res = await q.query<Row>(
      `SELECT type, id, version_id, last_updated, patient_id, content::text AS json
         FROM resource_version WHERE type = $1 AND id = $2 AND version_id = $3`,
      [type, id, versionId],
      'store_vread',
    );
    const row = res.rows[0];
    return row ? toStored(row) : null;
  },

  /** Versions of a resource, newest first, with paging. */
  async history(
    q: Queryable,
    type: string,
    id: string,
    count: number,
    offset: number,
  ): Promise<{ total: number; versions: StoredResource[] }> {
    const res = await q.query<Row>(
      `SELECT type, id, version_id, last_updated, patient_id, request_method, request_url,
              content::text AS json
         FROM resource_version WHERE type = $1 AND id = $2
        ORDER BY version_id DESC LIMIT $3 OFFSET $4`,
      [type, id, count, offset],
      'store_history',
    );
    const total = await q.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM resource_version WHERE type = $1 AND id = $2',
      [type, id],
      'store_history_count',
    );
    return { total: total.rows[0]?.n ?? 0, versions: res.rows.map(toStored) };
  },

  /** Current versions of several resources of one type (missing ids are skipped). */
  async readMany(q: Queryable, type: string, ids: readonly string[]): Promise<StoredResource[]> {
    if (ids.length === 0) return [];
    const res = await q.query<Row>(
      `${SELECT_CURRENT} WHERE h.type = $1 AND h.id = ANY($2::text[]) ORDER BY h.id`,
      [type, ids],
      'store_read_many',
    );
    return res.rows.map(toStored);
  },

  /** Current versions of resources given as (type, id) pairs. */
  async readRefs(
    q: Queryable,
    refs: ReadonlyArray<{ type: string; id: string }>,
  ): Promise<StoredResource[]> {
    if (refs.length === 0) return [];
    const res = await q.query<Row>(
      `${SELECT_CURRENT} JOIN unnest($1::text[], $2::text[]) AS k(type, id)
          ON h.type = k.type AND h.id = k.id ORDER BY h.type, h.id`,
      [refs.map((r) => r.type), refs.map((r) => r.id)],
      'store_read_refs',
    );
    return res.rows.map(toStored);
  },

  /**
   * Locks the head row of a resource until the end of the transaction (`SELECT … FOR UPDATE`) and
   * returns its current version number, or null when it does not exist.
   */
  async lock(q: Queryable, type: string, id: string): Promise<number | null> {
    const res = await q.query<{ version_id: number }>(
      'SELECT version_id FROM resource_head WHERE type = $1 AND id = $2 FOR UPDATE',
      [type, id],
      'store_lock',
    );
    return res.rows[0]?.version_id ?? null;
  },

  /** Ids of resources of `type` whose token `param` matches (`system` optional). */
  async findByToken(
    q: Queryable,
    type: string,
    param: string,
    value: string,
    system?: string,
  ): Promise<string[]> {
    const res =
      system === undefined
        ? await q.query<{ id: string }>(
            'SELECT DISTINCT id FROM resource_token WHERE type = $1 AND param = $2 AND value = $3 ORDER BY id',
            [type, param, value],
            'store_token_any',
          )
        : await q.query<{ id: string }>(
            'SELECT id FROM resource_token WHERE type = $1 AND param = $2 AND value = $3 AND system = $4 ORDER BY id',
            [type, param, value, system],
            'store_token_sys',
          );
    return res.rows.map((r) => r.id);
  },

  /**
   * Writes a new version of `resource` (version 1 when it does not exist yet). The caller must hold
   * the lock on an existing resource ({@link store.lock}) when `expectedVersion` matters; `expected`
   * is the version the new one replaces (null = create).
   * @returns the stored version.
   */
  async write(
    q: Queryable,
    resource: Resource,
    expected: number | null,
    options: WriteOptions = {},
  ): Promise<StoredResource> {
    const type = resource.resourceType;
    const id = resource.id ?? randomUUID();
    const versionId = (expected ?? 0) + 1;
    const lastUpdated = (options.now ?? new Date()).toISOString();
    const { meta: oldMeta, ...rest } = resource;
    // resourceType, id, meta first (jsonb reorders keys anyway; this keeps the text stable).
    const content: Resource = {
      ...rest,
      resourceType: type,
      id,
      meta: { ...(oldMeta ?? {}), versionId: String(versionId), lastUpdated },
    };
    const idx = indexValues(content);
    const patientId = options.patientId !== undefined ? options.patientId : idx.patientId;
    const json = JSON.stringify(content);
    if (expected === null) {
      await q.query(
        `WITH v AS (
           INSERT INTO resource_version
             (type, id, version_id, last_updated, patient_id, content, request_method, request_url)
           VALUES ($1, $2, 1, $3::timestamptz, $4, $5::text::jsonb, $8, $9) RETURNING type, id)
         INSERT INTO resource_head (type, id, version_id, last_updated, patient_id, status, sort_date)
         SELECT type, id, 1, $3::timestamptz, $4, $6, $7::timestamptz FROM v`,
        [
          type,
          id,
          lastUpdated,
          patientId,
          json,
          idx.status,
          idx.sortDate,
          options.request?.method ?? null,
          options.request?.url ?? null,
        ],
        'store_create',
      );
    } else {
      const res = await q.query(
        `WITH v AS (
           INSERT INTO resource_version
             (type, id, version_id, last_updated, patient_id, content, request_method, request_url)
           VALUES ($1, $2, $3, $4::timestamptz, $5, $6::text::jsonb, $9, $10) RETURNING type, id)
         UPDATE resource_head h SET version_id = $3, last_updated = $4::timestamptz,
                patient_id = $5, status = $7, sort_date = $8::timestamptz
           FROM v WHERE h.type = v.type AND h.id = v.id AND h.version_id = $3 - 1`,
        [
          type,
          id,
          versionId,
          lastUpdated,
          patientId,
          json,
          idx.status,
          idx.sortDate,
          options.request?.method ?? null,
          options.request?.url ?? null,
        ],
        'store_update',
      );
      if (res.rowCount !== 1) {
        throw new Error(`Concurrent update of ${type}/${id} (expected version ${expected})`);
      }
      if (idx.tokens.length > 0 || TOKEN_TYPES.has(type)) {
        await q.query('DELETE FROM resource_token WHERE type = $1 AND id = $2', [type, id]);
      }
    }
    if (idx.tokens.length > 0) {
      await q.query(
        `INSERT INTO resource_token (type, id, param, system, value)
         SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::text[])
         ON CONFLICT DO NOTHING`,
        [
          type,
          id,
          idx.tokens.map((t) => t.param),
          idx.tokens.map((t) => t.system),
          idx.tokens.map((t) => t.value),
        ],
        'store_tokens',
      );
    }
    return { type, id, versionId, lastUpdated, patientId, json, request: options.request ?? null };
  },

  /**
   * The care-circle read (`CareTeam?patient=…&_include…`), in ONE read-only statement: checks the
   * caller's access to the patient (active participation or unexpired break-the-glass grant) and —
   * only when access is granted — returns the patient's CareTeams with their `_include`s
   * (participants' members and subject, then the PractitionerRoles' practitioners and organisations),
   * all from one snapshot. The caller records the AuditEvent matching `access` (see `AuditWriter`)
   * before answering.
   * @returns `refs`: every (type, id) the includes followed, with the version found (null: none) —
   * what the answer depends on besides the CareTeams (see {@link store.careCircleCheck}).
   */
  async careTeamsWithIncludes(q: Queryable, p: CareCircleQuery): Promise<CareCircleRead> {
    const res = await q.query<{
      k: number;
      type: string | null;
      id: string | null;
      version_id: number | null;
      json: string | null;
    }>(
      `WITH acc AS (${ACCESS_SQL}),
       ct AS (
         SELECT v.type, v.id, v.version_id, v.content,
                row_number() OVER (ORDER BY h.last_updated DESC, h.id) AS ord
           FROM resource_head h
           JOIN resource_version v ON v.type = h.type AND v.id = h.id AND v.version_id = h.version_id
          WHERE h.type = 'CareTeam' AND h.patient_id = $1 AND ($4::text IS NULL OR h.status = $4::text)
            AND (SELECT member OR btg FROM acc)
          ORDER BY h.last_updated DESC, h.id LIMIT $5 OFFSET $6),
       r1 AS (
         SELECT split_part(m.ref, '/', 1) AS type, split_part(m.ref, '/', 2) AS id
           FROM (SELECT p->'member'->>'reference' AS ref
                   FROM ct, jsonb_array_elements(COALESCE(ct.content->'participant', '[]'::jsonb)) p
                  WHERE $7::boolean
                 UNION
                 SELECT ct.content->'subject'->>'reference' FROM ct WHERE $8::boolean) m
          WHERE m.ref ~ ${STRICT_REF_SQL}),
       i1 AS (
         SELECT x.type, x.id, x.version_id, x.content
           FROM r1 CROSS JOIN LATERAL (
             SELECT v.type, v.id, v.version_id, v.content
               FROM resource_head h
               JOIN resource_version v ON v.type = h.type AND v.id = h.id AND v.version_id = h.version_id
              WHERE h.type = r1.type AND h.id = r1.id
                AND (h.patient_id IS NULL OR h.patient_id = $1)
              LIMIT 1) x),
       r2 AS (
         SELECT split_part(m.ref, '/', 1) AS type, split_part(m.ref, '/', 2) AS id
           FROM (SELECT content->'practitioner'->>'reference' AS ref
                   FROM i1 WHERE type = 'PractitionerRole' AND $9::boolean
                 UNION
                 SELECT content->'organization'->>'reference'
                   FROM i1 WHERE type = 'PractitionerRole' AND $10::boolean) m
          WHERE m.ref ~ '^(Practitioner|Organization)/[A-Za-z0-9.-]{1,64}$'),
       i2 AS (
         SELECT x.type, x.id, x.version_id, x.content
           FROM r2 CROSS JOIN LATERAL (
             SELECT v.type, v.id, v.version_id, v.content
               FROM resource_head h
               JOIN resource_version v ON v.type = h.type AND v.id = h.id AND v.version_id = h.version_id
              WHERE h.type = r2.type AND h.id = r2.id
                AND (h.patient_id IS NULL OR h.patient_id = $1)
              LIMIT 1) x
          WHERE NOT EXISTS (SELECT 1 FROM i1 WHERE i1.type = r2.type AND i1.id = r2.id)),
       refs AS (
         SELECT r.type, r.id,
                (SELECT h.version_id FROM resource_head h WHERE h.type = r.type AND h.id = r.id) AS version_id
           FROM (SELECT type, id FROM r1 UNION SELECT type, id FROM r2) r)
       SELECT -1 AS k, 0::bigint AS ord, NULL::text AS type, NULL::text AS id, NULL::int AS version_id,
              ${ACCESS_WORD} AS json
         FROM acc
       UNION ALL
       SELECT 0, ord, type, id, version_id, content::text FROM ct
       UNION ALL
       SELECT 1, 0, type, id, version_id, content::text FROM i1
       UNION ALL
       SELECT 2, 0, type, id, version_id, content::text FROM i2
       UNION ALL
       SELECT 3, 0, type, id, version_id, NULL FROM refs
       ORDER BY 1, 2, 3, 4`,
      [
        p.patientId,
        p.roleId,
        p.now,
        p.status ?? null,
        p.count,
        p.offset,
        p.participant,
        p.subject,
        p.practitioner,
        p.organization,
      ],
      'store_careteam_includes',
    );
    const access = (res.rows[0]?.json ?? 'missing') as CareCircleAccess;
    const matches: IncludedResource[] = [];
    const included: IncludedResource[] = [];
    const refs: VersionRef[] = [];
    for (const r of res.rows) {
      if (r.k < 0 || r.type === null || r.id === null) continue;
      if (r.k === 3) refs.push({ type: r.type, id: r.id, versionId: r.version_id });
      else if (r.version_id !== null && r.json !== null) {
        const row = { type: r.type, id: r.id, versionId: r.version_id, json: r.json };
        (r.k === 0 ? matches : included).push(row);
      }
    }
    const total = await careTeamTotal(q, p, access, matches.length);
    return { access, total, matches, included, refs };
  },

  /**
   * The care-circle read when an earlier answer is at hand: ONE read-only statement that checks the
   * caller's access (as {@link store.careTeamsWithIncludes}) and whether that answer still holds —
   * the page of CareTeams is the same list at the same versions, and every reference the includes
   * followed still points at the same version (or still at nothing). Stored versions are immutable,
   * so when it holds the earlier resources are exactly what a read would return now.
   */
  async careCircleCheck(
    q: Queryable,
    p: CareCircleQuery,
    expect: CareCircleDependencies,
  ): Promise<{ access: CareCircleAccess; hit: boolean; total: number }> {
    const res = await q.query<{ access: CareCircleAccess; hit: boolean | null; n: number }>(
      `WITH acc AS (${ACCESS_SQL}),
       cth AS (
         SELECT h.id, h.version_id, row_number() OVER (ORDER BY h.last_updated DESC, h.id) AS ord
           FROM resource_head h
          WHERE h.type = 'CareTeam' AND h.patient_id = $1 AND ($4::text IS NULL OR h.status = $4::text)
            AND (SELECT member OR btg FROM acc)
          ORDER BY h.last_updated DESC, h.id LIMIT $5 OFFSET $6)
       SELECT ${ACCESS_WORD} AS access,
              (SELECT COALESCE(array_agg(id || '/' || version_id ORDER BY ord), '{}') FROM cth) = $7::text[]
              AND NOT EXISTS (
                SELECT 1 FROM unnest($8::text[], $9::text[], $10::int[]) AS k(type, id, version_id)
                 WHERE (SELECT h.version_id FROM resource_head h WHERE h.type = k.type AND h.id = k.id)
                       IS DISTINCT FROM k.version_id) AS hit,
              (SELECT count(*) FROM cth)::int AS n
         FROM acc`,
      [
        p.patientId,
        p.roleId,
        p.now,
        p.status ?? null,
        p.count,
        p.offset,
        expect.literals.matches,
        expect.literals.types,
        expect.literals.ids,
        expect.literals.versions,
      ],
      'store_careteam_check',
    );
    const row = res.rows[0];
    const access = row?.access ?? 'missing';
    const hit = row?.hit === true && (access === 'member' || access === 'break-glass');
    const total = hit ? await careTeamTotal(q, p, access, row?.n ?? 0) : 0;
    return { access, hit, total };
  },

  /**
   * Appends AuditEvents (version 1, head row for `AuditEvent?patient=` searches) in ONE statement.
   * @param items - the AuditEvent JSON as stored (id and meta set), its patient and `recorded`.
   */
  async appendAuditEvents(
    q: Queryable,
    items: ReadonlyArray<{ id: string; patientId: string | null; recorded: string; json: string }>,
  ): Promise<void> {
    if (items.length === 0) return;
    // One JSON array parameter, the stored texts spliced in (no per-element array escaping).
    const rows = items.map(
      (i) =>
        `{"id":${JSON.stringify(i.id)},"patient_id":${JSON.stringify(i.patientId)},"recorded":${JSON.stringify(i.recorded)},"content":${i.json}}`,
    );
    await q.query(
      `WITH x AS (
         SELECT * FROM jsonb_to_recordset($1::text::jsonb)
           AS x(id text, patient_id text, recorded timestamptz, content jsonb)),
       v AS (
         INSERT INTO resource_version (type, id, version_id, last_updated, patient_id, content)
         SELECT 'AuditEvent', id, 1, recorded, patient_id, content FROM x)
       INSERT INTO resource_head (type, id, version_id, last_updated, patient_id, sort_date)
       SELECT 'AuditEvent', id, 1, recorded, patient_id, recorded FROM x`,
      [`[${rows.join(',')}]`],
      'store_append_audit',
    );
  },

  /**
   * Writes several resources in ONE statement (new versions, head pointers), e.g. a declaration's
   * CareTeam version, Consent and AuditEvent. Resources of types with a token index are refused
   * (use {@link store.write}). Each `expected` is the version replaced (null = create); the caller
   * holds the locks — or does not, and then a version that moved meanwhile makes the whole statement
   * write nothing and throw {@link ConcurrentUpdateError} (the head updates run first; every insert
   * is conditional on all of them). With `lock`, the statement first locks that head row
   * (`FOR UPDATE`, e.g. the patient's, as the callers' transactions do), so that it never writes
   * while such a transaction holds it. An optional extra statement (`extra.sql`, a data-modifying CTE
   * body using parameters from `$1` of its own `extra.params`) runs in the same statement; it must
   * be conditional on `(SELECT ok FROM ok)` as well.
   */
  async writeBatch(
    q: Queryable,
    items: ReadonlyArray<{ resource: Resource; expected: number | null; options?: WriteOptions }>,
    now: Date,
    extra?: { sql: string; params: unknown[] },
    lock?: { type: string; id: string },
  ): Promise<StoredResource[]> {
    const lastUpdated = now.toISOString();
    const rows = items.map(({ resource, expected, options = {} }) => {
      if (TOKEN_TYPES.has(resource.resourceType)) {
        throw new Error(`writeBatch cannot index ${resource.resourceType}`);
      }
      const id = resource.id ?? randomUUID();
      const versionId = (expected ?? 0) + 1;
      const { meta: oldMeta, ...rest } = resource;
      const content: Resource = {
        ...rest,
        resourceType: resource.resourceType,
        id,
        meta: { ...(oldMeta ?? {}), versionId: String(versionId), lastUpdated },
      };
      const idx = indexValues(content);
      const patientId = options.patientId !== undefined ? options.patientId : idx.patientId;
      return {
        type: resource.resourceType,
        id,
        versionId,
        patientId,
        idx,
        json: JSON.stringify(content),
        request: options.request ?? null,
      };
    });
    // Creates come from one JSON parameter (the stored texts spliced in: no per-element array
    // escaping). Each update of a head row is its own CTE with scalar parameters, so that the prepared
    // statement's generic plan probes the primary key (a join with the JSON rows, whose count the
    // planner cannot know, may turn into a hash join over every head row).
    const params: unknown[] = [null, lastUpdated];
    const push = (v: unknown) => `$${params.push(v)}`;
    // The lock (`FOR UPDATE` of a head row, e.g. the patient's) is taken before the updates run.
    const locked = lock
      ? `lk AS (SELECT 1 FROM resource_head WHERE type = ${push(lock.type)}::text AND id = ${push(lock.id)}::text FOR UPDATE),`
      : '';
    const lockTaken = lock ? `AND (SELECT count(*) FROM lk) = 1` : '';
    const updates = rows
      .filter((r) => r.versionId > 1)
      .map(
        (r, i) => `u${i} AS (
         UPDATE resource_head SET version_id = ${push(r.versionId)}::int, last_updated = $2::timestamptz,
                patient_id = ${push(r.patientId)}::text, status = ${push(r.idx.status)}::text,
                sort_date = ${push(r.idx.sortDate)}::timestamptz
          WHERE type = ${push(r.type)}::text AND id = ${push(r.id)}::text
            AND version_id = ${push(r.versionId - 1)}::int ${lockTaken}
         RETURNING 1)`,
      );
    const extraSql = extra
      ? extra.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + params.length}`)
      : '';
    params.push(...(extra?.params ?? []));
    const sql = `WITH x AS (
         SELECT * FROM jsonb_to_recordset($1::text::jsonb)
           AS x(type text, id text, version_id int, patient_id text, content jsonb, status text,
                sort_date timestamptz, request_method text, request_url text)),
       ${locked}
       ${updates.map((u) => `${u},`).join('\n')}
       ok AS (
         SELECT ${updates.length ? updates.map((_, i) => `(SELECT count(*)::int FROM u${i})`).join(' + ') : '0'} = ${updates.length}
                ${lockTaken} AS ok),
       v AS (
         INSERT INTO resource_version (type, id, version_id, last_updated, patient_id, content, request_method, request_url)
         SELECT type, id, version_id, $2::timestamptz, patient_id, content, request_method, request_url FROM x
          WHERE (SELECT ok FROM ok)
         RETURNING 1),
       created AS (
         INSERT INTO resource_head (type, id, version_id, last_updated, patient_id, status, sort_date)
         SELECT type, id, 1, $2::timestamptz, patient_id, status, sort_date FROM x
          WHERE version_id = 1 AND (SELECT ok FROM ok)
         RETURNING 1)
       ${extra ? `, extra AS (${extraSql})` : ''}
       SELECT (SELECT ok FROM ok) AS ok`;
    params[0] =
      '[' +
      rows
        .map(
          (r) =>
            `{"type":${JSON.stringify(r.type)},"id":${JSON.stringify(r.id)},"version_id":${r.versionId},` +
            `"patient_id":${JSON.stringify(r.patientId)},"content":${r.json},` +
            `"status":${JSON.stringify(r.idx.status)},"sort_date":${JSON.stringify(r.idx.sortDate)},` +
            `"request_method":${JSON.stringify(r.request?.method ?? null)},` +
            `"request_url":${JSON.stringify(r.request?.url ?? null)}}`,
        )
        .join(',') +
      ']';
    const res = await q.query<{ ok: boolean }>(
      sql,
      params,
      statementName('store_write_batch', sql),
    );
    if (res.rows[0]?.ok !== true) throw new ConcurrentUpdateError();
    return rows.map((r) => ({
      type: r.type,
      id: r.id,
      versionId: r.versionId,
      lastUpdated,
      patientId: r.patientId,
      json: r.json,
      request: r.request,
    }));
  },

  /**
   * Creates many resources (version 1) in three statements; resources whose (type, id) already exists
   * are skipped. Used by the seed.
   * @returns the number of resources created.
   */
  async bulkCreate(
    q: Queryable,
    items: ReadonlyArray<{ resource: Resource; patientId?: string | null }>,
    now: Date,
  ): Promise<number> {
    if (items.length === 0) return 0;
    const lastUpdated = now.toISOString();
    const rows = items.map(({ resource, patientId }) => {
      const { meta, ...rest } = resource;
      const id = resource.id ?? randomUUID();
      const content: Resource = {
        ...rest,
        resourceType: resource.resourceType,
        id,
        meta: { ...(meta ?? {}), versionId: '1', lastUpdated },
      };
      const idx = indexValues(content);
      return { id, content, idx, patientId: patientId !== undefined ? patientId : idx.patientId };
    });
    const existing = await q.query<{ type: string; id: string }>(
      `SELECT h.type, h.id FROM resource_head h
         JOIN unnest($1::text[], $2::text[]) AS k(type, id) ON h.type = k.type AND h.id = k.id`,
      [rows.map((r) => r.content.resourceType), rows.map((r) => r.id)],
    );
    const skip = new Set(existing.rows.map((r) => `${r.type}/${r.id}`));
    const fresh = rows.filter((r) => !skip.has(`${r.content.resourceType}/${r.content.id}`));
    if (fresh.length === 0) return 0;
    const col = <T>(f: (r: (typeof fresh)[number]) => T) => fresh.map(f);
    await q.query(
      `INSERT INTO resource_version (type, id, version_id, last_updated, patient_id, content, request_method, request_url)
       SELECT t, i, 1, $3::timestamptz, p, c::jsonb, 'POST', t
         FROM unnest($1::text[], $2::text[], $4::text[], $5::text[]) AS x(t, i, p, c)`,
      [
        col((r) => r.content.resourceType),
        col((r) => r.id),
        lastUpdated,
        col((r) => r.patientId),
        col((r) => JSON.stringify(r.content)),
      ],
    );
    await q.query(
      `INSERT INTO resource_head (type, id, version_id, last_updated, patient_id, status, sort_date)
       SELECT t, i, 1, $3::timestamptz, p, s, d::timestamptz
         FROM unnest($1::text[], $2::text[], $4::text[], $5::text[], $6::text[]) AS x(t, i, p, s, d)`,
      [
        col((r) => r.content.resourceType),
        col((r) => r.id),
        lastUpdated,
        col((r) => r.patientId),
        col((r) => r.idx.status),
        col((r) => r.idx.sortDate),
      ],
    );
    const tokens = fresh.flatMap((r) =>
      r.idx.tokens.map((t) => ({ type: r.content.resourceType, id: r.id, ...t })),
    );
    if (tokens.length) {
      await q.query(
        `INSERT INTO resource_token (type, id, param, system, value)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
         ON CONFLICT DO NOTHING`,
        [
          tokens.map((t) => t.type),
          tokens.map((t) => t.id),
          tokens.map((t) => t.param),
          tokens.map((t) => t.system),
          tokens.map((t) => t.value),
        ],
      );
    }
    return fresh.length;
  },

  /**
   * Search on the head table by patient (and optional status / token / date bounds), sorted by
   * sort_date (descending by default). Returns one page and the total.
   */
  async searchByPatient(
    q: Queryable,
    params: {
      type: string;
      patientId: string;
      status?: string;
      token?: { param: string; value: string; system?: string };
      dateGe?: string;
      dateLe?: string;
      dateGt?: string;
      dateLt?: string;
      ascending?: boolean;
      count: number;
      offset: number;
    },
  ): Promise<{ total: number; page: StoredResource[] }> {
    const where = ['h.type = $1', 'h.patient_id = $2'];
    const values: unknown[] = [params.type, params.patientId];
    const add = (clause: (n: number) => string, value: unknown) => {
      values.push(value);
      where.push(clause(values.length));
    };
    if (params.status !== undefined) add((n) => `h.status = $${n}`, params.status);
    if (params.dateGe) add((n) => `h.sort_date >= $${n}::timestamptz`, params.dateGe);
    if (params.dateGt) add((n) => `h.sort_date > $${n}::timestamptz`, params.dateGt);
    if (params.dateLe) add((n) => `h.sort_date <= $${n}::timestamptz`, params.dateLe);
    if (params.dateLt) add((n) => `h.sort_date < $${n}::timestamptz`, params.dateLt);
    if (params.token) {
      const t = params.token;
      values.push(t.param, t.value);
      let clause = `EXISTS (SELECT 1 FROM resource_token t WHERE t.type = h.type AND t.id = h.id
        AND t.param = $${values.length - 1} AND t.value = $${values.length}`;
      if (t.system !== undefined) {
        values.push(t.system);
        clause += ` AND t.system = $${values.length}`;
      }
      where.push(clause + ')');
    }
    const filter = where.join(' AND ');
    const order = params.ascending
      ? 'h.sort_date ASC NULLS FIRST, h.id'
      : 'h.sort_date DESC NULLS LAST, h.id';
    const total = await q.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM resource_head h WHERE ${filter}`,
      values,
    );
    const page = await q.query<Row>(
      `${SELECT_CURRENT} WHERE ${filter} ORDER BY ${order} LIMIT $${values.length + 1} OFFSET $${values.length + 2}`,
      [...values, params.count, params.offset],
    );
    return { total: total.rows[0]?.n ?? 0, page: page.rows.map(toStored) };
  },
};

/** Types whose token index must be refreshed on update even when the new version has no tokens. */
const TOKEN_TYPES = new Set([
  'Patient',
  'Practitioner',
  'Organization',
  'PractitionerRole',
  'DocumentReference',
]);
