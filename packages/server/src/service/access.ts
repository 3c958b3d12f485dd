import type { Caller } from '../auth/identity.js';
import { isPhysician } from '../auth/identity.js';
import type { Queryable } from '../db/types.js';
import type { AccessRemedy } from '../fhir/codes.js';
import { forbiddenWithRemedies, HttpError } from '../fhir/outcome.js';
import type { AuditInput } from './audit.js';
import { writeAudit } from './audit.js';
import type { ServiceContext } from './context.js';

/** Why the caller may see a patient's data. */
export type AccessBasis = 'member' | 'break-glass';

/** Looks up whether the patient exists and on what basis the caller may access their data. */
export async function accessBasis(
  q: Queryable,
  caller: Caller,
  patientId: string,
  now: Date,
): Promise<{ exists: boolean; basis: AccessBasis | null }> {
  const res = await q.query<{ exists: boolean; member: boolean; btg: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM resource_head WHERE type = 'Patient' AND id = $1) AS exists,
            EXISTS (SELECT 1 FROM care_team_participation
                     WHERE patient_id = $1 AND member_type = 'PractitionerRole' AND member_id = $2
                       AND period_end IS NULL) AS member,
            EXISTS (SELECT 1 FROM break_glass_grant
                     WHERE patient_id = $1 AND practitioner_role_id = $2
                       AND expires > $3::timestamptz) AS btg`,
    [patientId, caller.practitionerRoleId, now.toISOString()],
    'access_basis',
  );
  const row = res.rows[0];
  if (!row) return { exists: false, basis: null };
  return { exists: row.exists, basis: row.member ? 'member' : row.btg ? 'break-glass' : null };
}

/** Remedies open to a caller refused access to a patient's data. */
export function remediesFor(caller: Caller): AccessRemedy[] {
  return isPhysician(caller) ? ['declare-actor', 'break-the-glass'] : ['declare-actor'];
}

/**
 * The 403 a caller gets on a patient's data. The patient is named only when the caller named them
 * (a search by patient, an operation on `Patient/{id}`): a refusal of a resource asked for by id
 * must not tell who it belongs to.
 */
export function accessDenied(caller: Caller, patientId?: string): HttpError {
  return forbiddenWithRemedies(
    remediesFor(caller),
    patientId
      ? `PractitionerRole/${caller.practitionerRoleId} is not an active participant of the care circle of Patient/${patientId} and holds no emergency access.`
      : `PractitionerRole/${caller.practitionerRoleId} is not an active participant of the care circle this resource belongs to and holds no emergency access.`,
  );
}

/** What {@link withPatientAccess} records in the audit trail. */
export type AuditSpec = Pick<AuditInput, 'interaction' | 'action' | 'operation' | 'address'> & {
  entities?: string[];
};

/**
 * Runs `fn` in one transaction if the caller may access the patient's data, and records the access
 * (or the refusal) as an AuditEvent in that same transaction. Refusal → 403 with remedies; unknown
 * patient → 404 (or `onMissing`). `audit` is called with the value on success, with `undefined` on
 * a refusal (so the refusal names what was asked for). `byId`: the request named a resource, not
 * the patient — the refusal's text does not name the patient.
 */
export async function withPatientAccess<T>(
  ctx: ServiceContext,
  caller: Caller,
  patientId: string,
  audit: AuditSpec | ((value: T | undefined) => AuditSpec),
  fn: (tx: Queryable, basis: AccessBasis) => Promise<T>,
  onMissing?: () => T,
  byId = false,
): Promise<T> {
  const now = ctx.now();
  const specOf = (value: T | undefined): AuditSpec =>
    typeof audit === 'function' ? audit(value) : audit;
  type R = { ok: true; value: T } | { ok: false; error: HttpError } | { ok: 'missing' };
  const result = await ctx.db.transaction<R>(async (tx) => {
    const { exists, basis } = await accessBasis(tx, caller, patientId, now);
    if (!exists) return { ok: 'missing' };
    if (!basis) {
      await writeAudit(tx, {
        caller,
        patientId,
        ...specOf(undefined),
        outcome: '4',
        purpose: 'TREAT',
        now,
      });
      return { ok: false, error: accessDenied(caller, byId ? undefined : patientId) };
    }
    const value = await fn(tx, basis);
    await writeAudit(tx, {
      caller,
      patientId,
      ...specOf(value),
      outcome: '0',
      purpose: basis === 'break-glass' ? 'BTG' : 'TREAT',
      now,
    });
    return { ok: true, value };
  });
  if (result.ok === true) return result.value;
  if (result.ok === 'missing') {
    if (onMissing) return onMissing();
    throw HttpError.of(404, 'not-found', `Patient/${patientId} is not known`);
  }
  throw result.error;
}
