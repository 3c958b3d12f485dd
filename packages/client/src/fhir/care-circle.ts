import type { CareCircle, CareCircleMember, MemberOrganization } from '../model.js';
import type {
  AnyResource,
  Bundle,
  CareTeam,
  CareTeamParticipant,
  ContactPoint,
  HumanName,
  Organization,
  Practitioner,
  PractitionerRole,
  RelatedPerson,
} from './resources.js';
import { labelCoding, labelFirst } from './labels.js';
import { SYSTEMS } from './systems.js';

/** Index of the resources of a Bundle by `Type/id` (and by `fullUrl`). */
export function indexBundle(bundle: Bundle): Map<string, AnyResource> {
  const index = new Map<string, AnyResource>();
  for (const entry of bundle.entry ?? []) {
    const resource = entry.resource;
    if (!resource) continue;
    if (resource.id) index.set(`${resource.resourceType}/${resource.id}`, resource);
    if (entry.fullUrl) {
      index.set(entry.fullUrl, resource);
      const relative = /([A-Za-z]+\/[A-Za-z0-9\-.]{1,64})$/.exec(entry.fullUrl)?.[1];
      if (relative && !index.has(relative)) index.set(relative, resource);
    }
  }
  return index;
}

function lookup<T extends AnyResource['resourceType']>(
  index: Map<string, AnyResource>,
  reference: string | undefined,
  type: T,
): Extract<AnyResource, { resourceType: T }> | undefined {
  if (!reference) return undefined;
  const found = index.get(reference);
  return found?.resourceType === type
    ? (found as Extract<AnyResource, { resourceType: T }>)
    : undefined;
}

function formatName(names: readonly HumanName[] | undefined): CareCircleMember['name'] {
  const name =
    names?.find((n) => n.use === 'official') ?? names?.find((n) => n.use !== 'old') ?? names?.[0];
  const given = name?.given?.join(' ') || undefined;
  const family = name?.family || undefined;
  const prefix = name?.prefix?.join(' ') || undefined;
  const text = name?.text || [prefix, given, family].filter(Boolean).join(' ');
  return { prefix, given, family, text };
}

function hasExtension(
  point: ContactPoint,
  url: string,
): NonNullable<ContactPoint['extension']>[number] | undefined {
  return point.extension?.find((e) => e.url === url);
}

/** True when an email ContactPoint is typed MSSANTE (FR Core email-type extension). */
export function isMssante(point: ContactPoint): boolean {
  if (point.system !== 'email' || !point.value) return false;
  const type = hasExtension(point, SYSTEMS.emailTypeExtension);
  return type?.valueCoding?.code === 'MSSANTE';
}

/** True when an MSSanté address is on the liste rouge (Annuaire Santé metadata extension). */
export function isListeRouge(point: ContactPoint): boolean {
  const meta = hasExtension(point, SYSTEMS.mailboxMetadataExtension);
  return meta?.extension?.some((e) => e.url === 'listeRouge' && e.valueBoolean === true) ?? false;
}

/** The first publishable MSSanté address among contact points; never a liste-rouge one. */
export function publishableMssante(
  points: readonly ContactPoint[] | undefined,
): string | undefined {
  return points?.find((p) => isMssante(p) && !isListeRouge(p))?.value;
}

function phonesOf(...lists: (readonly ContactPoint[] | undefined)[]): string[] {
  const phones = new Set<string>();
  for (const list of lists) {
    for (const point of list ?? []) {
      if ((point.system === 'phone' || point.system === 'sms') && point.value && !point.period?.end)
        phones.add(point.value);
    }
  }
  return [...phones];
}

function organizationOf(
  reference: string | undefined,
  org: Organization | undefined,
): MemberOrganization | undefined {
  if (!reference && !org) return undefined;
  const kindCode = org?.type
    ?.flatMap((t) => t.coding ?? [])
    .find((c) => c.system === SYSTEMS.organizationKind)?.code;
  const kind = kindCode === 'hospital' || kindCode === 'community' ? kindCode : 'unknown';
  const city = org?.address?.find((a) => a.city)?.city;
  return {
    reference: reference ?? `Organization/${org?.id ?? ''}`,
    name: org?.name ?? '',
    kind,
    ...(city ? { city } : {}),
  };
}

function isActive(participant: CareTeamParticipant, now: number): boolean {
  const end = participant.period?.end;
  if (!end) return true;
  const time = Date.parse(end);
  return Number.isNaN(time) ? false : time > now;
}

/** Options of {@link careCircleFromBundle}. */
export interface CareCircleMapping {
  /** The patient reference, `Patient/123`. */
  patient: string;
  /** The caller's `fhirUser` (Practitioner or PractitionerRole reference), to flag "you". */
  fhirUser?: string;
  /** Clock, for tests. */
  now?: number;
}

function memberOf(
  participant: CareTeamParticipant,
  position: number,
  index: Map<string, AnyResource>,
  mapping: CareCircleMapping,
  now: number,
): CareCircleMember | undefined {
  const reference = participant.member?.reference;
  if (!reference) return undefined;
  const roles = (participant.role ?? [])
    .flatMap((r) => r.coding ?? [])
    .map((c) => labelCoding(c))
    .filter((c): c is NonNullable<typeof c> => c !== undefined);
  const since = participant.period?.start;
  const until = participant.period?.end;
  const base = {
    key: participant.id ?? `${reference}@${since ?? position}`,
    reference,
    roles,
    isGeneralPractitioner: roles.some((r) => r.system === SYSTEMS.roleCode && r.code === 'PCP'),
    ...(since ? { since } : {}),
    ...(until ? { until } : {}),
    active: isActive(participant, now),
  };
  const type = reference.split('/')[0];
  if (type === 'PractitionerRole') {
    const role: PractitionerRole | undefined = lookup(index, reference, 'PractitionerRole');
    const practitioner: Practitioner | undefined = lookup(
      index,
      role?.practitioner?.reference,
      'Practitioner',
    );
    const organization = organizationOf(
      role?.organization?.reference,
      lookup(index, role?.organization?.reference, 'Organization'),
    );
    const rpps = practitioner?.identifier?.find((i) => i.system === SYSTEMS.rpps)?.value;
    const profession = labelFirst(role?.code, SYSTEMS.profession);
    const specialty = labelFirst(role?.specialty, SYSTEMS.specialty);
    const mssante = publishableMssante(role?.telecom) ?? publishableMssante(practitioner?.telecom);
    const practitionerRef = role?.practitioner?.reference;
    return {
      ...base,
      kind: 'practitioner',
      name: formatName(practitioner?.name),
      ...(profession ? { profession } : {}),
      ...(specialty ? { specialty } : {}),
      ...(organization ? { organization } : {}),
      ...(rpps ? { rpps } : {}),
      ...(mssante ? { mssante } : {}),
      phones: phonesOf(role?.telecom, practitioner?.telecom),
      isCurrentUser:
        mapping.fhirUser !== undefined &&
        (mapping.fhirUser === reference || mapping.fhirUser === practitionerRef),
    };
  }
  if (type === 'RelatedPerson') {
    const person: RelatedPerson | undefined = lookup(index, reference, 'RelatedPerson');
    return {
      ...base,
      kind: 'related-person',
      name: formatName(person?.name),
      phones: phonesOf(person?.telecom),
      isCurrentUser: false,
    };
  }
  if (type === 'Organization') {
    const org: Organization | undefined = lookup(index, reference, 'Organization');
    const organization = organizationOf(reference, org);
    const mssante = publishableMssante(org?.telecom);
    return {
      ...base,
      kind: 'organization',
      name: { text: org?.name ?? participant.member?.display ?? '' },
      ...(organization ? { organization } : {}),
      ...(mssante ? { mssante } : {}),
      phones: phonesOf(org?.telecom),
      isCurrentUser: false,
    };
  }
  return undefined;
}

/** Maps one CareTeam and the resources it includes into the plain care-circle view model. */
export function careCircleFromCareTeam(
  careTeam: CareTeam | undefined,
  index: Map<string, AnyResource>,
  mapping: CareCircleMapping,
): CareCircle {
  if (!careTeam) return { patient: mapping.patient, careTeam: null, version: null, members: [] };
  const now = mapping.now ?? Date.now();
  const members = (careTeam.participant ?? [])
    .map((p, i) => memberOf(p, i, index, mapping, now))
    .filter((m): m is CareCircleMember => m !== undefined);
  return {
    patient: mapping.patient,
    careTeam: careTeam.id ? `CareTeam/${careTeam.id}` : null,
    version: careTeam.meta?.versionId ?? null,
    ...(careTeam.name ? { name: careTeam.name } : {}),
    members,
  };
}

/**
 * Maps a CareTeam search result (with `_include`s) into the care-circle view model. The active
 * CareTeam (search mode `match`) comes first; included resources resolve the members.
 */
export function careCircleFromBundle(bundle: Bundle, mapping: CareCircleMapping): CareCircle {
  const index = indexBundle(bundle);
  const teams = (bundle.entry ?? [])
    .filter((e) => e.resource?.resourceType === 'CareTeam' && e.search?.mode !== 'include')
    .map((e) => e.resource as CareTeam);
  const careTeam = teams.find((t) => t.status === 'active') ?? teams[0];
  return careCircleFromCareTeam(careTeam, index, mapping);
}
