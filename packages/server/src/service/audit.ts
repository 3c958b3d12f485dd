import type { Caller } from '../auth/identity.js';
import type { Queryable } from '../db/types.js';
import { SERVER_SYSTEMS, SYSTEMS } from '../fhir/codes.js';
import type { Resource } from '../fhir/types.js';
import { store } from '../store/store.js';

/** FHIR RESTful interaction recorded as the AuditEvent subtype (IHE BALP). */
export type Interaction =
  'read' | 'vread' | 'search-type' | 'update' | 'history-instance' | 'operation' | 'create';

/** What happened, for {@link writeAudit}. */
export interface AuditInput {
  caller: Caller;
  /** The patient whose data was accessed (null for a query that found nobody). */
  patientId: string | null;
  interaction: Interaction;
  /** C create, R read, U update, E execute (operations). */
  action: 'C' | 'R' | 'U' | 'E';
  /** 0 success, 4 minor failure (refused), 8 serious failure. */
  outcome: '0' | '4' | '8';
  /** Why the data was accessed: treatment, or emergency (break-the-glass). */
  purpose: 'TREAT' | 'BTG';
  /** Other resources concerned (`CareTeam/…`, `DocumentReference/…`). */
  entities?: string[];
  /** Operation name (`$declare-actor`…), recorded as an entity detail. */
  operation?: string;
  /** Security alert: break-the-glass start (DCM 110113 / 110127). */
  emergencyOverride?: { reason: string };
  /** Client network address, when known. */
  address?: string;
  now: Date;
}

const REASON_DISPLAY = { TREAT: 'treatment', BTG: 'break the glass' } as const;

/** Builds an IHE BALP-style AuditEvent. */
export function auditEvent(input: AuditInput): Resource {
  const recorded = input.now.toISOString();
  const purpose = [
    {
      coding: [
        { system: SYSTEMS.actReason, code: input.purpose, display: REASON_DISPLAY[input.purpose] },
      ],
    },
  ];
  const entity: Array<Record<string, unknown>> = [];
  if (input.patientId) {
    entity.push({
      what: { reference: `Patient/${input.patientId}` },
      type: { system: SERVER_SYSTEMS.auditEntityType, code: '1', display: 'Person' },
      role: { system: SERVER_SYSTEMS.objectRole, code: '1', display: 'Patient' },
      ...(input.emergencyOverride ? { description: input.emergencyOverride.reason } : {}),
    });
  }
  for (const ref of input.entities ?? []) {
    entity.push({
      what: { reference: ref },
      type: { system: SERVER_SYSTEMS.auditEntityType, code: '2', display: 'System Object' },
      role: { system: SERVER_SYSTEMS.objectRole, code: '4', display: 'Domain Resource' },
      ...(input.operation ? { detail: [{ type: 'operation', valueString: input.operation }] } : {}),
    });
  }
  const override = input.emergencyOverride;
  return {
    resourceType: 'AuditEvent',
    type: override
      ? { system: SYSTEMS.dicom, code: '110113', display: 'Security Alert' }
      : { system: SYSTEMS.dicom, code: '110110', display: 'Patient Record' },
    subtype: override
      ? [{ system: SYSTEMS.dicom, code: '110127', display: 'Emergency Override Started' }]
      : [
          {
            system: SYSTEMS.restfulInteraction,
            code: input.interaction,
            display: input.interaction,
          },
        ],
    action: input.action,
    recorded,
    outcome: input.outcome,
    ...(input.outcome !== '0' ? { outcomeDesc: 'Access refused' } : {}),
    purposeOfEvent: purpose,
    agent: [
      {
        who: {
          reference: `PractitionerRole/${input.caller.practitionerRoleId}`,
          ...(input.caller.display ? { display: input.caller.display } : {}),
        },
        ...(input.caller.rpps ? { altId: `${SYSTEMS.rpps}|${input.caller.rpps}` } : {}),
        requestor: true,
        purposeOfUse: purpose,
        ...(input.address ? { network: { address: input.address, type: '2' } } : {}),
      },
    ],
    source: {
      observer: { display: 'Lien' },
      type: [
        { system: SERVER_SYSTEMS.securitySourceType, code: '4', display: 'Application Server' },
      ],
    },
    ...(entity.length ? { entity } : {}),
  };
}

/** The JSON of an AuditEvent as stored (id and meta set), for single-statement writes. */
export function auditJson(input: AuditInput, id: string): string {
  const { meta: _m, ...rest } = auditEvent(input);
  return JSON.stringify({
    ...rest,
    id,
    meta: { versionId: '1', lastUpdated: input.now.toISOString() },
  });
}

/** Writes an AuditEvent in the given transaction. */
export async function writeAudit(q: Queryable, input: AuditInput): Promise<void> {
  await store.write(q, auditEvent(input), null, { now: input.now, patientId: input.patientId });
}
