import createClient from 'openapi-fetch';
import type { paths } from './generated/lien-api.js';
import type { Kit, RawClient } from './raw.js';
import type { CallOptions, DeclareOptions, LienDomainApi, RoleConcept } from './api.js';
import type {
  BreakTheGlassGrant,
  CareCircle,
  CurrentUser,
  DeclarationResult,
  LetterContent,
  LetterSummary,
} from './model.js';
import type { CapabilityStatement, Patient } from './fhir/resources.js';
import type { AccessTokenGetter } from './http/auth.js';
import { compact } from './compact.js';
import { LienError, aborted } from './errors.js';
import { unwrap } from './http/unwrap.js';
import { careCircleFromBundle, careCircleFromCareTeam } from './fhir/care-circle.js';
import { labelCoding } from './fhir/labels.js';
import { LETTER_TYPES } from './fhir/systems.js';
import { LOINC } from './fhir/urls.js';
import {
  createResilientFetch,
  discard,
  type FetchLike,
  type RetryOptions,
} from './http/resilient-fetch.js';
import { readJwtClaims } from './http/token.js';

/** Options of {@link createLienClient}. */
export interface LienClientOptions {
  /** FHIR base URL of the Lien server, e.g. `https://lien.example.fr/fhir`. */
  baseUrl: string;
  /** Returns the caller's access token; called before each request, and with `forceRefresh` after a 401. */
  getAccessToken?: AccessTokenGetter;
  /**
   * The caller's `Practitioner/…` or `PractitionerRole/…` reference. Defaults to the `fhirUser`
   * claim of the access token when it is a JWT.
   */
  fhirUser?: string;
  /** The `fetch` to use (defaults to the global one). */
  fetch?: FetchLike;
  /** Retry policy of idempotent requests; `false` disables retries. */
  retry?: RetryOptions | false;
  /** Time limit of one request attempt, in ms (default 15000). */
  timeoutMs?: number;
}

/** A Lien client: the domain methods, plus `fhir`, the raw client typed by the contract. */
export interface LienClient extends LienDomainApi {
  /** The raw openapi-fetch client, typed by the contract's generated `paths`. */
  readonly fhir: RawClient;
  /** Resolves `Patient/123`, `123` or an INS `system|value` to the Patient (cached per client). */
  resolvePatient(patient: string, options?: CallOptions): Promise<Patient>;
}

type PatientRef = { id: string } | { identifier: string };

/** Parses a patient reference: `Patient/123`, `123`, or an INS `system|value`. */
export function parsePatientRef(ref: string): PatientRef {
  const trimmed = ref.trim();
  const id = /^(?:Patient\/)?([A-Za-z0-9\-.]{1,64})$/.exec(trimmed)?.[1];
  if (id) return { id };
  if (/^[^|]+\|[^|]+$/.test(trimmed)) return { identifier: trimmed };
  throw new LienError(`"${ref}" is not a patient reference (Patient/123, 123 or system|value).`, {
    code: 'invalid',
  });
}

/** The caller's reference from a `fhirUser` (relative or absolute URL, `_history` ignored). */
const userReference = (user: unknown): string | undefined =>
  typeof user === 'string'
    ? /(?:^|\/)((?:Practitioner|PractitionerRole)\/[A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]*)?$/.exec(
        user,
      )?.[1]
    : undefined;

/**
 * A request shared by several calls (a cache entry) runs without any caller's signal; each call
 * waits for it under its own, so that one caller's abort fails that caller only.
 */
function until<T>(shared: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return shared;
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(aborted(signal.reason));
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    shared.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

/**
 * Creates a Lien client. It works in browsers and Node ≥ 20 with no polyfill.
 *
 * @example
 * const lien = createLienClient({ baseUrl: 'https://lien.example.fr/fhir', getAccessToken });
 * const circle = await lien.getCareCircle('urn:oid:1.2.250.1.213.1.4.8|248039263001064', { signal });
 */
export function createLienClient(options: LienClientOptions): LienClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const getAccessToken = options.getAccessToken;
  const send = createResilientFetch({
    ...options,
    fetch: options.fetch ?? ((request) => fetch(request)),
  });
  /** The token getter's answer; its failure is the caller's sign-in, not the network. */
  const accessToken = async (refresh?: { forceRefresh: true }) => {
    try {
      return (await getAccessToken?.(refresh)) || undefined;
    } catch (cause) {
      throw new LienError('No access token could be obtained.', { code: 'unauthorized', cause });
    }
  };
  const fhir = createClient<paths, 'application/fhir+json'>({
    baseUrl,
    headers: { Accept: 'application/fhir+json' },
    // Every request, the raw client's too: FHIR bodies are `application/fhir+json` (openapi-fetch
    // labels JSON bodies `application/json`); the token, and after a 401 a fresh token and the
    // request once more. The resilient fetch sends clones, so the request can be sent again.
    // When no fresh token comes, the 401 is the answer.
    async fetch(request: Request) {
      const headers = request.headers;
      if (headers.get('Content-Type') === 'application/json')
        headers.set('Content-Type', 'application/fhir+json');
      const authorize = (token: string | undefined) =>
        token && headers.set('Authorization', `Bearer ${token}`);
      authorize(await accessToken());
      const response = await send(request);
      if (response.status !== 401) return response;
      const fresh = await accessToken({ forceRefresh: true }).catch(() => undefined);
      if (!fresh) return response;
      authorize(fresh);
      await discard(response);
      return send(request);
    },
  });
  const kit: Kit = { fhir, unwrap, LienError, labelCoding, loinc: LOINC, LETTER_TYPES };

  const patients = new Map<string, Promise<Patient>>();
  let capabilities: Promise<CapabilityStatement> | undefined;

  /** The token's claims; none when the getter fails (the requests report that). */
  const claims = async () => readJwtClaims(await accessToken().catch(() => undefined));

  /** The caller's `Practitioner/…` or `PractitionerRole/…` reference, when known. */
  const fhirUser = async () => userReference(options.fhirUser || (await claims())?.fhirUser);

  async function resolvePatient(patient: string, { signal }: CallOptions = {}): Promise<Patient> {
    const ref = parsePatientRef(patient);
    const key = 'id' in ref ? `Patient/${ref.id}` : ref.identifier;
    let pending = patients.get(key);
    if (!pending) {
      pending =
        'id' in ref
          ? unwrap(fhir.GET('/Patient/{id}', { params: { path: ref } }))
          : unwrap(fhir.GET('/Patient', { params: { query: ref } })).then((bundle) => {
              const found = new Map<string, Patient>();
              for (const { resource } of bundle.entry ?? [])
                if (resource?.resourceType === 'Patient' && resource.id)
                  found.set(resource.id, resource as Patient);
              // Identity vigilance: an identifier that names two records is refused, never
              // resolved to one of them.
              if (found.size !== 1)
                throw new LienError(
                  found.size
                    ? `Several patients have the identifier ${ref.identifier}.`
                    : `No patient with identifier ${ref.identifier}.`,
                  found.size ? { code: 'conflict' } : { code: 'not-found', status: 404 },
                );
              const patient = found.values().next().value as Patient;
              patients.set(`Patient/${patient.id}`, Promise.resolve(patient));
              return patient;
            });
      patients.set(key, pending);
      pending.catch(() => patients.delete(key));
    }
    return until(pending, signal);
  }

  /** `Patient/123` for any accepted form; reads the Patient only for an INS (once, cached). */
  async function patientReference(patient: string, call: CallOptions): Promise<string> {
    const ref = parsePatientRef(patient);
    return `Patient/${'id' in ref ? ref.id : (await resolvePatient(patient, call)).id}`;
  }

  /** Whether the server lists the operation (a server without `/metadata` lists none). */
  async function supportsOperation(name: string, signal?: AbortSignal): Promise<boolean> {
    capabilities ??= unwrap(fhir.GET('/metadata')).catch((error: unknown) => {
      if (error instanceof LienError && error.code === 'not-found')
        return {} as CapabilityStatement;
      capabilities = undefined;
      throw error;
    });
    return (
      (await until(capabilities, signal)).rest?.some((rest) =>
        [rest, ...(rest.resource ?? [])].some((r) => r.operation?.some((op) => op.name === name)),
      ) ?? false
    );
  }

  async function getCareCircle(patient: string, call: CallOptions = {}): Promise<CareCircle> {
    const reference = await patientReference(patient, call);
    const bundle = await unwrap(
      fhir.GET('/CareTeam', {
        params: {
          query: {
            patient: reference,
            status: 'active',
            _include: ['CareTeam:participant'],
            '_include:iterate': ['PractitionerRole:practitioner', 'PractitionerRole:organization'],
          },
        },
        signal: call.signal,
      }),
    );
    return careCircleFromBundle(bundle, { patient: reference, fhirUser: await fhirUser() });
  }

  const resultFor = (careCircle: CareCircle): DeclarationResult =>
    compact({ careCircle, member: careCircle.members.find((m) => m.active && m.isCurrentUser) });

  /** The standard DCTM path (loaded on demand: only servers without Lien's operations need it). */
  const updateCareTeam = async (
    reference: string,
    call: CallOptions,
    role: RoleConcept | undefined | 'withdraw',
  ) => (await import('./dctm.js')).updateCareTeam(kit, reference, await fhirUser(), call, role);

  async function declareSelf(
    patient: string,
    { attestation, role, signal }: DeclareOptions,
  ): Promise<DeclarationResult> {
    if (attestation !== true) {
      throw new LienError('Declaring requires the attestation that the patient authorised it.', {
        code: 'invalid',
      });
    }
    const call = { signal };
    const reference = await patientReference(patient, call);
    if (await supportsOperation('declare-actor', signal)) {
      const parameter: {
        name: string;
        valueBoolean?: boolean;
        valueCodeableConcept?: RoleConcept;
      }[] = [{ name: 'attestation', valueBoolean: true }];
      if (role) parameter.push({ name: 'role', valueCodeableConcept: role });
      await unwrap(
        fhir.POST('/Patient/{id}/$declare-actor', {
          params: { path: { id: reference.slice(8) } },
          body: { resourceType: 'Parameters', parameter },
          signal,
        }),
      );
    } else {
      await updateCareTeam(reference, call, role);
    }
    return resultFor(await getCareCircle(reference, call));
  }

  async function withdrawSelf(patient: string, call: CallOptions = {}): Promise<DeclarationResult> {
    const reference = await patientReference(patient, call);
    const team = (await supportsOperation('withdraw-actor', call.signal))
      ? await unwrap(
          fhir.POST('/Patient/{id}/$withdraw-actor', {
            params: { path: { id: reference.slice(8) } },
            body: { resourceType: 'Parameters' },
            signal: call.signal,
          }),
        )
      : await updateCareTeam(reference, call, 'withdraw');
    // Once withdrawn, the caller may no longer read the circle: then the CareTeam just written
    // (members as references only) is what they get back.
    try {
      return resultFor(await getCareCircle(reference, call));
    } catch (error) {
      if (!(error instanceof LienError) || error.code !== 'forbidden') throw error;
      return resultFor(
        careCircleFromCareTeam(team, new Map(), { patient: reference, fhirUser: await fhirUser() }),
      );
    }
  }

  async function breakTheGlass(
    patient: string,
    reason: string,
    { signal }: CallOptions = {},
  ): Promise<BreakTheGlassGrant> {
    const reference = await patientReference(patient, { signal });
    const data = await unwrap(
      fhir.POST('/Patient/{id}/$break-the-glass', {
        params: { path: { id: reference.slice(8) } },
        body: { resourceType: 'Parameters', parameter: [{ name: 'reason', valueString: reason }] },
        signal,
      }),
    );
    const expires = data.parameter?.find((p) => p.name === 'expires')?.valueInstant;
    if (!expires)
      throw new LienError('The server granted no expiry for the emergency access.', {
        code: 'server',
      });
    return { patient: reference, expires };
  }

  async function currentUser(): Promise<CurrentUser | null> {
    const reference = await fhirUser();
    if (!reference) return null;
    const token = await claims();
    const idnps = token?.SubjectNameID;
    return compact({
      reference,
      name:
        [token?.given_name, token?.family_name]
          .filter((s) => typeof s === 'string' && s)
          .join(' ') || undefined,
      professionCode: token?.SubjectRefPro?.exercices?.[0]?.codeProfession || undefined,
      rpps: typeof idnps === 'string' && /^8\d{11}$/.test(idnps) ? idnps.slice(1) : undefined,
    });
  }

  async function listDischargeLetters(
    patient: string,
    call: CallOptions = {},
  ): Promise<LetterSummary[]> {
    const reference = await patientReference(patient, call);
    return (await import('./letters-api.js')).listDischargeLetters(kit, reference, call);
  }

  async function getLetter(
    documentReference: string,
    call: CallOptions = {},
  ): Promise<LetterContent> {
    return (await import('./letters-api.js')).getLetter(kit, documentReference, call);
  }

  return {
    fhir,
    baseUrl,
    resolvePatient,
    currentUser,
    getCareCircle,
    declareSelf,
    withdrawSelf,
    breakTheGlass,
    listDischargeLetters,
    getLetter,
  };
}
