import type { Db } from '../db/types.js';
import { isConnectionError, sqlState } from '../db/types.js';
import { pgArrayLiteral } from '../store/store.js';

/** A declaration or a withdrawal the database can make alone, in the usual case. */
export interface CareCircleChange {
  op: 'declare' | 'withdraw';
  patientId: string;
  /** The caller's PractitionerRole. */
  roleId: string;
  /** ISO instant of the change (meta.lastUpdated, period.start / period.end). */
  now: string;
  /** Declaration: the participant to append, without its id. */
  participant?: unknown;
  /** Declaration: the Consent as stored (id and meta set), its id, status and sort date. */
  consent?: { id: string; json: string; status: string | null; sortDate: string | null };
  /** The AuditEvent as stored; its entity[1] is set to the CareTeam by the database. */
  audit: { id: string; json: string };
  /** The history request URL of the new CareTeam version. */
  url: string;
}

/** The CareTeam version a change wrote. */
export interface CareCircleWritten {
  id: string;
  versionId: number;
  json: string;
}

interface Pending {
  change: CareCircleChange;
  resolve: (r: CareCircleWritten | null) => void;
  reject: (err: unknown) => void;
}

/** Is participant `e`'s member the item's PractitionerRole (as `refId` reads a reference)? */
const MEMBER_IS_CALLER = `(SELECT (n >= 2 AND a[n - 1] = 'PractitionerRole' AND a[n] = st.role)
                  OR (n >= 4 AND a[n - 1] = '_history' AND a[n - 3] = 'PractitionerRole' AND a[n - 2] = st.role)
             FROM (SELECT string_to_array(e->'member'->>'reference', '/') AS a) r,
                  LATERAL cardinality(r.a) AS n)`;

/**
 * The changes of a batch, each on a different patient, in ONE statement. For each: the patient row
 * is locked (`FOR UPDATE`, in the order of `$2`, sorted, as every care-circle transaction locks it
 * first), the active
 * CareTeam read, and — only if the change applies (declaring: not an active participant;
 * withdrawing: an active one) and the CareTeam is still at the version read (a concurrent change
 * makes the head update match nothing) — the next version is written, the participant appended or
 * ended by the database (the CareTeam's JSON never travels to the server and back), with the Consent
 * (declaration), the AuditEvent and the participation row. A change that does not apply writes
 * nothing at all; the others are not affected by it. Every lookup is an index probe per change —
 * lateral subqueries the planner may not flatten (`FOR UPDATE`, `OFFSET 0`), arrays for the
 * updates — so that the generic plan, made once per connection perhaps on stale statistics (a
 * fresh database), never scans a table or an index whole, whatever the batch size.
 */
const BATCH_SQL = `WITH x AS (
         SELECT * FROM jsonb_to_recordset($1::text::jsonb) AS x(
           i int, op text, patient text, role text, now text, participant jsonb, consent jsonb,
           consent_id text, consent_status text, consent_date text, audit jsonb, audit_id text, url text)),
       lk AS (
         SELECT h.id FROM unnest($2::text[]) WITH ORDINALITY AS k(id, n)
           CROSS JOIN LATERAL (
             SELECT id FROM resource_head WHERE type = 'Patient' AND id = k.id FOR UPDATE) h
          ORDER BY k.n),
       st AS (
         SELECT x.*, c.id AS ct_id, c.version_id, c.content, c.active
           FROM x
           CROSS JOIN LATERAL (
             SELECT h.id, h.version_id, v.content,
                    EXISTS (SELECT 1 FROM care_team_participation p
                             WHERE p.care_team_id = h.id AND p.member_type = 'PractitionerRole'
                               AND p.member_id = x.role AND p.period_end IS NULL) AS active
               FROM resource_head h
               JOIN resource_version v ON v.type = h.type AND v.id = h.id AND v.version_id = h.version_id
              WHERE h.type = 'CareTeam' AND h.patient_id = x.patient AND h.status = 'active'
                AND EXISTS (SELECT 1 FROM lk WHERE lk.id = x.patient)
             OFFSET 0) c
          WHERE (x.op = 'declare' AND NOT c.active) OR (x.op = 'withdraw' AND c.active)),
       u AS (
         UPDATE resource_head h SET version_id = st.version_id + 1, last_updated = st.now::timestamptz
           FROM st
          WHERE h.type = 'CareTeam' AND h.id = ANY (ARRAY(SELECT ct_id FROM st))
            AND h.id = st.ct_id AND h.version_id = st.version_id
         RETURNING h.id),
       nv AS (
         SELECT st.*, st.version_id + 1 AS new_version,
                -- One concatenation: the participants and meta of the new version.
                st.content || jsonb_build_object('participant',
                  CASE WHEN st.op = 'declare' THEN
                    COALESCE(st.content->'participant', '[]'::jsonb) || jsonb_build_array(
                      jsonb_build_object('id', 'p' || (
                        SELECT COALESCE(max(substring(e->>'id' FROM '^p(\\d+)$')::numeric), 0) + 1
                          FROM jsonb_array_elements(COALESCE(st.content->'participant', '[]'::jsonb)) e))
                      || st.participant)
                  ELSE (
                    SELECT COALESCE(jsonb_agg(
                             CASE WHEN COALESCE(e->'period'->>'end', '') = '' AND ${MEMBER_IS_CALLER}
                                  THEN jsonb_set(e, '{period}', COALESCE(e->'period', '{}'::jsonb)
                                         || jsonb_build_object('end', st.now))
                                  ELSE e END ORDER BY o), '[]'::jsonb)
                      FROM jsonb_array_elements(COALESCE(st.content->'participant', '[]'::jsonb))
                           WITH ORDINALITY AS t(e, o))
                  END,
                  'meta', COALESCE(st.content->'meta', '{}'::jsonb)
                     || jsonb_build_object('versionId', (st.version_id + 1)::text, 'lastUpdated', st.now))
                AS new_content
           FROM st JOIN u ON u.id = st.ct_id),
       iv AS (
         INSERT INTO resource_version (type, id, version_id, last_updated, patient_id, content, request_method, request_url)
         SELECT 'CareTeam', ct_id, new_version, now::timestamptz, patient, new_content, 'POST', url FROM nv
         UNION ALL
         SELECT 'Consent', consent_id, 1, now::timestamptz, patient, consent, NULL, NULL
           FROM nv WHERE op = 'declare'
         UNION ALL
         SELECT 'AuditEvent', audit_id, 1, now::timestamptz, patient,
                jsonb_set(audit, '{entity,1,what,reference}', to_jsonb('CareTeam/' || ct_id)), NULL, NULL
           FROM nv
         RETURNING 1),
       ih AS (
         INSERT INTO resource_head (type, id, version_id, last_updated, patient_id, status, sort_date)
         SELECT 'Consent', consent_id, 1, now::timestamptz, patient, consent_status, consent_date::timestamptz
           FROM nv WHERE op = 'declare'
         UNION ALL
         SELECT 'AuditEvent', audit_id, 1, now::timestamptz, patient, NULL, now::timestamptz FROM nv
         RETURNING 1),
       ip AS (
         INSERT INTO care_team_participation
           (care_team_id, patient_id, member_type, member_id, period_start, period_end, started_version)
         SELECT ct_id, patient, 'PractitionerRole', role, now, NULL, new_version FROM nv WHERE op = 'declare'
         RETURNING 1),
       ep AS (
         UPDATE care_team_participation p SET period_end = nv.now, ended_version = nv.new_version
           FROM nv
          WHERE p.care_team_id = ANY (ARRAY(SELECT ct_id FROM nv WHERE op = 'withdraw'))
            AND p.member_type = 'PractitionerRole' AND p.period_end IS NULL
            AND nv.op = 'withdraw' AND p.care_team_id = nv.ct_id AND p.member_id = nv.role
            AND p.patient_id = nv.patient
         RETURNING 1)
     SELECT i, ct_id AS id, new_version AS version_id, new_content::text AS json FROM nv`;

/**
 * Group commit of declarations and withdrawals: the changes of concurrent requests (one per patient
 * per batch) are made in one statement — one transaction, one commit (synchronous, as every commit)
 * — while each request waits for its own. Each change is still all or nothing (its CareTeam version,
 * Consent, AuditEvent and participation row), and a change that does not apply (or that a
 * concurrent change overtook) writes nothing and answers null: the caller then takes its other
 * path. A batch that a unique index or a deadlock stopped answers null to each change, which is
 * then made alone by that other path, or fails there. A batch the database refused otherwise (a
 * character PostgreSQL cannot store in one change, say) is made again one change at a time, so that
 * only the refused change fails; a lost connection fails them all.
 *
 * At most `maxInFlight` batches run at once: what arrives meanwhile forms the next one (up to
 * `maxBatch` changes).
 */
export class CareCircleWriter {
  private queue: Pending[] = [];
  private scheduled = false;
  private inFlight = 0;

  /**
   * @param maxBatch - changes per batch (16: measured on 2 cores, 50 connections — larger batches
   *   amortise more but lengthen the wait behind a running one: 24 and 64 gave a longer p99, 8 fewer
   *   writes per second).
   * @param maxInFlight - batches running at once, each on its own connection (two: one per core of
   *   a small database server, and the next batch forms while one commits). Each locks its
   *   patients in id order, so batches never deadlock one another.
   */
  constructor(
    private readonly db: Db,
    private readonly maxBatch = 16,
    private readonly maxInFlight = 2,
  ) {}

  /** Makes the change if it applies; null when it wrote nothing. */
  write(change: CareCircleChange): Promise<CareCircleWritten | null> {
    return new Promise((resolve, reject) => {
      this.queue.push({ change, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight || this.queue.length === 0) return;
    this.scheduled = true;
    // Let the requests of the same I/O round join this batch.
    setImmediate(() => {
      this.scheduled = false;
      this.start();
    });
  }

  private start(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      // One change per patient in a batch; the others wait for the next one.
      const batch: Pending[] = [];
      const rest: Pending[] = [];
      const patients = new Set<string>();
      for (const p of this.queue) {
        if (batch.length < this.maxBatch && !patients.has(p.change.patientId)) {
          patients.add(p.change.patientId);
          batch.push(p);
        } else rest.push(p);
      }
      this.queue = rest;
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.schedule();
      });
    }
  }

  private async run(batch: Pending[]): Promise<void> {
    const items = batch.map(({ change: c }, i) => {
      const consent = c.consent;
      return (
        `{"i":${i},"op":${JSON.stringify(c.op)},"patient":${JSON.stringify(c.patientId)},` +
        `"role":${JSON.stringify(c.roleId)},"now":${JSON.stringify(c.now)},` +
        `"participant":${c.participant === undefined ? 'null' : JSON.stringify(c.participant)},` +
        `"consent":${consent ? consent.json : 'null'},"consent_id":${JSON.stringify(consent?.id ?? null)},` +
        `"consent_status":${JSON.stringify(consent?.status ?? null)},` +
        `"consent_date":${JSON.stringify(consent?.sortDate ?? null)},` +
        `"audit":${c.audit.json},"audit_id":${JSON.stringify(c.audit.id)},"url":${JSON.stringify(c.url)}}`
      );
    });
    let rows: Array<{ i: number; id: string; version_id: number; json: string }>;
    try {
      const res = await this.db.query<{ i: number; id: string; version_id: number; json: string }>(
        BATCH_SQL,
        [`[${items.join(',')}]`, pgArrayLiteral(batch.map((p) => p.change.patientId).sort())],
        'careteam_write_batch',
      );
      rows = res.rows;
    } catch (err) {
      // A unique index said no (a concurrent change), or a deadlock with another transaction:
      // nothing of the batch was written; each change is made again alone by its caller's other
      // path. Any other failure: each change is made again alone here, so that only the one the
      // database refuses fails — but a lost connection fails every request of the batch.
      const state = sqlState(err);
      if (state !== '23505' && state !== '40P01' && state !== '40001') {
        if (batch.length > 1 && !isConnectionError(err)) {
          for (const p of batch) await this.run([p]);
        } else {
          for (const p of batch) p.reject(err);
        }
        return;
      }
      rows = [];
    }
    const byIndex = new Map(rows.map((r) => [r.i, r]));
    batch.forEach((p, i) => {
      const r = byIndex.get(i);
      p.resolve(r ? { id: r.id, versionId: r.version_id, json: r.json } : null);
    });
  }
}
