import type { Operation } from '../http/contract.js';
import type { Resource } from '../fhir/types.js';

const INTERACTION: Record<string, string> = {
  readPatient: 'read',
  searchPatient: 'search-type',
  searchCareTeam: 'search-type',
  readCareTeam: 'read',
  updateCareTeam: 'update',
  readCareTeamHistory: 'history-instance',
  readCareTeamVersion: 'vread',
  readPractitioner: 'read',
  readPractitionerRole: 'read',
  readOrganization: 'read',
  readRelatedPerson: 'read',
  searchDocumentReference: 'search-type',
  readDocumentReference: 'read',
  readBinary: 'read',
  readBundle: 'read',
  searchAuditEvent: 'search-type',
};

const PARAM_TYPE: Record<string, string> = {
  identifier: 'token',
  patient: 'reference',
  subject: 'reference',
  status: 'token',
  type: 'token',
  date: 'date',
};

/**
 * The server's CapabilityStatement, derived from the contract's operations. `date` is when this
 * instance started: a `kind: instance` statement describes the running server, whose capabilities
 * (the contract it loaded, its options) are fixed at start-up and may differ after a restart.
 */
export function capabilityStatement(
  base: string,
  version: string,
  ops: Operation[],
  date: string,
): Resource {
  const byType = new Map<string, Record<string, unknown>>();
  const res = (type: string) => {
    let r = byType.get(type);
    if (!r) {
      r = { type, interaction: [] as Array<{ code: string }> };
      byType.set(type, r);
    }
    return r;
  };
  for (const op of ops) {
    const type = op.path.split('/')[1];
    if (!type || type === 'metadata') continue;
    const r = res(type);
    const opName = /\$([a-z-]+)$/.exec(op.path)?.[1];
    if (opName) {
      const list = (r.operation ??= []) as Array<{ name: string; definition: string }>;
      list.push({ name: opName, definition: `urn:lien:operation:${opName}` });
      continue;
    }
    const code = INTERACTION[op.operationId];
    if (code) (r.interaction as Array<{ code: string }>).push({ code });
    if (code === 'search-type') {
      const params = [...op.query.keys()].filter((n) => PARAM_TYPE[n]);
      if (params.length) r.searchParam = params.map((name) => ({ name, type: PARAM_TYPE[name] }));
      const inc = op.query.has('_include') ? ['CareTeam:participant', 'CareTeam:subject'] : [];
      const iter = op.query.has('_include:iterate')
        ? ['PractitionerRole:practitioner', 'PractitionerRole:organization']
        : [];
      if (inc.length || iter.length) r.searchInclude = [...inc, ...iter];
    }
    if (type === 'CareTeam') {
      r.profile = 'https://interop.esante.gouv.fr/ig/fhir/cds/StructureDefinition/cds-ihe-careteam';
      r.versioning = 'versioned-update';
      r.readHistory = true;
      r.updateCreate = false;
      r.conditionalUpdate = false;
    }
  }
  for (const r of byType.values()) {
    if ((r.interaction as unknown[]).length === 0) delete r.interaction;
  }
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date,
    publisher: 'Lien',
    kind: 'instance',
    software: { name: 'Lien reference server', version },
    implementation: { description: 'Lien, le lien ville-hôpital', url: base },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json'],
    instantiates: [
      'https://interop.esante.gouv.fr/ig/fhir/cds/CapabilityStatement/CDSGestionnaire',
    ],
    rest: [
      {
        mode: 'server',
        security: {
          service: [
            {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
                  code: 'OAuth',
                },
              ],
            },
          ],
          description:
            'Bearer JWT from an OpenID Connect issuer (Pro Santé Connect, or one configured; a SMART-style fhirUser claim is read) on every interaction except /metadata. No SMART App Launch discovery is published.',
        },
        resource: [...byType.values()],
      },
    ],
  };
}
