/** A fake FHIR server for unit tests: a route table answering `fetch` calls, per test. */
import type { FetchLike } from '../src/http/resilient-fetch.js';

export const BASE = 'https://lien.test/fhir';

type Handler = (request: Request, url: URL) => Response | Promise<Response>;

export function fhirJson(body: unknown, init: ResponseInit = {}): Response {
  return new Response(JSON.stringify(body), {
    ...init,
    headers: { 'Content-Type': 'application/fhir+json', ...(init.headers ?? {}) },
  });
}

export function outcome(status: number, diagnostics: string, remedies: string[] = []): Response {
  return fhirJson(
    {
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'error',
          code: status === 403 ? 'forbidden' : 'processing',
          diagnostics,
          ...(remedies.length
            ? {
                details: {
                  coding: remedies.map((code) => ({ system: 'urn:lien:access-remedy', code })),
                },
              }
            : {}),
        },
      ],
    },
    { status },
  );
}

/**
 * Routes are keyed `METHOD /path` (path after the FHIR base, without the query). A route given an
 * array answers with its items in turn (the last one repeats).
 */
export function fakeFhir(routes: Record<string, Handler | Handler[]>) {
  const calls: { method: string; path: string; url: URL; request: Request }[] = [];
  const fetch: FetchLike = async (request) => {
    const url = new URL(request.url);
    const path = decodeURIComponent(url.pathname.slice(new URL(BASE).pathname.length));
    const key = `${request.method} ${path}`;
    calls.push({ method: request.method, path, url, request: request.clone() });
    const route = routes[key];
    const handler = Array.isArray(route) ? (route.length > 1 ? route.shift() : route[0]) : route;
    if (!handler) return outcome(404, `no route for ${key}`);
    return handler(request, url);
  };
  return { fetch, calls };
}

/** An unsigned JWT carrying the given claims (the client reads claims, the server verifies). */
export function jwt(claims: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.signature`;
}

export const MSSANTE_EXT = {
  url: 'https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-contact-point-email-type',
  valueCoding: {
    system: 'https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-contact-point-email-type',
    code: 'MSSANTE',
  },
};
export const LISTE_ROUGE_EXT = {
  url: 'https://interop.esante.gouv.fr/ig/fhir/annuaire/StructureDefinition/as-ext-mailbox-mss-metadata',
  extension: [{ url: 'listeRouge', valueBoolean: true }],
};

export const CAPABILITIES_WITH_OPERATIONS = {
  resourceType: 'CapabilityStatement',
  status: 'active',
  date: '2026-11-22',
  kind: 'instance',
  fhirVersion: '4.0.1',
  format: ['json'],
  rest: [
    {
      mode: 'server',
      resource: [
        {
          type: 'Patient',
          operation: [
            { name: 'declare-actor', definition: 'urn:lien:operation:declare-actor' },
            { name: 'withdraw-actor', definition: 'urn:lien:operation:withdraw-actor' },
            { name: 'break-the-glass', definition: 'urn:lien:operation:break-the-glass' },
          ],
        },
      ],
    },
  ],
};

export const PLAIN_CAPABILITIES = {
  ...CAPABILITIES_WITH_OPERATIONS,
  rest: [{ mode: 'server', resource: [{ type: 'CareTeam' }] }],
};

/** A CareTeam search result with its includes: a GP (PCP), a nurse on the liste rouge, a former member. */
export function careTeamBundle(options: { version?: string; extraParticipants?: unknown[] } = {}) {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    entry: [
      {
        fullUrl: `${BASE}/CareTeam/ct1`,
        search: { mode: 'match' },
        resource: {
          resourceType: 'CareTeam',
          id: 'ct1',
          meta: { versionId: options.version ?? '7' },
          status: 'active',
          name: 'Cercle de soins de Marie DURAND',
          subject: { reference: 'Patient/p1' },
          participant: [
            {
              member: { reference: 'PractitionerRole/gp' },
              role: [
                {
                  coding: [
                    { system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'PCP' },
                  ],
                },
              ],
              period: { start: '2024-01-10T09:00:00Z' },
            },
            {
              member: { reference: 'PractitionerRole/nurse' },
              period: { start: '2025-03-01T09:00:00Z' },
            },
            {
              member: { reference: 'PractitionerRole/gp' },
              period: { start: '2020-01-01T09:00:00Z', end: '2021-01-01T09:00:00Z' },
            },
            ...(options.extraParticipants ?? []),
          ],
        },
      },
      {
        fullUrl: `${BASE}/PractitionerRole/gp`,
        search: { mode: 'include' },
        resource: {
          resourceType: 'PractitionerRole',
          id: 'gp',
          practitioner: { reference: 'Practitioner/pr-gp' },
          organization: { reference: 'Organization/cabinet' },
          code: [
            {
              coding: [
                {
                  system:
                    'https://mos.esante.gouv.fr/NOS/TRE_G15-ProfessionSante/FHIR/TRE-G15-ProfessionSante',
                  code: '10',
                  display: 'Médecin',
                },
              ],
            },
          ],
          specialty: [
            {
              coding: [
                {
                  system:
                    'https://mos.esante.gouv.fr/NOS/TRE_R38-SpecialiteOrdinale/FHIR/TRE-R38-SpecialiteOrdinale',
                  code: 'SM26',
                },
              ],
            },
          ],
          telecom: [
            {
              system: 'email',
              value: 'claire.martin@lien-demo.mssante.fr',
              extension: [MSSANTE_EXT],
            },
            { system: 'phone', value: '+33 4 72 00 00 01' },
          ],
        },
      },
      {
        fullUrl: `${BASE}/Practitioner/pr-gp`,
        search: { mode: 'include' },
        resource: {
          resourceType: 'Practitioner',
          id: 'pr-gp',
          identifier: [{ system: 'https://rpps.esante.gouv.fr', value: '10000000001' }],
          name: [{ family: 'MARTIN', given: ['Claire'], prefix: ['Dr'] }],
        },
      },
      {
        fullUrl: `${BASE}/Organization/cabinet`,
        search: { mode: 'include' },
        resource: {
          resourceType: 'Organization',
          id: 'cabinet',
          name: 'Cabinet médical des Pentes',
          type: [{ coding: [{ system: 'urn:lien:organization-kind', code: 'community' }] }],
          address: [{ city: 'Lyon' }],
        },
      },
      {
        fullUrl: `${BASE}/PractitionerRole/nurse`,
        search: { mode: 'include' },
        resource: {
          resourceType: 'PractitionerRole',
          id: 'nurse',
          practitioner: { reference: 'Practitioner/pr-nurse' },
          code: [
            {
              coding: [
                {
                  system:
                    'https://mos.esante.gouv.fr/NOS/TRE_G15-ProfessionSante/FHIR/TRE-G15-ProfessionSante',
                  code: '60',
                },
              ],
            },
          ],
          telecom: [
            {
              system: 'email',
              value: 'secret.nurse@lien-demo.mssante.fr',
              extension: [MSSANTE_EXT, LISTE_ROUGE_EXT],
            },
          ],
        },
      },
      {
        fullUrl: `${BASE}/Practitioner/pr-nurse`,
        search: { mode: 'include' },
        resource: {
          resourceType: 'Practitioner',
          id: 'pr-nurse',
          name: [{ family: 'BERNARD', given: ['Luc'] }],
        },
      },
    ],
  };
}
