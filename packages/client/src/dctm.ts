/**
 * The standard IHE DCTM way to change a care circle, for FHIR servers without Lien's operations:
 * read the CareTeam, change it, write it back whole with `If-Match`; on 412 read again and retry.
 * Resolves with the CareTeam as written (or as read, when nothing needed writing).
 * Loaded on demand by the client.
 */
import type { CallOptions, RoleConcept } from './api.js';
import type { CareTeam } from './fhir/resources.js';
import type { Kit } from './raw.js';

/**
 * Changes a CareTeam in place for the caller, `user`; `isUser` tells whether a member reference
 * is the caller (their own reference, or, for a `Practitioner/…` caller, one of their
 * PractitionerRoles). Returns false when nothing needs writing.
 */
export type CareTeamChange = (
  team: CareTeam,
  user: string,
  isUser: (reference: string | undefined) => boolean,
) => boolean;

const MAX_PRECONDITION_RETRIES = 3;

/** Adds the caller as an active participant (with the role, if any), unless already one. */
export function declaring(role?: RoleConcept): CareTeamChange {
  return (team, user, isUser) => {
    const participants = (team.participant ??= []);
    if (participants.some((p) => isUser(p.member?.reference) && !p.period?.end)) return false;
    participants.push({
      member: { reference: user },
      ...(role ? { role: [role] } : {}),
      period: { start: new Date().toISOString() },
    });
    return true;
  };
}

/** Ends the caller's active participations (their history stays). */
export const withdrawing: CareTeamChange = (team, _user, isUser) => {
  const now = new Date().toISOString();
  let changed = false;
  for (const p of team.participant ?? []) {
    if (isUser(p.member?.reference) && !p.period?.end) {
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
        params: {
          query: { patient: reference, status: 'active', _include: ['CareTeam:participant'] },
        },
        signal: call.signal,
      }),
    );
    const entries = data.entry ?? [];
    const resources = entries.map((e) => e.resource);
    const team = entries.find(
      (e) => e.resource?.resourceType === 'CareTeam' && e.search?.mode !== 'include',
    )?.resource as CareTeam | undefined;
    // The caller's PractitionerRoles among the included members (for a Practitioner caller).
    const roles = new Set(
      resources.flatMap((r) =>
        r?.resourceType === 'PractitionerRole' && r.practitioner?.reference === user
          ? [`PractitionerRole/${r.id}`]
          : [],
      ),
    );
    const isUser = (member: string | undefined) =>
      member === user || (!!member && roles.has(member));
    if (!team?.id || !team.meta?.versionId) {
      throw new LienError('This patient has no care circle on the server yet.', {
        code: 'not-found',
        status: 404,
      });
    }
    if (!change(team, user, isUser)) return team;
    try {
      // A server may answer the write with no body: the CareTeam is then as sent.
      return await unwrap(
        fhir.PUT('/CareTeam/{id}', {
          params: { path: { id: team.id }, header: { 'If-Match': `W/"${team.meta.versionId}"` } },
          body: team,
          signal: call.signal,
        }),
        team,
      );
    } catch (error) {
      const stale = error instanceof LienError && error.status === 412;
      if (!stale || attempt + 1 >= MAX_PRECONDITION_RETRIES) throw error;
    }
  }
}
