import { randomUUID } from 'node:crypto';
import type { Caller } from '../auth/identity.js';
import { isPhysician } from '../auth/identity.js';
import type { Queryable } from '../db/types.js';
import { sqlState } from '../db/types.js';
import {
  CARE_TEAM_CATEGORY_CODE,
  CONSENT_CATEGORY_CODE,
  SERVER_SYSTEMS,
  SYSTEMS,
} from '../fhir/codes.js';
import { forbiddenWithRemedies, HttpError } from '../fhir/outcome.js';
import type { CareTeam, CareTeamParticipant, CodeableConcept, Resource } from '../fhir/types.js';
import type { StoredResource } from '../store/store.js';
import {
  ConcurrentUpdateError,
  indexValues,
  PARTICIPANT_TYPES,
  store,
  strictRef,
} from '../store/store.js';
import { accessBasis, accessDenied } from './access.js';
import { auditEvent, auditJson, writeAudit } from './audit.js';
import type { CareCircleChange } from './care-circle-writer.js';
import type { ServiceContext } from './context.js';
import { must } from '../util.js';

/** Display names of TRE_G15 professions (docs/conventions.md). */
export const PROFESSIONS: Record<string, string> = {
  '10': 'Médecin',
  '21': 'Pharmacien',
  '26': 'Audioprothésiste',
  '28': 'Opticien-lunetier',
  '40': 'Chirurgien-dentiste',
  '50': 'Sage-femme',
  '60': 'Infirmier',
  '70': 'Masseur-kinésithérapeute',
  '80': 'Pédicure-podologue',
  '91': 'Orthophoniste',
  '92': 'Orthoptiste',
  '94': 'Ergothérapeute',
  '95': 'Diététicien',
  '96': 'Psychomotricien',
};

/** The CareTeam category of the ANS Cercle de Soins. */
export const CARE_TEAM_CATEGORY = [
  {
    coding: [
      {
        system: SYSTEMS.loinc,
        code: CARE_TEAM_CATEGORY_CODE,
        display: 'Longitudinal care-coordination focused care team',
      },
    ],
  },
];

/** Result of a care-circle write: the CareTeam as stored and whether a new version was written. */
export interface CareTeamWrite {
  careTeam: StoredResource;
  changed: boolean;
}

function defaultRole(caller: Caller): CodeableConcept[] {
  if (!caller.professionCode) return [];
  const display = PROFESSIONS[caller.professionCode];
  return [
    {
      coding: [
        {
          system: SYSTEMS.profession,
          code: caller.professionCode,
          ...(display ? { display } : {}),
        },
      ],
    },
  ];
}

/** Code systems a participant role may be coded in (`$declare-actor`'s `role`). */
const ROLE_SYSTEMS = new Set<string>([SYSTEMS.roleCode, SYSTEMS.profession]);

/**
 * The role `$declare-actor` stores, from the one asked for: only codings are kept (no `text`, and
 * displays are the server's own), each from HL7 v3 RoleCode or TRE_G15; a TRE_G15 code must be the
 * caller's own profession and `PCP` (médecin traitant) is for physicians only. Anything else → 422.
 */
export function normaliseRole(
  role: CodeableConcept,
  caller: Caller,
  expression = 'Parameters.parameter[1].valueCodeableConcept',
): CodeableConcept {
  const refuse = (diagnostics: string) =>
    new HttpError(422, [
      { severity: 'error', code: 'business-rule', diagnostics, expression: [expression] },
    ]);
  const codings = role.coding ?? [];
  if (codings.length === 0) {
    throw refuse('A role needs a coding (HL7 v3 RoleCode or TRE_G15); free text alone is refused');
  }
  const coding = codings.map((c) => {
    const system = typeof c.system === 'string' ? c.system : '';
    const code = typeof c.code === 'string' ? c.code : '';
    if (!ROLE_SYSTEMS.has(system) || !/^[A-Za-z0-9_-]{1,32}$/.test(code)) {
      throw refuse(`Role codings must be from ${[...ROLE_SYSTEMS].join(' or ')}`);
    }
    if (system === SYSTEMS.profession) {
      if (code !== caller.professionCode)
        throw refuse('A TRE_G15 role must be your own profession');
      const display = PROFESSIONS[code];
      return { system, code, ...(display ? { display } : {}) };
    }
    if (code === 'PCP') {
      if (!isPhysician(caller))
        throw refuse('Only a physician (TRE_G15 10) can be the médecin traitant (PCP)');
      return { system, code, display: 'primary care physician' };
    }
    return { system, code };
  });
  return { coding };
}

/** The PractitionerRole id of a participant whose member is exactly `PractitionerRole/<id>`. */
function memberId(p: CareTeamParticipant): string | null {
  const ref = strictRef(p.member?.reference);
  return ref?.type === 'PractitionerRole' ? ref.id : null;
}

function isActive(p: CareTeamParticipant): boolean {
  return !p.period?.end;
}

function nextParticipantId(participants: CareTeamParticipant[]): string {
  let max = 0;
  const used = new Set<string>();
  for (const p of participants) {
    const id = typeof p.id === 'string' ? p.id : undefined;
    if (!id) continue;
    used.add(id);
    const m = /^p(\d+)$/.exec(id);
    if (m) max = Math.max(max, Number(m[1]));
  }
  let n = max + 1;
  while (used.has(`p${n}`)) n++;
  return `p${n}`;
}

function patientDisplay(patient: Resource): string {
  const name = (patient.name as Array<{ given?: string[]; family?: string }> | undefined)?.[0];
  return [name?.given?.[0], name?.family?.toUpperCase()].filter(Boolean).join(' ');
}

/** Locks the patient's head row (`FOR UPDATE`); 404 when the patient is unknown. */
async function lockPatientRow(q: Queryable, patientId: string): Promise<void> {
  const res = await q.query(
    `SELECT 1 FROM resource_head WHERE type = 'Patient' AND id = $1 FOR UPDATE`,
    [patientId],
    'careteam_lock_patient_row',
  );
  if (res.rowCount === 0) throw HttpError.of(404, 'not-found', `Patient/${patientId} is not known`);
}

/** The patient, their active CareTeam (if any) and whether `roleId` is an active participant. */
async function careCircleState(
  q: Queryable,
  patientId: string,
  roleId: string,
): Promise<{ patient: Resource; careTeam: StoredResource | null; active: boolean }> {
  const res = await q.query<{
    patient_json: string;
    ct_id: string | null;
    ct_version: number | null;
    ct_updated: Date | null;
    ct_json: string | null;
    active: boolean;
  }>(
    `SELECT pv.content::text AS patient_json, ct.id AS ct_id, ct.version_id AS ct_version,
            ct.last_updated AS ct_updated, cv.content::text AS ct_json,
            EXISTS (SELECT 1 FROM care_team_participation
                     WHERE care_team_id = ct.id AND member_type = 'PractitionerRole'
                       AND member_id = $2 AND period_end IS NULL) AS active
       FROM resource_head ph
       JOIN resource_version pv ON pv.type = ph.type AND pv.id = ph.id AND pv.version_id = ph.version_id
       LEFT JOIN resource_head ct ON ct.type = 'CareTeam' AND ct.patient_id = ph.id AND ct.status = 'active'
       LEFT JOIN resource_version cv ON cv.type = ct.type AND cv.id = ct.id AND cv.version_id = ct.version_id
      WHERE ph.type = 'Patient' AND ph.id = $1`,
    [patientId, roleId],
    'careteam_state',
  );
  const row = res.rows[0];
  if (!row) throw HttpError.of(404, 'not-found', `Patient/${patientId} is not known`);
  const careTeam =
    row.ct_id && row.ct_version !== null && row.ct_json !== null && row.ct_updated !== null
      ? {
          type: 'CareTeam',
          id: row.ct_id,
          versionId: row.ct_version,
          lastUpdated: new Date(row.ct_updated).toISOString(),
          patientId,
          json: row.ct_json,
        }
      : null;
  return { patient: JSON.parse(row.patient_json) as Resource, careTeam, active: row.active };
}

/** Locks the patient row (serialises every change to the patient's care circle). */
async function lockPatient(q: Queryable, patientId: string): Promise<Resource> {
  const res = await q.query<{ json: string }>(
    `SELECT v.content::text AS json FROM resource_head h
       JOIN resource_version v ON v.type = h.type AND v.id = h.id AND v.version_id = h.version_id
      WHERE h.type = 'Patient' AND h.id = $1 FOR UPDATE OF h`,
    [patientId],
    'careteam_lock_patient',
  );
  const row = res.rows[0];
  if (!row) throw HttpError.of(404, 'not-found', `Patient/${patientId} is not known`);
  return JSON.parse(row.json) as Resource;
}

async function endParticipation(
  q: Queryable,
  careTeamId: string,
  roleId: string,
  end: string,
  version: number,
): Promise<number> {
  const res = await q.query(
    `UPDATE care_team_participation SET period_end = $3, ended_version = $4
      WHERE care_team_id = $1 AND member_type = 'PractitionerRole' AND member_id = $2
        AND period_end IS NULL`,
    [careTeamId, roleId, end, version],
    'participation_end',
  );
  return res.rowCount;
}

function consentFor(caller: Caller, patientId: string, now: string): Resource {
  const actor = {
    reference: `PractitionerRole/${caller.practitionerRoleId}`,
    ...(caller.display ? { display: caller.display } : {}),
  };
  return {
    resourceType: 'Consent',
    status: 'active',
    scope: {
      coding: [
        {
          system: SERVER_SYSTEMS.consentScope,
          code: 'patient-privacy',
          display: 'Privacy Consent',
        },
      ],
    },
    category: [
      {
        coding: [
          { system: SYSTEMS.loinc, code: CONSENT_CATEGORY_CODE, display: 'Patient Consent' },
        ],
      },
    ],
    patient: { reference: `Patient/${patientId}` },
    dateTime: now,
    performer: [actor],
    policyRule: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTIN' }],
    },
    // The professional attests that the patient authorised them ($declare-actor attestation).
    verification: [{ verified: true, verifiedWith: actor, verificationDate: now }],
    provision: {
      type: 'permit',
      period: { start: now },
      actor: [
        {
          role: {
            coding: [
              {
                system: SERVER_SYSTEMS.participationType,
                code: 'PRCP',
                display: 'primary information recipient',
              },
            ],
          },
          reference: actor,
        },
      ],
    },
  };
}

/**
 * The usual declaration or withdrawal, made in one statement and group-committed with concurrent
 * ones ({@link CareCircleWriter}): the new CareTeam version as stored, or null when the change
 * does not apply that way (first declaration, already active, not a participant, a concurrent
 * change…) and wrote nothing.
 */
async function inOneStatement(
  ctx: ServiceContext,
  caller: Caller,
  patientId: string,
  address: string | undefined,
  now: Date,
  change: Pick<CareCircleChange, 'op' | 'participant' | 'consent'>,
): Promise<StoredResource | null> {
  const nowIso = now.toISOString();
  const operation = change.op === 'declare' ? '$declare-actor' : '$withdraw-actor';
  const auditId = randomUUID();
  const audit = auditJson(
    {
      caller,
      patientId,
      interaction: 'operation',
      action: 'E',
      outcome: '0',
      purpose: 'TREAT',
      entities: ['CareTeam/-'],
      operation,
      address,
      now,
    },
    auditId,
  );
  const request = { method: 'POST', url: `Patient/${patientId}/${operation}` };
  const written = await ctx.careWrites.write({
    ...change,
    patientId,
    roleId: caller.practitionerRoleId,
    now: nowIso,
    audit: { id: auditId, json: audit },
    url: request.url,
  });
  return (
    written && {
      type: 'CareTeam',
      id: written.id,
      versionId: written.versionId,
      lastUpdated: nowIso,
      patientId,
      json: written.json,
      request,
    }
  );
}

/** The stored JSON of a resource created at `now` (version 1), its id and index values. */
function createdJson(resource: Resource, now: string): { id: string; json: string } {
  const id = resource.id ?? randomUUID();
  const { meta: _m, ...rest } = resource;
  return {
    id,
    json: JSON.stringify({
      ...rest,
      id,
      meta: { versionId: '1', lastUpdated: now },
    }),
  };
}

/** Retries a care-circle transaction once on a unique violation (concurrent creation) → 409. */
async function retryOnConflict<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const state = sqlState(err);
      if ((state === '23505' || state === '40001' || state === '40P01') && attempt < 3) continue;
      if (state === '23505' || state === '40001' || state === '40P01') {
        throw HttpError.of(
          409,
          'conflict',
          'A concurrent change got there first; read again and retry',
        );
      }
      throw err;
    }
  }
}

/**
 * Runs a care-circle change first without a transaction — the state read, then ONE guarded write
 * statement (`store.writeBatch`): two round trips instead of five — and, if a concurrent change got
 * there in between (the CareTeam's version moved, so the guarded statement wrote nothing; or a
 * concurrent creation hit a unique index, so it rolled back), again in the locked transaction, which
 * reads the state under the patient's lock. Either way every write is one statement, so all or
 * nothing of it is stored.
 */
async function optimisticFirst<T>(
  optimistic: () => Promise<T>,
  locked: () => Promise<T>,
): Promise<T> {
  try {
    return await optimistic();
  } catch (err) {
    if (!(err instanceof ConcurrentUpdateError) && sqlState(err) !== '23505') throw err;
  }
  return locked();
}

/**
 * `$declare-actor`: adds the caller's PractitionerRole to the patient's active CareTeam (creating the
 * CareTeam when there is none), records the Consent and the AuditEvent — one transaction. Idempotent.
 */
export function declareActor(
  ctx: ServiceContext,
  caller: Caller,
  patientId: string,
  role: CodeableConcept | undefined,
  address?: string,
): Promise<CareTeamWrite> {
  if (role) role = normaliseRole(role, caller);
  const declare = async (tx: Queryable, lock: boolean): Promise<CareTeamWrite> => {
    const now = ctx.now();
    const nowIso = now.toISOString();
    // 1. Lock the patient (serialises changes to their circle); 2. read the state afterwards.
    if (lock) await lockPatientRow(tx, patientId);
    const state = await careCircleState(tx, patientId, caller.practitionerRoleId);
    const request = { method: 'POST', url: `Patient/${patientId}/$declare-actor` };
    const member = {
      reference: `PractitionerRole/${caller.practitionerRoleId}`,
      ...(caller.display ? { display: caller.display } : {}),
    };
    const roles = role ? [role] : defaultRole(caller);
    const auditOf = (careTeamId: string) =>
      auditEvent({
        caller,
        patientId,
        interaction: 'operation',
        action: 'E',
        outcome: '0',
        purpose: 'TREAT',
        entities: [`CareTeam/${careTeamId}`],
        operation: '$declare-actor',
        address,
        now,
      });
    if (state.careTeam && state.active) {
      await store.writeBatch(
        tx,
        [{ resource: auditOf(state.careTeam.id), expected: null, options: { patientId } }],
        now,
      );
      return { careTeam: state.careTeam, changed: false };
    }
    let ct: CareTeam;
    let expected: number | null;
    if (state.careTeam) {
      ct = JSON.parse(state.careTeam.json) as CareTeam;
      const participants = ct.participant ?? [];
      participants.push({
        id: nextParticipantId(participants),
        ...(roles.length ? { role: roles } : {}),
        member,
        period: { start: nowIso },
      });
      ct.participant = participants;
      expected = state.careTeam.versionId;
    } else {
      const id = randomUUID();
      const name = patientDisplay(state.patient);
      ct = {
        resourceType: 'CareTeam',
        id,
        identifier: [{ system: 'urn:ietf:rfc:3986', value: `urn:uuid:${id}` }],
        status: 'active',
        category: CARE_TEAM_CATEGORY,
        name: `Cercle de soins de ${name}`,
        subject: { reference: `Patient/${patientId}`, ...(name ? { display: name } : {}) },
        period: { start: nowIso },
        participant: [
          {
            id: 'p1',
            ...(roles.length ? { role: roles } : {}),
            member,
            period: { start: nowIso },
          },
        ],
      };
      expected = null;
    }
    const careTeamId = must(ct.id, 'CareTeam.id');
    // 3. One statement: CareTeam version, Consent, AuditEvent and the participation row.
    const [stored] = await store.writeBatch(
      tx,
      [
        { resource: ct, expected, options: { request } },
        { resource: consentFor(caller, patientId, nowIso), expected: null },
        { resource: auditOf(careTeamId), expected: null, options: { patientId } },
      ],
      now,
      {
        sql: `INSERT INTO care_team_participation
                  (care_team_id, patient_id, member_type, member_id, period_start, period_end, started_version)
                SELECT $1, $2, 'PractitionerRole', $3, $4, NULL, $5 WHERE (SELECT ok FROM ok) RETURNING 1`,
        params: [careTeamId, patientId, caller.practitionerRoleId, nowIso, (expected ?? 0) + 1],
      },
      { type: 'Patient', id: patientId },
    );
    return { careTeam: must(stored, 'stored CareTeam'), changed: true };
  };
  const usual = async (): Promise<CareTeamWrite | null> => {
    const now = ctx.now();
    const nowIso = now.toISOString();
    const roles = role ? [role] : defaultRole(caller);
    const participant = {
      ...(roles.length ? { role: roles } : {}),
      member: {
        reference: `PractitionerRole/${caller.practitionerRoleId}`,
        ...(caller.display ? { display: caller.display } : {}),
      },
      period: { start: nowIso },
    };
    const consent = consentFor(caller, patientId, nowIso);
    const consentIdx = indexValues(consent);
    const stored = createdJson(consent, nowIso);
    const careTeam = await inOneStatement(ctx, caller, patientId, address, now, {
      op: 'declare',
      participant,
      consent: { ...stored, status: consentIdx.status, sortDate: consentIdx.sortDate },
    });
    return careTeam ? { careTeam, changed: true } : null;
  };
  // The usual case in one statement, group-committed with concurrent ones (CareCircleWriter); the
  // others (first declaration, already active, a concurrent change, unknown patient) as before.
  return usual().then(
    (done) =>
      done ??
      optimisticFirst(
        () => declare(ctx.db, false),
        () => retryOnConflict(() => ctx.db.transaction((tx) => declare(tx, true))),
      ),
  );
}

/**
 * `$withdraw-actor`: ends the caller's active participation (`period.end` = now), history kept.
 * Idempotent for a former member; a caller who never took part (and has no emergency access) → 403.
 */
export async function withdrawActor(
  ctx: ServiceContext,
  caller: Caller,
  patientId: string,
  address?: string,
): Promise<CareTeamWrite> {
  type R = { ok: true; value: CareTeamWrite } | { ok: false; error: HttpError };
  const withdraw = async (tx: Queryable, lock: boolean): Promise<R> => {
    const now = ctx.now();
    const nowIso = now.toISOString();
    if (lock) await lockPatientRow(tx, patientId);
    const state = await careCircleState(tx, patientId, caller.practitionerRoleId);
    const auditInput = {
      caller,
      patientId,
      interaction: 'operation' as const,
      action: 'E' as const,
      purpose: 'TREAT' as const,
      operation: '$withdraw-actor',
      address,
      now,
    };
    const current = state.careTeam;
    if (!current) {
      await writeAudit(tx, { ...auditInput, outcome: '4' });
      return { ok: false, error: accessDenied(caller, patientId) };
    }
    if (!state.active) {
      // No active participation: nothing to withdraw. A caller who may read the circle (under an
      // emergency grant) gets the current CareTeam. A former member gets the version in which
      // their participation last ended — what they were answered when they withdrew (idempotent
      // for a retry), never a later version: once out, the circle is no longer theirs to read.
      // Anyone else learns nothing.
      const { basis } = await accessBasis(tx, caller, patientId, now);
      if (basis) {
        await writeAudit(tx, {
          ...auditInput,
          purpose: basis === 'break-glass' ? 'BTG' : 'TREAT',
          outcome: '0',
          entities: [`CareTeam/${current.id}`],
        });
        return { ok: true, value: { careTeam: current, changed: false } };
      }
      const former = await tx.query<{ v: number | null }>(
        `SELECT max(ended_version) AS v FROM care_team_participation
            WHERE care_team_id = $1 AND member_type = 'PractitionerRole' AND member_id = $2
              AND period_end IS NOT NULL`,
        [current.id, caller.practitionerRoleId],
        'participation_last_end',
      );
      const endedVersion = former.rows[0]?.v ?? null;
      const then =
        endedVersion === null ? null : await store.vread(tx, 'CareTeam', current.id, endedVersion);
      if (!then) {
        await writeAudit(tx, { ...auditInput, outcome: '4' });
        return { ok: false, error: accessDenied(caller, patientId) };
      }
      await writeAudit(tx, {
        ...auditInput,
        outcome: '0',
        entities: [`CareTeam/${current.id}/_history/${then.versionId}`],
      });
      return { ok: true, value: { careTeam: then, changed: false } };
    }
    const ct = JSON.parse(current.json) as CareTeam;
    for (const p of ct.participant ?? []) {
      if (memberId(p) === caller.practitionerRoleId && isActive(p)) {
        p.period = { ...(p.period ?? {}), end: nowIso };
      }
    }
    const [stored] = await store.writeBatch(
      tx,
      [
        {
          resource: ct,
          expected: current.versionId,
          options: { request: { method: 'POST', url: `Patient/${patientId}/$withdraw-actor` } },
        },
        {
          resource: auditEvent({
            ...auditInput,
            outcome: '0',
            entities: [`CareTeam/${current.id}`],
          }),
          expected: null,
          options: { patientId },
        },
      ],
      now,
      {
        sql: `UPDATE care_team_participation SET period_end = $3, ended_version = $4
                 WHERE care_team_id = $1 AND member_type = 'PractitionerRole' AND member_id = $2
                   AND period_end IS NULL AND (SELECT ok FROM ok) RETURNING 1`,
        params: [current.id, caller.practitionerRoleId, nowIso, current.versionId + 1],
      },
      { type: 'Patient', id: patientId },
    );
    return { ok: true, value: { careTeam: must(stored, 'stored CareTeam'), changed: true } };
  };
  // An active participant withdraws in one statement, group-committed with concurrent changes
  // (CareCircleWriter); the other cases (and a concurrent change) as before.
  const careTeam = await inOneStatement(ctx, caller, patientId, address, ctx.now(), {
    op: 'withdraw',
  });
  if (careTeam) return { careTeam, changed: true };
  const result = await optimisticFirst(
    () => withdraw(ctx.db, false),
    () => retryOnConflict(() => ctx.db.transaction<R>((tx) => withdraw(tx, true))),
  );
  if (!result.ok) throw result.error;
  return result.value;
}

/** Canonical JSON (sorted keys) for structural comparison. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

function unprocessable(diagnostics: string, expression = 'CareTeam.participant'): HttpError {
  return new HttpError(422, [
    { severity: 'error', code: 'business-rule', diagnostics, expression: [expression] },
  ]);
}

function forbiddenChange(diagnostics: string): HttpError {
  return forbiddenWithRemedies([], diagnostics);
}

/** What a PUT changes in the participants, once checked. */
interface ParticipantDiff {
  /** The caller's `period.end`, when the PUT ends their participation. */
  ended: string | null;
  /** Indexes, in the stored CareTeam, of the caller's entries it ends. */
  endedIndexes: number[];
  /** The roles of the caller's participation the PUT adds (normalised), when it adds one. */
  added: CodeableConcept[] | null;
}

/** Checks that every participant's `member.reference` is a strict `Type/id` of an allowed type. */
function checkParticipantReferences(next: CareTeam): void {
  (next.participant ?? []).forEach((p, i) => {
    const reference = p.member?.reference;
    if (reference !== undefined && !strictRef(reference)) {
      throw new HttpError(422, [
        {
          severity: 'error',
          code: 'value',
          diagnostics: `Participant #${i}: member.reference must be a relative reference Type/id, Type one of ${PARTICIPANT_TYPES.join(', ')}.`,
          expression: [`CareTeam.participant[${i}].member.reference`],
        },
      ]);
    }
  });
}

/**
 * Checks a whole-CareTeam write by `caller`: everything must be unchanged but the caller's own
 * participation (`member.reference` exactly `PractitionerRole/<caller>`), which the PUT may add
 * (one entry, not ended, roles as `$declare-actor` accepts them) or end (`period.end`).
 * Removing or rewriting history → 422; adding anyone else, or any other change → 403. `meta`, and
 * the added entry's `period`, `display` and `id`, are the server's.
 */
export function diffCareTeam(
  current: CareTeam,
  next: CareTeam,
  caller: Caller,
  now: Date,
): ParticipantDiff {
  checkParticipantReferences(next);
  const strip = (ct: CareTeam) => {
    const { meta: _m, participant: _p, ...rest } = ct;
    return canonical(rest);
  };
  if (strip(current) !== strip(next)) {
    throw forbiddenChange(
      'Only your own participation may be ended; other CareTeam elements must be unchanged',
    );
  }
  const me = `PractitionerRole/${caller.practitionerRoleId}`;
  const oldList = current.participant ?? [];
  const newList = [...(next.participant ?? [])];
  const ids = newList.map((p) => p.id).filter((x): x is string => typeof x === 'string');
  if (new Set(ids).size !== ids.length) {
    throw new HttpError(400, [
      {
        severity: 'error',
        code: 'invalid',
        diagnostics: 'Duplicate participant id',
        expression: ['CareTeam.participant'],
      },
    ]);
  }
  const used = new Set<number>();
  const result: ParticipantDiff = { ended: null, endedIndexes: [], added: null };
  oldList.forEach((old, i) => {
    const label = typeof old.id === 'string' ? old.id : `#${i}`;
    let j = -1;
    if (typeof old.id === 'string') {
      j = newList.findIndex((p, k) => !used.has(k) && p.id === old.id);
    } else {
      const c = canonical(old);
      j = newList.findIndex((p, k) => !used.has(k) && canonical(p) === c);
      if (j < 0) {
        j = newList.findIndex(
          (p, k) =>
            !used.has(k) &&
            p.id === undefined &&
            canonical({ ...p, period: { start: p.period?.start } }) ===
              canonical({ ...old, period: { start: old.period?.start } }),
        );
      }
    }
    if (j < 0) {
      throw unprocessable(
        `Participant ${label} is missing: end a participation with period.end instead of removing it.`,
      );
    }
    used.add(j);
    const neu = must(newList[j], 'participant');
    if (canonical(neu) === canonical(old)) return;
    if (!isActive(old)) {
      throw unprocessable(`Participant ${label} has ended: its entry cannot be rewritten.`);
    }
    const withoutEnd = { ...neu, period: { ...(neu.period ?? {}) } };
    delete withoutEnd.period.end;
    if (canonical(withoutEnd) !== canonical(old) || !neu.period?.end) {
      throw forbiddenChange(
        `Participant ${label}: only its end may be set, by the participant themselves`,
      );
    }
    if (old.member?.reference !== me) {
      throw forbiddenChange(
        `Participant ${label} is not you: you may only end your own participation`,
      );
    }
    const end = Date.parse(neu.period.end);
    const start = old.period?.start ? Date.parse(old.period.start) : NaN;
    if (
      Number.isNaN(end) ||
      end > now.getTime() + 5 * 60_000 ||
      (!Number.isNaN(start) && end < start)
    ) {
      throw unprocessable(`Participant ${label}: period.end must be between period.start and now`);
    }
    result.ended = neu.period.end;
    result.endedIndexes.push(i);
  });
  const added = newList.filter((_, k) => !used.has(k));
  if (added.length > 1 || added.some((p) => p.member?.reference !== me)) {
    throw forbiddenChange('A PUT may only add or end your own participation');
  }
  const add = added[0];
  if (add) {
    if (add.period?.end) throw unprocessable('A participation being added cannot have ended');
    const stillActive =
      oldList.some((p) => memberId(p) === caller.practitionerRoleId && isActive(p)) &&
      result.ended === null;
    if (stillActive) {
      throw new HttpError(409, [
        {
          severity: 'error',
          code: 'duplicate',
          diagnostics: 'You already are an active participant',
        },
      ]);
    }
    result.added = (add.role ?? []).map((role) =>
      normaliseRole(role, caller, 'CareTeam.participant.role'),
    );
  }
  return result;
}

/** Parses `W/"3"` (or `"3"`) into a version number. */
export function parseIfMatch(header: string | undefined): number | null {
  if (!header) return null;
  const m = /^(?:W\/)?"(\d+)"$/.exec(header.trim());
  return m ? Number(m[1]) : NaN;
}

/**
 * PUT CareTeam/{id} (DCTM update): If-Match required (428); stale → 412; the caller may add or end
 * their own participation only (see {@link diffCareTeam}). Adding it is the IHE DCTM way of
 * declaring oneself, recorded like `$declare-actor` (participation, Consent). A caller who may not
 * read the circle (neither an active participant nor under an unexpired break-the-glass grant) may
 * only do that, at the current version: anything else gets the usual audited 403 with remedies,
 * never a 412 or a 422 that would tell them about the circle. The version written is the stored
 * one with the caller's change: nothing else of the body (its `meta` included) is stored. Locks
 * the patient then the CareTeam; one transaction with the AuditEvent — every outcome (refused,
 * stale, no-op, written) is audited.
 */
export async function updateCareTeam(
  ctx: ServiceContext,
  caller: Caller,
  id: string,
  body: CareTeam,
  ifMatch: string | undefined,
  address?: string,
): Promise<CareTeamWrite> {
  if (body.id !== id) {
    throw HttpError.of(
      400,
      'invalid',
      `The body's id (${String(body.id)}) must equal the path's (${id})`,
      'CareTeam.id',
    );
  }
  const expected = parseIfMatch(ifMatch);
  if (expected === null) {
    throw HttpError.of(
      428,
      'required',
      'If-Match is required to update a CareTeam',
      'header.If-Match',
    );
  }
  type R = { ok: true; value: CareTeamWrite } | { ok: false; error: HttpError };
  const result = await retryOnConflict(() =>
    ctx.db.transaction<R>(async (tx) => {
      const head = await store.read(tx, 'CareTeam', id);
      if (!head?.patientId) throw HttpError.of(404, 'not-found', `CareTeam/${id} is not known`);
      const patientId = head.patientId;
      await lockPatient(tx, patientId);
      const version = await store.lock(tx, 'CareTeam', id);
      if (version === null) throw HttpError.of(404, 'not-found', `CareTeam/${id} is not known`);
      const now = ctx.now();
      const { basis } = await accessBasis(tx, caller, patientId, now);
      const auditBase = {
        caller,
        patientId,
        interaction: 'update' as const,
        action: 'U' as const,
        purpose: basis === 'break-glass' ? ('BTG' as const) : ('TREAT' as const),
        entities: [`CareTeam/${id}`],
        address,
        now,
      };
      const refuse = async (error: HttpError): Promise<R> => {
        await writeAudit(tx, { ...auditBase, outcome: '4' });
        return { ok: false, error };
      };
      if (!basis && expected !== version) return refuse(accessDenied(caller));
      if (expected !== version) {
        return refuse(
          new HttpError(412, [
            {
              severity: 'error',
              code: 'conflict',
              diagnostics: `If-Match ${ifMatch ?? ''} does not match the current version W/"${version}".`,
            },
          ]),
        );
      }
      const current = must(await store.read(tx, 'CareTeam', id), `CareTeam/${id}`);
      const stored = JSON.parse(current.json) as CareTeam;
      let diff: ParticipantDiff;
      try {
        diff = diffCareTeam(stored, body, caller, now);
      } catch (err) {
        if (err instanceof HttpError) return refuse(basis ? err : accessDenied(caller));
        throw err;
      }
      // Without access, joining is all a PUT may do.
      if (!basis && (diff.added === null || diff.ended !== null)) {
        return refuse(accessDenied(caller));
      }
      if (diff.ended === null && diff.added === null) {
        await writeAudit(tx, { ...auditBase, outcome: '0' });
        return { ok: true, value: { careTeam: current, changed: false } };
      }
      // The stored CareTeam with the caller's change: the body's other content is not stored.
      const participants = (stored.participant ??= []);
      for (const i of diff.endedIndexes) {
        const p = must(participants[i], 'participant');
        p.period = { ...(p.period ?? {}), end: diff.ended ?? undefined };
      }
      const nowIso = now.toISOString();
      if (diff.added) {
        const roles = diff.added.length ? diff.added : defaultRole(caller);
        participants.push({
          id: nextParticipantId(participants),
          ...(roles.length ? { role: roles } : {}),
          member: {
            reference: `PractitionerRole/${caller.practitionerRoleId}`,
            ...(caller.display ? { display: caller.display } : {}),
          },
          period: { start: nowIso },
        });
      }
      const { meta: _meta, ...content } = stored;
      const written = await store.write(tx, content as CareTeam, version, {
        now,
        request: { method: 'PUT', url: `CareTeam/${id}` },
      });
      if (diff.ended !== null)
        await endParticipation(tx, id, caller.practitionerRoleId, diff.ended, written.versionId);
      if (diff.added) {
        await tx.query(
          `INSERT INTO care_team_participation
             (care_team_id, patient_id, member_type, member_id, period_start, period_end, started_version)
           VALUES ($1, $2, 'PractitionerRole', $3, $4, NULL, $5)`,
          [id, patientId, caller.practitionerRoleId, nowIso, written.versionId],
          'participation_insert',
        );
        // The DCTM way of declaring oneself: the patient's authorisation is recorded as by
        // $declare-actor (the client software has the professional attest it first).
        await store.write(tx, consentFor(caller, patientId, nowIso), null, { now });
      }
      await writeAudit(tx, { ...auditBase, outcome: '0' });
      return { ok: true, value: { careTeam: written, changed: true } };
    }),
  );
  if (!result.ok) throw result.error;
  return result.value;
}

/**
 * `$break-the-glass`: physicians only; grants time-limited access to the patient's data and records a
 * Security Alert AuditEvent (DCM 110113 / 110127, purpose BTG) with the reason.
 * @returns when the grant expires.
 */
export async function breakTheGlass(
  ctx: ServiceContext,
  caller: Caller,
  patientId: string,
  reason: string,
  address?: string,
): Promise<Date> {
  const refusal = isPhysician(caller)
    ? null
    : forbiddenWithRemedies(
        ['declare-actor'],
        'Only a physician (TRE_G15 10) may break the glass; declare yourself an actor instead.',
      );
  if (!refusal && reason.trim().length < 10) {
    throw HttpError.of(
      400,
      'invalid',
      'The reason must have at least 10 characters',
      'Parameters.parameter[0].valueString',
    );
  }
  const result = await ctx.db.transaction<Date | HttpError>(async (tx) => {
    const now = ctx.now();
    const exists = await store.read(tx, 'Patient', patientId);
    if (!exists) throw HttpError.of(404, 'not-found', `Patient/${patientId} is not known`);
    if (refusal) {
      // A refused emergency access is traced too (committed, then the 403).
      await writeAudit(tx, {
        caller,
        patientId,
        interaction: 'operation',
        action: 'E',
        outcome: '4',
        purpose: 'BTG',
        operation: '$break-the-glass',
        address,
        now,
      });
      return refusal;
    }
    const expires = new Date(now.getTime() + ctx.breakGlassMs);
    const audit = await store.write(
      tx,
      auditEvent({
        caller,
        patientId,
        interaction: 'operation',
        action: 'E',
        outcome: '0',
        purpose: 'BTG',
        emergencyOverride: { reason },
        address,
        now,
      }),
      null,
      { now, patientId },
    );
    await tx.query(
      `INSERT INTO break_glass_grant (id, patient_id, practitioner_role_id, started, expires, reason, audit_event_id)
       VALUES ($1, $2, $3, $4::timestamptz, $5::timestamptz, $6, $7)`,
      [
        randomUUID(),
        patientId,
        caller.practitionerRoleId,
        now.toISOString(),
        expires.toISOString(),
        reason,
        audit.id,
      ],
    );
    return expires;
  });
  if (result instanceof HttpError) throw result;
  return result;
}
