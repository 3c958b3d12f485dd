/**
 * What the demo EHR asks the reference server (same origin): the seeded professionals and patients
 * (`/dev/users`, `/dev/patients`), development tokens (`POST /dev/token`) and the patient's
 * demographics (`/fhir/Patient/{id}`) for the banner. A real EHR has its own patient list and
 * its own sign-in (Pro Santé Connect); these routes stand in for them.
 */
import type { AccessTokenGetter } from '@lien/client';
import { SYSTEMS } from '@lien/client/systems';

/** One seeded professional, as `GET /dev/users` lists them. */
export interface DevUser {
  rpps: string;
  name: string;
  profession: { code: string; display: string };
  practitionerRole: string;
  organization?: string;
}

/** One seeded patient, as `GET /dev/patients` lists them. */
export interface DevPatient {
  id: string;
  /** INS-NIR value (15 digits), or null. */
  ins: string | null;
  /**
   * The INS's system: `SYSTEMS.insNir` (production OID) or `SYSTEMS.insNirTest` (test OID, the
   * demo seed's); null without INS. `${insSystem}|${ins}` is what the elements take.
   */
  insSystem: string | null;
  name: string;
  careCircleSize: number;
}

/** The few Patient fields the banner shows. */
export interface PatientDemographics {
  id: string;
  given: string[];
  family: string;
  gender?: string;
  birthDate?: string;
  ins?: { system: string; value: string };
  /** FR Core identity status: `VALI` validated, `QUAL` qualified (INSi), `PROV`… */
  identityStatus?: string;
}

/** A failed request to the demo server (status 0: network). */
export class DevApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'DevApiError';
  }
}

async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin', ...init });
  } catch (error) {
    if (init?.signal?.aborted) throw error;
    throw new DevApiError(`${url}: network error`, 0);
  }
  if (!response.ok) throw new DevApiError(`${url}: HTTP ${response.status}`, response.status);
  return (await response.json()) as T;
}

export function fetchUsers(signal?: AbortSignal): Promise<DevUser[]> {
  return getJson<DevUser[]>('/dev/users', { signal });
}

export function fetchPatients(signal?: AbortSignal): Promise<DevPatient[]> {
  return getJson<DevPatient[]>('/dev/patients', { signal });
}

/** Refresh a token this long before it expires. */
const EXPIRY_MARGIN_MS = 60_000;

/**
 * A token getter for `<lien-provider>`: signs in as the professional with `POST /dev/token`,
 * keeps the token until shortly before it expires, and asks for a new one when the client says
 * `forceRefresh` (after a 401). Concurrent calls share one request.
 */
export function devTokenGetter(rpps: string): AccessTokenGetter {
  let cached: { token: string; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;
  const request = async (): Promise<string> => {
    const body = await getJson<{ access_token: string; expires_in: number }>('/dev/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ rpps }),
      cache: 'no-store',
    });
    cached = { token: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 };
    return body.access_token;
  };
  return async (options) => {
    if (cached && cached.expiresAt - EXPIRY_MARGIN_MS > Date.now() && !options?.forceRefresh) {
      return cached.token;
    }
    pending ??= request().finally(() => {
      pending = undefined;
    });
    return pending;
  };
}

interface FhirPatient {
  id?: string;
  name?: { given?: string[]; family?: string; use?: string }[];
  gender?: string;
  birthDate?: string;
  identifier?: { system?: string; value?: string }[];
  extension?: {
    url?: string;
    extension?: { url?: string; valueCoding?: { code?: string } }[];
  }[];
}

const INS_SYSTEMS: string[] = [SYSTEMS.insNir, SYSTEMS.insNirTest];
const IDENTITY_RELIABILITY =
  'https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-identity-reliability';

/** The patient's demographics, read with the signed-in professional's token (audited). */
export async function fetchPatient(
  id: string,
  getToken: AccessTokenGetter,
  signal?: AbortSignal,
): Promise<PatientDemographics> {
  const token = await getToken();
  const resource = await getJson<FhirPatient>(`/fhir/Patient/${encodeURIComponent(id)}`, {
    headers: { Accept: 'application/fhir+json', Authorization: `Bearer ${token ?? ''}` },
    signal,
  });
  const name = resource.name?.find((n) => n.use === 'official') ?? resource.name?.[0];
  const ins = resource.identifier
    ?.map(({ system, value }) => (system && value ? { system, value } : undefined))
    .find((i) => i && INS_SYSTEMS.includes(i.system));
  const status = resource.extension
    ?.find((e) => e.url === IDENTITY_RELIABILITY)
    ?.extension?.find((e) => e.url === 'identityStatus')?.valueCoding?.code;
  return {
    id: resource.id ?? id,
    given: name?.given ?? [],
    family: name?.family ?? '',
    ...(resource.gender ? { gender: resource.gender } : {}),
    ...(resource.birthDate ? { birthDate: resource.birthDate } : {}),
    ...(ins ? { ins } : {}),
    ...(status ? { identityStatus: status } : {}),
  };
}
