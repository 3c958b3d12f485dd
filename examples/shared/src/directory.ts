/**
 * The seeded professionals as the example's user selector lists them: grouped by profession,
 * physicians first, each group named in the page's language. In a real EHR, its own directory.
 */
import type { DevUser } from '@lien/ehr-demo/dev-api';
import type { Lang } from './i18n.js';
import { professionLabel } from './i18n.js';

export interface ProfessionGroup {
  /** TRE_G15 profession code (`10` physician, `21` pharmacist…). */
  code: string;
  /** The profession's name in the page's language: the `<optgroup>`'s label. */
  label: string;
  users: DevUser[];
}

/** Physicians first, then the other professions in TRE_G15 code order. */
export function professionGroups(users: readonly DevUser[], lang: Lang): ProfessionGroup[] {
  const byCode = new Map<string, DevUser[]>();
  for (const user of users) {
    byCode.set(user.profession.code, [...(byCode.get(user.profession.code) ?? []), user]);
  }
  const rank = (code: string) => (code === '10' ? -1 : Number(code) || 0);
  return [...byCode]
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([code, list]) => ({
      code,
      label: professionLabel(lang, code, list[0]?.profession.display ?? code),
      users: list,
    }));
}
