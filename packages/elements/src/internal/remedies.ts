/**
 * Which of the remedies the server offered after a refusal the current user can act on. The
 * server decides; the elements only hide emergency access from users known not to be physicians.
 */
import type { AccessRemedy, CurrentUser } from '@lien/client';
import { PHYSICIAN_PROFESSION } from '@lien/client/systems';

/** True unless the user is known not to be a physician (emergency access is theirs only). */
export function mayBreakTheGlass(user: CurrentUser | null | undefined): boolean {
  const profession = user?.professionCode;
  return profession === undefined || profession === PHYSICIAN_PROFESSION;
}

/** The remedies the user can act on, in the server's order. */
export function availableRemedies(
  remedies: readonly AccessRemedy[],
  user: CurrentUser | null | undefined,
): AccessRemedy[] {
  return remedies.filter(
    (remedy) =>
      remedy === 'declare-actor' || (remedy === 'break-the-glass' && mayBreakTheGlass(user)),
  );
}
