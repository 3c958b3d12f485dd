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
      // The operation asked for, when no other entity carries it (e.g. a refused operation).
      ...(input.operation && !input.entities?.length
        ? { detail: [{ type: 'operation', valueString: input.operation }] }
        : {}),
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

/** AuditEvent JSON without `recorded`, `id` and `meta` (and its closing brace), by content. */
const templates = new Map<string, string>();
const TEMPLATES_MAX = 10_000;

/**
 * The JSON of an AuditEvent as stored (id and meta set), for single-statement writes. Everything but
 * the id and the instants depends only on the input's other fields: that part is built once per
 * distinct input (key order is irrelevant: the database stores jsonb).
 */
export function auditJson(input: AuditInput, id: string): string {
  const key = [
    input.caller.practitionerRoleId,
    input.caller.display,
    input.caller.rpps ?? '',
    input.patientId ?? '',
    input.interaction,
    input.action,
    input.outcome,
    input.purpose,
    (input.entities ?? []).join('\u0001'),
    input.operation ?? '',
    input.emergencyOverride?.reason ?? '',
    input.address ?? '',
    input.emergencyOverride ? '1' : '0',
  ].join('\u0000');
  let prefix = templates.get(key);
  if (prefix === undefined) {
    const { meta: _m, recorded: _r, ...rest } = auditEvent(input);
    prefix = JSON.stringify(rest).slice(0, -1);
    if (templates.size >= TEMPLATES_MAX) templates.clear();
    templates.set(key, prefix);
  }
  const at = JSON.stringify(input.now.toISOString());
  return `${prefix},"recorded":${at},"id":${JSON.stringify(id)},"meta":{"versionId":"1","lastUpdated":${at}}}`;
}

/** Writes an AuditEvent in the given transaction. */
export async function writeAudit(q: Queryable, input: AuditInput): Promise<void> {
  await store.write(q, auditEvent(input), null, { now: input.now, patientId: input.patientId });
}
