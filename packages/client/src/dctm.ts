/**
 * The standard IHE DCTM way to change a care circle, for FHIR servers without Lien's operations:
 * read the CareTeam, change it, write it back whole with `If-Match`; on 412 read again and retry.
 * Resolves with the CareTeam as written (or as read, when nothing needed writing).
 * Loaded on demand by the client.
 */
import type { CallOptions, RoleConcept } from './api.js';
import type { CareTeam } from './fhir/resources.js';
import type { Kit } from './raw.js';

/** Changes a CareTeam in place for the given caller; returns false when nothing needs writing. */
export type CareTeamChange = (team: CareTeam, user: string) => boolean;

const MAX_PRECONDITION_RETRIES = 3;

/** Adds the caller as an active participant (with the role, if any), unless already one. */
export function declaring(role?: RoleConcept): CareTeamChange {
  return (team, user) => {
    const participants = (team.participant ??= []);
    if (participants.some((p) => p.member?.reference === user && !p.period?.end)) return false;
    participants.push({
      member: { reference: user },
      ...(role ? { role: [role] } : {}),
      period: { start: new Date().toISOString() },
    });
    return true;
  };
}

/** Ends the caller's active participations (their history stays). */
export const withdrawing: CareTeamChange = (team, user) => {
  const now = new Date().toISOString();
  let changed = false;
  for (const p of team.participant ?? []) {
    if (p.member?.reference === user && !p.period?.end) {
      p.period = { ...p.period, end: now };
      changed = true;
    }
  }
  return changed;
};

/**
 * Declares (`role` a role or undefined) or withdraws (`'withdraw'`) the caller, `user`, in the
 * patient's CareTeam.
 */
export async function updateCareTeam(
  { fhir, unwrap, LienError }: Kit,
  reference: string,
  user: string | undefined,
  call: CallOptions,
  role: RoleConcept | undefined | 'withdraw',
): Promise<CareTeam> {
  if (!user) {
    throw new LienError(
      'The caller’s identity (fhirUser) is unknown: cannot change the care circle.',
      { code: 'invalid' },
    );
  }
  const change = role === 'withdraw' ? withdrawing : declaring(role);
  for (let attempt = 0; ; attempt++) {
    const data = await unwrap(
      fhir.GET('/CareTeam', {
        params: { query: { patient: reference, status: 'active' } },
        signal: call.signal,
      }),
    );
    const team = data.entry
      ?.map((e) => e.resource)
      .find((r): r is CareTeam => r?.resourceType === 'CareTeam');
    if (!team?.id || !team.meta?.versionId) {
      throw new LienError('This patient has no care circle on the server yet.', {
        code: 'not-found',
        status: 404,
      });
    }
    if (!change(team, user)) return team;
    try {
      return await unwrap(
        fhir.PUT('/CareTeam/{id}', {
          params: { path: { id: team.id }, header: { 'If-Match': `W/"${team.meta.versionId}"` } },
          body: team,
          signal: call.signal,
        }),
      );
    } catch (error) {
      const stale = error instanceof LienError && error.status === 412;
      if (!stale || attempt + 1 >= MAX_PRECONDITION_RETRIES) throw error;
    }
  }
}
