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
import { refId, store } from '../store/store.js';
import { accessBasis, accessDenied } from './access.js';
import { auditEvent, writeAudit } from './audit.js';
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

function isPcp(role: CodeableConcept | undefined): boolean {
  return !!role?.coding?.some((c) => c.system === SYSTEMS.roleCode && c.code === 'PCP');
}

function memberId(p: CareTeamParticipant): string | null {
  return refId(p.member?.reference, 'PractitionerRole');
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

/** The active CareTeam of a patient (id and version), if any. */
async function activeCareTeam(
  q: Queryable,
  patientId: string,
): Promise<{ id: string; version: number } | null> {
  const res = await q.query<{ id: string; version_id: number }>(
    `SELECT id, version_id FROM resource_head
      WHERE type = 'CareTeam' AND patient_id = $1 AND status = 'active'`,
    [patientId],
    'careteam_active',
  );
  const row = res.rows[0];
  return row ? { id: row.id, version: row.version_id } : null;
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

async function insertParticipation(
  q: Queryable,
  careTeamId: string,
  patientId: string,
  roleId: string,
  start: string,
  end: string | null,
  version: number,
): Promise<void> {
  await q.query(
    `INSERT INTO care_team_participation
       (care_team_id, patient_id, member_type, member_id, period_start, period_end,
        started_version, ended_version)
     VALUES ($1, $2, 'PractitionerRole', $3, $4, $5, $6, $7)`,
    [careTeamId, patientId, roleId, start, end, version, end ? version : null],
    'participation_insert',
  );
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
  if (role && isPcp(role) && !isPhysician(caller)) {
    throw new HttpError(422, [
      {
        severity: 'error',
        code: 'business-rule',
        diagnostics: 'Only a physician (TRE_G15 10) can be the médecin traitant (PCP)',
        expression: ['Parameters.parameter[1].valueCodeableConcept'],
      },
    ]);
  }
  return retryOnConflict(() =>
    ctx.db.transaction(async (tx) => {
      const now = ctx.now();
      const nowIso = now.toISOString();
      const patient = await lockPatient(tx, patientId);
      const existing = await activeCareTeam(tx, patientId);
      const request = { method: 'POST', url: `Patient/${patientId}/$declare-actor` };
      const member = {
        reference: `PractitionerRole/${caller.practitionerRoleId}`,
        ...(caller.display ? { display: caller.display } : {}),
      };
      const roles = role ? [role] : defaultRole(caller);
      const audit = async (careTeamId: string) => {
        await writeAudit(tx, {
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
      };
      if (existing) {
        const current = await store.read(tx, 'CareTeam', existing.id);
        if (!current) throw new Error(`CareTeam/${existing.id} head without version`);
        const already = await tx.query(
          `SELECT 1 FROM care_team_participation
            WHERE care_team_id = $1 AND member_type = 'PractitionerRole' AND member_id = $2
              AND period_end IS NULL`,
          [existing.id, caller.practitionerRoleId],
          'participation_active',
        );
        if (already.rowCount > 0) {
          await audit(existing.id);
          return { careTeam: current, changed: false };
        }
        const ct = JSON.parse(current.json) as CareTeam;
        const participants = ct.participant ?? [];
        participants.push({
          id: nextParticipantId(participants),
          ...(roles.length ? { role: roles } : {}),
          member,
          period: { start: nowIso },
        });
        ct.participant = participants;
        const careTeamId = must(ct.id, 'CareTeam.id');
        const stored = await store.write(tx, ct, current.versionId, { now, request });
        await insertParticipation(
          tx,
          careTeamId,
          patientId,
          caller.practitionerRoleId,
          nowIso,
          null,
          stored.versionId,
        );
        await store.write(tx, consentFor(caller, patientId, nowIso), null, { now });
        await audit(careTeamId);
        return { careTeam: stored, changed: true };
      }
      const id = randomUUID();
      const name = patientDisplay(patient);
      const ct: CareTeam = {
        resourceType: 'CareTeam',
        id,
        identifier: [{ system: 'urn:ietf:rfc:3986', value: `urn:uuid:${id}` }],
        status: 'active',
        category: CARE_TEAM_CATEGORY,
        name: `Cercle de soins de ${name}`,
        subject: { reference: `Patient/${patientId}`, ...(name ? { display: name } : {}) },
        period: { start: nowIso },
        participant: [
          { id: 'p1', ...(roles.length ? { role: roles } : {}), member, period: { start: nowIso } },
        ],
      };
      const stored = await store.write(tx, ct, null, { now, request });
      await insertParticipation(tx, id, patientId, caller.practitionerRoleId, nowIso, null, 1);
      await store.write(tx, consentFor(caller, patientId, nowIso), null, { now });
      await audit(id);
      return { careTeam: stored, changed: true };
    }),
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
  const result = await retryOnConflict(() =>
    ctx.db.transaction<R>(async (tx) => {
      const now = ctx.now();
      const nowIso = now.toISOString();
      await lockPatient(tx, patientId);
      const existing = await activeCareTeam(tx, patientId);
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
      const current = existing ? await store.read(tx, 'CareTeam', existing.id) : null;
      if (!existing || !current) {
        await writeAudit(tx, { ...auditInput, outcome: '4' });
        return { ok: false, error: accessDenied(caller, patientId) };
      }
      const ended = await endParticipation(
        tx,
        existing.id,
        caller.practitionerRoleId,
        nowIso,
        current.versionId + 1,
      );
      if (ended === 0) {
        // Not an active participant: answer with the current CareTeam only to a former member or
        // a caller under emergency access; anyone else learns nothing.
        const former = await tx.query(
          `SELECT 1 FROM care_team_participation
            WHERE care_team_id = $1 AND member_type = 'PractitionerRole' AND member_id = $2 LIMIT 1`,
          [existing.id, caller.practitionerRoleId],
          'participation_any',
        );
        const { basis } = await accessBasis(tx, caller, patientId, now);
        if (former.rowCount === 0 && !basis) {
          await writeAudit(tx, { ...auditInput, outcome: '4' });
          return { ok: false, error: accessDenied(caller, patientId) };
        }
        await writeAudit(tx, {
          ...auditInput,
          outcome: '0',
          entities: [`CareTeam/${existing.id}`],
        });
        return { ok: true, value: { careTeam: current, changed: false } };
      }
      const ct = JSON.parse(current.json) as CareTeam;
      for (const p of ct.participant ?? []) {
        if (memberId(p) === caller.practitionerRoleId && isActive(p)) {
          p.period = { ...(p.period ?? {}), end: nowIso };
        }
      }
      const stored = await store.write(tx, ct, current.versionId, {
        now,
        request: { method: 'POST', url: `Patient/${patientId}/$withdraw-actor` },
      });
      await writeAudit(tx, { ...auditInput, outcome: '0', entities: [`CareTeam/${existing.id}`] });
      return { ok: true, value: { careTeam: stored, changed: true } };
    }),
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
  ended: string | null;
  added: CareTeamParticipant | null;
}

/**
 * Checks a whole-CareTeam write by `caller`: everything but the caller's own participation must be
 * unchanged. Removing or rewriting history → 422; any other change → 403.
 */
export function diffCareTeam(
  current: CareTeam,
  next: CareTeam,
  caller: Caller,
  now: Date,
): ParticipantDiff {
  const strip = (ct: CareTeam) => {
    const { meta: _m, participant: _p, ...rest } = ct;
    return canonical(rest);
  };
  if (strip(current) !== strip(next)) {
    throw forbiddenChange(
      'Only your own participation may be added or ended; other CareTeam elements must be unchanged',
    );
  }
  const me = caller.practitionerRoleId;
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
  const result: ParticipantDiff = { ended: null, added: null };
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
    if (memberId(old) !== me) {
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
  });
  const added = newList.filter((_, k) => !used.has(k));
  if (added.length > 1) throw forbiddenChange('Only your own participation may be added');
  const add = added[0];
  if (add) {
    if (memberId(add) !== me) throw forbiddenChange('Only your own participation may be added');
    if (add.period?.end || !add.period?.start) {
      throw unprocessable('A new participation needs period.start and no period.end');
    }
    const stillActive =
      oldList.some((p) => memberId(p) === me && isActive(p)) && result.ended === null;
    if (stillActive)
      throw new HttpError(409, [
        {
          severity: 'error',
          code: 'duplicate',
          diagnostics: 'You already are an active participant',
        },
      ]);
    if (add.role?.some(isPcp) && !isPhysician(caller)) {
      throw unprocessable('Only a physician (TRE_G15 10) can be the médecin traitant (PCP)');
    }
    result.added = add;
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
 * PUT CareTeam/{id} (DCTM update): If-Match required (428), stale → 412, the caller may only add or end
 * their own participation. Locks the patient then the CareTeam; one transaction with the AuditEvent.
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
      if (expected !== version) {
        throw new HttpError(412, [
          {
            severity: 'error',
            code: 'conflict',
            diagnostics: `If-Match ${ifMatch ?? ''} does not match the current version W/"${version}".`,
          },
        ]);
      }
      const current = must(await store.read(tx, 'CareTeam', id), `CareTeam/${id}`);
      const now = ctx.now();
      const auditBase = {
        caller,
        patientId,
        interaction: 'update' as const,
        action: 'U' as const,
        purpose: 'TREAT' as const,
        entities: [`CareTeam/${id}`],
        address,
        now,
      };
      let diff: ParticipantDiff;
      try {
        diff = diffCareTeam(JSON.parse(current.json) as CareTeam, body, caller, now);
      } catch (err) {
        if (err instanceof HttpError && err.status === 403) {
          await writeAudit(tx, { ...auditBase, outcome: '4' });
          return { ok: false, error: err };
        }
        throw err;
      }
      if (!diff.added && !diff.ended) {
        return { ok: true, value: { careTeam: current, changed: false } };
      }
      const stored = await store.write(tx, body, version, {
        now,
        request: { method: 'PUT', url: `CareTeam/${id}` },
      });
      if (diff.ended)
        await endParticipation(tx, id, caller.practitionerRoleId, diff.ended, stored.versionId);
      if (diff.added) {
        await insertParticipation(
          tx,
          id,
          patientId,
          caller.practitionerRoleId,
          must(diff.added.period?.start, 'period.start'),
          null,
          stored.versionId,
        );
      }
      await writeAudit(tx, { ...auditBase, outcome: '0' });
      return { ok: true, value: { careTeam: stored, changed: true } };
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
  if (!isPhysician(caller)) {
    throw forbiddenWithRemedies(
      ['declare-actor'],
      'Only a physician (TRE_G15 10) may break the glass; declare yourself an actor instead.',
    );
  }
  if (reason.trim().length < 10) {
    throw HttpError.of(
      400,
      'invalid',
      'The reason must have at least 10 characters',
      'Parameters.parameter[0].valueString',
    );
  }
  return ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    const exists = await store.read(tx, 'Patient', patientId);
    if (!exists) throw HttpError.of(404, 'not-found', `Patient/${patientId} is not known`);
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
}
