import createClient from 'openapi-fetch';
import type { paths } from './generated/lien-api.js';
import type { RawClient } from './raw.js';
import type { CallOptions, DeclareOptions, LienDomainApi, RoleConcept } from './api.js';
import type {
  BreakTheGlassGrant,
  CareCircle,
  CurrentUser,
  DeclarationResult,
  LetterContent,
  LetterSummary,
} from './model.js';
import type { CapabilityStatement, CareTeam, Patient } from './fhir/resources.js';
import { LienError } from './errors.js';
import { unwrap } from './http/unwrap.js';
import { careCircleFromBundle, careCircleFromCareTeam } from './fhir/care-circle.js';
import { authMiddleware, type AccessTokenGetter } from './http/auth.js';
import { createResilientFetch, type FetchLike, type RetryOptions } from './http/resilient-fetch.js';
import { readJwtClaims, type TokenClaims } from './http/token.js';

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

const ID = /^[A-Za-z0-9\-.]{1,64}$/;

type PatientRef = { id: string } | { identifier: string };

/** Parses a patient reference: `Patient/123`, `123`, or an INS `system|value`. */
export function parsePatientRef(ref: string): PatientRef {
  const trimmed = ref.trim();
  const withType = /^Patient\/([^/]+)$/.exec(trimmed);
  const id = withType ? withType[1] : trimmed;
  if (id !== undefined && ID.test(id)) return { id };
  const bar = trimmed.indexOf('|');
  if (bar > 0 && bar < trimmed.length - 1 && !trimmed.slice(bar + 1).includes('|'))
    return { identifier: trimmed };
  throw new LienError(`"${ref}" is not a patient reference (Patient/123, 123 or system|value).`, {
    code: 'invalid',
  });
}

/**
 * Creates a Lien client. It works in browsers and Node ≥ 20 with no polyfill.
 *
 * @example
 * const lien = createLienClient({ baseUrl: 'https://lien.example.fr/fhir', getAccessToken });
 * const circle = await lien.getCareCircle('urn:oid:1.2.250.1.213.1.4.8|2800575123456', { signal });
 */
export function createLienClient(options: LienClientOptions): LienClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const rawFetch: FetchLike = options.fetch ?? ((request) => globalThis.fetch(request));
  const send = createResilientFetch({
    fetch: rawFetch,
    ...(options.retry !== undefined ? { retry: options.retry } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
  const fhir = createClient<paths, 'application/fhir+json'>({
    baseUrl,
    fetch: send,
    headers: { Accept: 'application/fhir+json' },
  });
  // FHIR bodies are `application/fhir+json` (openapi-fetch labels JSON bodies `application/json`).
  fhir.use({
    onRequest({ request }) {
      if (request.headers.get('Content-Type') === 'application/json') {
        request.headers.set('Content-Type', 'application/fhir+json');
      }
      return request;
    },
  });
  const getAccessToken = options.getAccessToken;
  if (getAccessToken) fhir.use(authMiddleware(getAccessToken, send));

  const patients = new Map<string, Promise<Patient>>();
  let capabilities: Promise<CapabilityStatement> | undefined;

  async function claims(): Promise<TokenClaims | undefined> {
    return readJwtClaims((await getAccessToken?.()) ?? undefined);
  }

  async function fhirUser(): Promise<string | undefined> {
    if (options.fhirUser) return options.fhirUser;
    const claim = (await claims())?.fhirUser;
    return typeof claim === 'string' ? claim : undefined;
  }

  function cached<T>(
    map: Map<string, Promise<T>>,
    key: string,
    load: () => Promise<T>,
  ): Promise<T> {
    let pending = map.get(key);
    if (!pending) {
      pending = load();
      map.set(key, pending);
      pending.catch(() => map.delete(key));
    }
    return pending;
  }

  async function resolvePatient(patient: string, call: CallOptions = {}): Promise<Patient> {
    const ref = parsePatientRef(patient);
    const key = 'id' in ref ? `Patient/${ref.id}` : ref.identifier;
    return cached(patients, key, async () => {
      if ('id' in ref) {
        const { data } = await unwrap(
          fhir.GET('/Patient/{id}', { params: { path: { id: ref.id } }, signal: call.signal }),
        );
        return data;
      }
      const { data } = await unwrap(
        fhir.GET('/Patient', {
          params: { query: { identifier: ref.identifier } },
          signal: call.signal,
        }),
      );
      const found = data.entry
        ?.map((e) => e.resource)
        .find((r): r is Patient => r?.resourceType === 'Patient');
      if (!found?.id)
        throw new LienError(`No patient with identifier ${ref.identifier}.`, {
          code: 'not-found',
          status: 404,
        });
      patients.set(`Patient/${found.id}`, Promise.resolve(found));
      return found;
    });
  }

  /** `Patient/123` for any accepted form; reads the Patient only for an INS (once, cached). */
  async function patientReference(patient: string, call: CallOptions): Promise<string> {
    const ref = parsePatientRef(patient);
    if ('id' in ref) return `Patient/${ref.id}`;
    const resolved = await resolvePatient(patient, call);
    return `Patient/${resolved.id ?? ''}`;
  }

  async function supportsOperation(name: string, call: CallOptions): Promise<boolean> {
    capabilities ??= unwrap(fhir.GET('/metadata', { signal: call.signal })).then((r) => r.data);
    capabilities.catch(() => (capabilities = undefined));
    const statement = await capabilities;
    return (statement.rest ?? []).some(
      (rest) =>
        (rest.operation ?? []).some((op) => op.name === name) ||
        (rest.resource ?? []).some((r) => (r.operation ?? []).some((op) => op.name === name)),
    );
  }

  async function getCareCircle(patient: string, call: CallOptions = {}): Promise<CareCircle> {
    const reference = await patientReference(patient, call);
    const { data } = await unwrap(
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
    const user = await fhirUser();
    return careCircleFromBundle(data, { patient: reference, ...(user ? { fhirUser: user } : {}) });
  }

  function resultFor(circle: CareCircle): DeclarationResult {
    const member = circle.members.find((m) => m.active && m.isCurrentUser);
    return { careCircle: circle, ...(member ? { member } : {}) };
  }

  /** The standard DCTM path (loaded on demand: only servers without Lien's operations need it). */
  async function updateCareTeam(
    reference: string,
    call: CallOptions,
    role: RoleConcept | undefined | 'withdraw',
  ): Promise<CareTeam> {
    const user = await fhirUser();
    if (!user) {
      throw new LienError(
        'The caller’s identity (fhirUser) is unknown: cannot change the care circle.',
        {
          code: 'invalid',
        },
      );
    }
    const dctm = await import('./dctm.js');
    const change = role === 'withdraw' ? dctm.withdrawing : dctm.declaring(role);
    return dctm.updateCareTeam(fhir, reference, user, call, change);
  }

  async function declareSelf(patient: string, declare: DeclareOptions): Promise<DeclarationResult> {
    if (declare.attestation !== true) {
      throw new LienError('Declaring requires the attestation that the patient authorised it.', {
        code: 'invalid',
      });
    }
    const call: CallOptions = declare.signal ? { signal: declare.signal } : {};
    const reference = await patientReference(patient, call);
    const id = reference.slice('Patient/'.length);
    if (await supportsOperation('declare-actor', call)) {
      const parameter: {
        name: string;
        valueBoolean?: boolean;
        valueCodeableConcept?: RoleConcept;
      }[] = [{ name: 'attestation', valueBoolean: true }];
      if (declare.role) parameter.push({ name: 'role', valueCodeableConcept: declare.role });
      await unwrap(
        fhir.POST('/Patient/{id}/$declare-actor', {
          params: { path: { id } },
          body: { resourceType: 'Parameters', parameter },
          signal: call.signal,
        }),
      );
    } else {
      await updateCareTeam(reference, call, declare.role);
    }
    const circle = await getCareCircle(reference, call);
    return resultFor(circle);
  }

  async function withdrawSelf(patient: string, call: CallOptions = {}): Promise<DeclarationResult> {
    const reference = await patientReference(patient, call);
    const id = reference.slice('Patient/'.length);
    let team: CareTeam;
    if (await supportsOperation('withdraw-actor', call)) {
      ({ data: team } = await unwrap(
        fhir.POST('/Patient/{id}/$withdraw-actor', {
          params: { path: { id } },
          body: { resourceType: 'Parameters' },
          signal: call.signal,
        }),
      ));
    } else {
      team = await updateCareTeam(reference, call, 'withdraw');
    }
    // Once withdrawn, the caller may no longer read the circle: then the CareTeam just written
    // (members as references only) is what they get back.
    try {
      return resultFor(await getCareCircle(reference, call));
    } catch (error) {
      if (!(error instanceof LienError) || error.code !== 'forbidden') throw error;
      const user = await fhirUser();
      return resultFor(
        careCircleFromCareTeam(team, new Map(), {
          patient: reference,
          ...(user ? { fhirUser: user } : {}),
        }),
      );
    }
  }

  async function breakTheGlass(
    patient: string,
    reason: string,
    call: CallOptions = {},
  ): Promise<BreakTheGlassGrant> {
    const reference = await patientReference(patient, call);
    const { data } = await unwrap(
      fhir.POST('/Patient/{id}/$break-the-glass', {
        params: { path: { id: reference.slice('Patient/'.length) } },
        body: { resourceType: 'Parameters', parameter: [{ name: 'reason', valueString: reason }] },
        signal: call.signal,
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
    const name = [token?.given_name, token?.family_name]
      .filter((s) => typeof s === 'string' && s)
      .join(' ');
    const professionCode = token?.SubjectRefPro?.exercices?.[0]?.codeProfession;
    const idnps = token?.SubjectNameID;
    const rpps = typeof idnps === 'string' && /^8\d{11}$/.test(idnps) ? idnps.slice(1) : undefined;
    return {
      reference,
      ...(name ? { name } : {}),
      ...(professionCode ? { professionCode } : {}),
      ...(rpps ? { rpps } : {}),
    };
  }

  async function listDischargeLetters(
    patient: string,
    call: CallOptions = {},
  ): Promise<LetterSummary[]> {
    const reference = await patientReference(patient, call);
    return (await import('./letters-api.js')).listDischargeLetters(fhir, reference, call);
  }

  async function getLetter(
    documentReference: string,
    call: CallOptions = {},
  ): Promise<LetterContent> {
    return (await import('./letters-api.js')).getLetter(fhir, documentReference, call);
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
