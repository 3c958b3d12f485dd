import type { CareCircle, CareCircleMember, LabelledCode, MemberOrganization } from '../model.js';
import type {
  AnyResource,
  Bundle,
  CareTeam,
  CareTeamParticipant,
  ContactPoint,
  HumanName,
} from './resources.js';
import { compact } from '../compact.js';
import { labelCoding, labelFirst } from './labels.js';
import {
  EMAIL_TYPE_EXTENSION,
  MAILBOX_METADATA_EXTENSION,
  ORGANIZATION_KIND,
  PROFESSION,
  ROLE_CODE,
  RPPS,
  SPECIALTY,
} from './urls.js';

/** Index of the resources of a Bundle by `Type/id` (and by `fullUrl`). */
export function indexBundle(bundle: Bundle): Map<string, AnyResource> {
  const index = new Map<string, AnyResource>();
  for (const { resource, fullUrl } of bundle.entry ?? []) {
    if (!resource) continue;
    if (resource.id) index.set(`${resource.resourceType}/${resource.id}`, resource);
    if (fullUrl) {
      index.set(fullUrl, resource);
      const relative = /[A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/.exec(fullUrl)?.[0];
      if (relative && !index.has(relative)) index.set(relative, resource);
    }
  }
  return index;
}

/** The resource a `Type/id` reference points to in the index, when it is of that type. */
function lookup<T extends AnyResource['resourceType']>(
  index: Map<string, AnyResource>,
  reference: string | undefined,
  type: T,
): Extract<AnyResource, { resourceType: T }> | undefined {
  const found = reference ? index.get(reference) : undefined;
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

const extension = (point: ContactPoint, url: string) => point.extension?.find((e) => e.url === url);

/** True when an email ContactPoint is typed MSSANTE (FR Core email-type extension). */
export const isMssante = (point: ContactPoint): boolean =>
  point.system === 'email' &&
  !!point.value &&
  extension(point, EMAIL_TYPE_EXTENSION)?.valueCoding?.code === 'MSSANTE';

/** True when an MSSanté address is on the liste rouge (Annuaire Santé metadata extension). */
export const isListeRouge = (point: ContactPoint): boolean =>
  !!extension(point, MAILBOX_METADATA_EXTENSION)?.extension?.some(
    (e) => e.url === 'listeRouge' && e.valueBoolean === true,
  );

/**
 * Every address marked liste rouge anywhere in the resources, lower-cased: an address flagged on
 * a Practitioner stays hidden where a PractitionerRole (or any other resource) repeats it
 * unflagged.
 */
function listeRougeAddresses(resources: Iterable<AnyResource>): Set<string> {
  const hidden = new Set<string>();
  for (const resource of resources)
    for (const point of ('telecom' in resource && resource.telecom) || [])
      if (point.value && isListeRouge(point)) hidden.add(point.value.toLowerCase());
  return hidden;
}

/** The first publishable MSSanté address among contact points; never a liste-rouge one. */
const publishableMssante = (
  points: readonly ContactPoint[],
  hidden: Set<string>,
): string | undefined =>
  points.find((p) => isMssante(p) && !hidden.has(`${p.value}`.toLowerCase()))?.value;

/** Current phone numbers, without duplicates. */
const phonesOf = (points: readonly ContactPoint[]): string[] => [
  ...new Set(
    points
      .filter((p) => (p.system === 'phone' || p.system === 'sms') && !p.period?.end)
      .map((p) => p.value)
      .filter((value): value is string => !!value),
  ),
];

function organizationOf(
  index: Map<string, AnyResource>,
  reference: string | undefined,
): MemberOrganization | undefined {
  if (!reference) return undefined;
  const org = lookup(index, reference, 'Organization');
  const kind = org?.type
    ?.flatMap((t) => t.coding ?? [])
    .find((c) => c.system === ORGANIZATION_KIND)?.code;
  return compact<MemberOrganization>({
    reference,
    name: org?.name ?? '',
    kind: kind === 'hospital' || kind === 'community' ? kind : 'unknown',
    city: org?.address?.find((a) => a.city)?.city,
  });
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
  { id, member, role, period }: CareTeamParticipant,
  position: number,
  index: Map<string, AnyResource>,
  hidden: Set<string>,
  fhirUser: string | undefined,
  now: number,
): CareCircleMember | undefined {
  const reference = member?.reference;
  if (!reference) return undefined;
  const roles = (role ?? [])
    .flatMap((r) => r.coding ?? [])
    .map(labelCoding)
    .filter((c): c is LabelledCode => !!c);
  const since = period?.start;
  const until = period?.end;
  const base = {
    key: id ?? `${reference}@${since ?? position}`,
    reference,
    roles,
    isGeneralPractitioner: roles.some((r) => r.system === ROLE_CODE && r.code === 'PCP'),
    since,
    until,
    active: !until || Date.parse(until) > now,
    isCurrentUser: false,
  };
  const type = reference.split('/')[0];
  // A professional: through a PractitionerRole (profession, specialty, organisation), or, as
  // FHIR allows, a Practitioner directly.
  if (type === 'PractitionerRole' || type === 'Practitioner') {
    const practitionerRole = lookup(index, reference, 'PractitionerRole');
    const practitionerRef =
      type === 'Practitioner' ? reference : practitionerRole?.practitioner?.reference;
    const practitioner = lookup(index, practitionerRef, 'Practitioner');
    const telecom = [...(practitionerRole?.telecom ?? []), ...(practitioner?.telecom ?? [])];
    return compact<CareCircleMember>({
      ...base,
      kind: 'practitioner',
      name: formatName(practitioner?.name),
      profession: labelFirst(practitionerRole?.code, PROFESSION),
      specialty: labelFirst(practitionerRole?.specialty, SPECIALTY),
      organization: organizationOf(index, practitionerRole?.organization?.reference),
      rpps: practitioner?.identifier?.find((i) => i.system === RPPS)?.value,
      mssante: publishableMssante(telecom, hidden),
      phones: phonesOf(telecom),
      isCurrentUser: !!fhirUser && (fhirUser === reference || fhirUser === practitionerRef),
    });
  }
  if (type === 'RelatedPerson') {
    const person = lookup(index, reference, 'RelatedPerson');
    return compact<CareCircleMember>({
      ...base,
      kind: 'related-person',
      name: formatName(person?.name),
      phones: phonesOf(person?.telecom ?? []),
    });
  }
  if (type === 'Organization') {
    const org = lookup(index, reference, 'Organization');
    const telecom = org?.telecom ?? [];
    return compact<CareCircleMember>({
      ...base,
      kind: 'organization',
      name: { text: org?.name ?? member.display ?? '' },
      organization: organizationOf(index, reference),
      mssante: publishableMssante(telecom, hidden),
      phones: phonesOf(telecom),
    });
  }
  return undefined;
}

/** Maps one CareTeam and the resources it includes into the plain care-circle view model. */
export function careCircleFromCareTeam(
  careTeam: CareTeam | undefined,
  index: Map<string, AnyResource>,
  { patient, fhirUser, now = Date.now() }: CareCircleMapping,
): CareCircle {
  const hidden = listeRougeAddresses(index.values());
  return compact({
    patient,
    careTeam: careTeam?.id ? `CareTeam/${careTeam.id}` : null,
    version: careTeam?.meta?.versionId ?? null,
    name: careTeam?.name || undefined,
    members: (careTeam?.participant ?? [])
      .map((p, i) => memberOf(p, i, index, hidden, fhirUser, now))
      .filter((m): m is CareCircleMember => !!m),
  });
}

/**
 * Maps a CareTeam search result (with `_include`s) into the care-circle view model. The active
 * CareTeam (search mode `match`) comes first; included resources resolve the members.
 */
export function careCircleFromBundle(bundle: Bundle, mapping: CareCircleMapping): CareCircle {
  const teams = (bundle.entry ?? [])
    .filter((e) => e.resource?.resourceType === 'CareTeam' && e.search?.mode !== 'include')
    .map((e) => e.resource as CareTeam);
  const careTeam = teams.find((t) => t.status === 'active') ?? teams[0];
  return careCircleFromCareTeam(careTeam, indexBundle(bundle), mapping);
}
