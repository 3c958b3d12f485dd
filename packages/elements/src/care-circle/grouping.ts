/**
 * How a care circle is laid out, independent of rendering: the médecin traitant first, then
 * hospital and community care, each by profession (physicians first), then former members.
 */
import type { CareCircleMember, LabelledCode } from '@lien/client';
import { PHYSICIAN_PROFESSION } from '@lien/client/systems';

/** Care setting of a group. */
export type Setting = 'hospital' | 'community' | 'other';

/** Members sharing a profession within a setting. */
export interface ProfessionGroup {
  /** Profession code, or `''` for members without a profession. */
  code: string;
  /** The profession label in the current language (empty for members without a profession). */
  label: string;
  members: CareCircleMember[];
}

/** Members of one care setting, by profession. */
export interface SettingGroup {
  setting: Setting;
  professions: ProfessionGroup[];
}

/** A care circle laid out for display. */
export interface GroupedCareCircle {
  /** Active members who are médecin traitant (PCP). */
  generalPractitioners: CareCircleMember[];
  /** Other active members, by setting (hospital, community, other) then profession. */
  settings: SettingGroup[];
  /** Former members, most recently ended first. */
  former: CareCircleMember[];
}

/** What grouping needs from the current language. */
export interface GroupingLocale {
  label(code: LabelledCode): string;
  name(member: CareCircleMember): string;
  collator: Intl.Collator;
}

const SETTINGS: Setting[] = ['hospital', 'community', 'other'];

const settingOf = (member: CareCircleMember): Setting => {
  const kind = member.organization?.kind;
  return kind === 'hospital' || kind === 'community' ? kind : 'other';
};

const sortKey = (member: CareCircleMember) =>
  `${member.name.family ?? member.name.text} ${member.name.given ?? ''}`;

/** Lays out members: PCP first, then by setting and profession, then former members. */
export function groupCareCircle(
  members: readonly CareCircleMember[],
  locale: GroupingLocale,
): GroupedCareCircle {
  const { collator } = locale;
  const byName = (a: CareCircleMember, b: CareCircleMember) =>
    collator.compare(sortKey(a), sortKey(b));
  const active = members.filter((m) => m.active);

  const generalPractitioners = active.filter((m) => m.isGeneralPractitioner).sort(byName);
  const others = active.filter((m) => !m.isGeneralPractitioner);

  const settings: SettingGroup[] = [];
  for (const setting of SETTINGS) {
    const inSetting = others.filter((m) => settingOf(m) === setting);
    if (!inSetting.length) continue;
    const professions = new Map<string, ProfessionGroup>();
    for (const member of inSetting) {
      const code = member.profession?.code ?? '';
      let group = professions.get(code);
      if (!group) {
        group = {
          code,
          label: member.profession ? locale.label(member.profession) : '',
          members: [],
        };
        professions.set(code, group);
      }
      group.members.push(member);
    }
    const rank = (g: ProfessionGroup) => (g.code === PHYSICIAN_PROFESSION ? 0 : g.code ? 1 : 2);
    const ordered = [...professions.values()].sort(
      (a, b) => rank(a) - rank(b) || collator.compare(a.label, b.label),
    );
    for (const group of ordered) group.members.sort(byName);
    settings.push({ setting, professions: ordered });
  }

  const ended = (m: CareCircleMember) => (m.until ? Date.parse(m.until) : 0);
  const former = members.filter((m) => !m.active).sort((a, b) => ended(b) - ended(a));

  return { generalPractitioners, settings, former };
}

const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

/**
 * True when the member matches a filter query (name, profession, specialty, organisation,
 * city), ignoring case and accents.
 */
export function memberMatches(
  member: CareCircleMember,
  query: string,
  locale: Pick<GroupingLocale, 'label' | 'name'>,
): boolean {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (!words.length) return true;
  const haystack = fold(
    [
      locale.name(member),
      member.name.text,
      member.profession && locale.label(member.profession),
      member.specialty && locale.label(member.specialty),
      member.organization?.name,
      member.organization?.city,
      ...member.roles.map((role) => locale.label(role)),
    ]
      .filter(Boolean)
      .join(' '),
  );
  return words.every((word) => haystack.includes(word));
}
