import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoDirectory } from '../src/index.js';
import { sqlState } from '../src/db/types.js';
import { AuditWriter } from '../src/service/audit-writer.js';
import type { CareCircleChange } from '../src/service/care-circle-writer.js';
import { CareCircleWriter } from '../src/service/care-circle-writer.js';
import { store } from '../src/store/store.js';
import type { Json, TestServer } from './helpers.js';
import { ATTEST, BACKENDS, declarationChange, members, testServer } from './helpers.js';

const NOW = '2026-03-02T10:00:00.000Z';
/** JSON text PostgreSQL (and PGlite) refuses in jsonb: 22P05, unsupported Unicode escape. */
const NUL = '\\u0000';
const CONTROL = /\p{Cc}/u;

function auditJson(id: string, patientId: string, display = 'Dr Test'): string {
  return `{"resourceType":"AuditEvent","id":${JSON.stringify(id)},"recorded":"${NOW}","agent":[{"who":{"display":"${display}"},"requestor":true}],"entity":[{"what":{"reference":"Patient/${patientId}"}},{"what":{"reference":"CareTeam/-"}}],"meta":{"versionId":"1","lastUpdated":"${NOW}"}}`;
}

/** A declaration whose AuditEvent names the caller `display`. */
const declaration = (patientId: string, roleId: string, display?: string): CareCircleChange =>
  declarationChange(patientId, roleId, `ops-${roleId}`, {
    id: `ops-audit-${roleId}`,
    json: auditJson(`ops-audit-${roleId}`, patientId, display),
  });

describe.each(BACKENDS)('group commit: one refused item fails alone (%s)', (backend) => {
  let t: TestServer;

  beforeAll(async () => {
    t = await testServer(backend);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('AuditWriter: the AuditEvent the database refuses fails its own write only', async () => {
    const writer = new AuditWriter(t.server.db);
    const item = (id: string, display?: string) => ({
      id,
      patientId: 'marie-durand',
      recorded: NOW,
      json: auditJson(id, 'marie-durand', display),
    });
    // Written in the same tick: one batch.
    const results = await Promise.allSettled([
      writer.write(item('ops-good-1')),
      writer.write(item('ops-bad', `Dr ${NUL}`)),
      writer.write(item('ops-good-2')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(sqlState((results[1] as PromiseRejectedResult).reason)).toBe('22P05');
    expect(await store.read(t.server.db, 'AuditEvent', 'ops-good-1')).not.toBeNull();
    expect(await store.read(t.server.db, 'AuditEvent', 'ops-good-2')).not.toBeNull();
    expect(await store.read(t.server.db, 'AuditEvent', 'ops-bad')).toBeNull();
  });

  it('CareCircleWriter: the change the database refuses fails alone, the others are made', async () => {
    const writer = new CareCircleWriter(t.server.db, 16, 1);
    const results = await Promise.allSettled([
      writer.write(declaration('marie-durand', 'ops-role-1')),
      writer.write(declaration('gerard-blanc', 'ops-role-2', `Dr ${NUL}`)),
      writer.write(declaration('theo-nguyen', 'ops-role-3')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(sqlState((results[1] as PromiseRejectedResult).reason)).toBe('22P05');
    for (const r of [results[0], results[2]]) {
      expect((r as PromiseFulfilledResult<unknown>).value).not.toBeNull();
    }
    expect((await members(t.server, 'marie-durand')).active).toContain('ops-role-1');
    expect((await members(t.server, 'theo-nguyen')).active).toContain('ops-role-3');
    expect((await members(t.server, 'gerard-blanc')).active).not.toContain('ops-role-2');
    expect(await store.read(t.server.db, 'Consent', 'ops-consent-ops-role-2')).toBeNull();
  });

  it('control characters in the token’s names are dropped from the caller’s display', async () => {
    const dir = demoDirectory();
    const m = await members(t.server, 'lucien-morel');
    const member = dir.professionals.find((p) => m.active.includes(p.roleId))!;
    const outsider = dir.professionals.find(
      (p) => !m.active.includes(p.roleId) && !m.former.includes(p.roleId),
    )!;
    const token = (p: (typeof dir.professionals)[number]) =>
      t.issuer.token({
        rpps: p.rpps,
        profession: p.profession,
        fhirUser: `PractitionerRole/${p.roleId}`,
        given: 'Ma\u0000ri\u0007e\u007f',
        family: 'Du\u009bpont\n',
        now: t.clock.now(),
      });

    // A read: its AuditEvent carries the display.
    const read = await t.request({
      url: '/fhir/CareTeam?patient=lucien-morel',
      token: await token(member),
    });
    expect(read.status).toBe(200);
    const audits = await t.server.db.query<{ display: string }>(
      `SELECT v.content->'agent'->0->'who'->>'display' AS display
         FROM resource_version v
        WHERE v.type = 'AuditEvent' AND v.content->'agent'->0->'who'->>'reference' = $1`,
      [`PractitionerRole/${member.roleId}`],
    );
    expect(audits.rows.length).toBeGreaterThan(0);
    for (const a of audits.rows) {
      expect(a.display).toMatch(/Marie DUPONT$/);
      expect(a.display).not.toMatch(CONTROL);
    }

    // A declaration: the new participant's display.
    const declared = await t.request({
      method: 'POST',
      url: '/fhir/Patient/lucien-morel/$declare-actor',
      token: await token(outsider),
      body: ATTEST,
    });
    expect(declared.status).toBe(200);
    const participant = (declared.body.participant as Json[]).find(
      (p) => p.member.reference === `PractitionerRole/${outsider.roleId}`,
    );
    expect(participant.member.display).toMatch(/Marie DUPONT$/);
    expect(participant.member.display).not.toMatch(CONTROL);
  });
});
