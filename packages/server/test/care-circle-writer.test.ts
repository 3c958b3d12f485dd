import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json, TestServer } from './helpers.js';
import {
  BACKENDS,
  CHANGE_NOW,
  auditRow as audit,
  declarationChange,
  members,
  testServer,
} from './helpers.js';
import { CareCircleWriter } from '../src/service/care-circle-writer.js';
import { store } from '../src/store/store.js';

const NOW = CHANGE_NOW;

describe.each(BACKENDS)('care-circle group commit (%s)', (backend) => {
  let t: TestServer;

  beforeAll(async () => {
    t = await testServer(backend);
  });
  afterAll(async () => {
    await t?.close();
  });

  const counts = async () =>
    (
      await t.server.db.query<{ v: number; h: number; p: number }>(
        `SELECT (SELECT count(*)::int FROM resource_version) AS v,
                (SELECT count(*)::int FROM resource_head) AS h,
                (SELECT count(*)::int FROM care_team_participation) AS p`,
      )
    ).rows[0]!;

  it('makes the changes that apply, each whole, and writes nothing of those that do not', async () => {
    // One batch at a time, so that the second change on a patient comes after the first.
    const writer = new CareCircleWriter(t.server.db, 64, 1);
    const theo = (await store.searchByPatient(t.server.db, {
      type: 'CareTeam',
      patientId: 'theo-nguyen',
      count: 1,
      offset: 0,
    }))!.page[0]!;
    const before = await counts();
    const [declared, notAMember, unknown, twice] = await Promise.all([
      writer.write(declarationChange('theo-nguyen', 'batch-role-1', '1')),
      // A withdrawal by someone who is not an active participant does not apply.
      writer.write({
        op: 'withdraw',
        patientId: 'marie-durand',
        roleId: 'batch-role-2',
        now: NOW,
        audit: audit('audit-2', 'marie-durand'),
        url: 'Patient/marie-durand/$withdraw-actor',
      }),
      writer.write(declarationChange('nobody-at-all', 'batch-role-3', '3')),
      // The same patient again: made in the next batch, on the version the first one wrote.
      writer.write(declarationChange('theo-nguyen', 'batch-role-4', '4')),
    ]);
    expect(notAMember).toBeNull();
    expect(unknown).toBeNull();
    expect(declared?.versionId).toBe(theo.versionId + 1);
    expect(twice?.versionId).toBe(theo.versionId + 2);
    // Two declarations: CareTeam version + Consent + AuditEvent each; two participation rows.
    expect(await counts()).toEqual({ v: before.v + 6, h: before.h + 4, p: before.p + 2 });
    const stored = (await store.read(t.server.db, 'CareTeam', theo.id))!;
    expect(JSON.parse(stored.json)).toEqual(JSON.parse(twice!.json));
    const ct = JSON.parse(stored.json) as Json;
    const old = (JSON.parse(theo.json) as Json).participant as Json[];
    expect(ct.meta).toEqual({ versionId: String(theo.versionId + 2), lastUpdated: NOW });
    expect(ct.participant).toHaveLength(old.length + 2);
    expect(ct.participant.slice(0, old.length)).toEqual(old);
    const max = Math.max(...old.map((p: Json) => Number(/^p(\d+)$/.exec(p.id)?.[1] ?? 0)));
    expect(ct.participant.slice(old.length)).toEqual([
      {
        id: `p${max + 1}`,
        member: { reference: 'PractitionerRole/batch-role-1' },
        period: { start: NOW },
      },
      {
        id: `p${max + 2}`,
        member: { reference: 'PractitionerRole/batch-role-4' },
        period: { start: NOW },
      },
    ]);
    const auditEvent = JSON.parse((await store.read(t.server.db, 'AuditEvent', 'audit-1'))!.json);
    expect(auditEvent.entity[1].what.reference).toBe(`CareTeam/${theo.id}`);
    expect(await store.read(t.server.db, 'AuditEvent', 'audit-2')).toBeNull();
    expect(await store.read(t.server.db, 'Consent', 'consent-3')).toBeNull();
    expect((await members(t.server, 'theo-nguyen')).active).toEqual(
      expect.arrayContaining(['batch-role-1', 'batch-role-4']),
    );
  });

  it('ends exactly the withdrawing member’s active entries, and their participation row', async () => {
    const writer = new CareCircleWriter(t.server.db);
    const ct = (await store.searchByPatient(t.server.db, {
      type: 'CareTeam',
      patientId: 'theo-nguyen',
      count: 1,
      offset: 0,
    }))!.page[0]!;
    const done = await writer.write({
      op: 'withdraw',
      patientId: 'theo-nguyen',
      roleId: 'batch-role-1',
      now: '2026-03-02T11:00:00.000Z',
      audit: audit('audit-5', 'theo-nguyen'),
      url: 'Patient/theo-nguyen/$withdraw-actor',
    });
    expect(done?.versionId).toBe(ct.versionId + 1);
    const before = (JSON.parse(ct.json) as Json).participant as Json[];
    const after = (JSON.parse(done!.json) as Json).participant as Json[];
    expect(after).toHaveLength(before.length);
    after.forEach((p: Json, i: number) => {
      if (p.member.reference === 'PractitionerRole/batch-role-1') {
        expect(p.period).toEqual({ start: NOW, end: '2026-03-02T11:00:00.000Z' });
      } else {
        expect(p).toEqual(before[i]);
      }
    });
    const m = await members(t.server, 'theo-nguyen');
    expect(m.active).not.toContain('batch-role-1');
    expect(m.active).toContain('batch-role-4');
  });
});
