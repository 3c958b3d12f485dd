import { describe, expect, it } from 'vitest';
import type { Caller } from '../src/auth/identity.js';
import { auditEvent, auditJson } from '../src/service/audit.js';
import type { AuditInput } from '../src/service/audit.js';

const caller: Caller = {
  practitionerRoleId: 'role-1',
  practitionerId: 'pr-1',
  rpps: '10000000001',
  professionCode: '10',
  display: 'Dr Anne « " \\ » MARTIN',
  issuer: 'https://issuer.test',
  subject: 's',
};

function expected(input: AuditInput, id: string): unknown {
  const { meta: _m, ...rest } = auditEvent(input);
  return { ...rest, id, meta: { versionId: '1', lastUpdated: input.now.toISOString() } };
}

describe('auditJson (AuditEvent as stored, its constant part built once)', () => {
  it('is the AuditEvent with its id and meta, for every input and instant', () => {
    const base: AuditInput = {
      caller,
      patientId: 'p-1',
      interaction: 'search-type',
      action: 'R',
      outcome: '0',
      purpose: 'TREAT',
      entities: ['CareTeam?patient=Patient/p-1'],
      address: '127.0.0.1',
      now: new Date('2025-01-02T03:04:05.678Z'),
    };
    const variants: AuditInput[] = [
      base,
      { ...base, now: new Date('2025-06-07T08:09:10.111Z') },
      { ...base, outcome: '4' },
      { ...base, purpose: 'BTG' },
      { ...base, patientId: 'p-2', entities: ['CareTeam?patient=Patient/p-2'] },
      { ...base, caller: { ...caller, display: 'Autre', rpps: null } },
      { ...base, address: undefined },
      { ...base, operation: '$declare-actor', entities: ['CareTeam/ct-1'] },
      { ...base, emergencyOverride: { reason: 'Patiente inconsciente aux urgences' } },
      { ...base, patientId: null, entities: [] },
    ];
    for (let round = 0; round < 2; round++) {
      variants.forEach((input, i) => {
        const id = `id-${round}-${i}`;
        expect(JSON.parse(auditJson(input, id))).toEqual(expected(input, id));
      });
    }
  });
});
