/**
 * The caller's directory data (which PractitionerRole a token maps to, its profession, names) are
 * cached with a lifetime: a change made in the database by someone else than this server (a
 * directory import, another server on the same PostgreSQL) is not seen before the lifetime has
 * passed, and is seen after it, on the same token as on a new one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Resource } from '../src/fhir/types.js';
import { demoDirectory } from '../src/index.js';
import { store } from '../src/store/store.js';
import type { Json, TestServer } from './helpers.js';
import { ATTEST, BACKENDS, members, remedies, testServer } from './helpers.js';

const dir = demoDirectory();
const TTL_MS = 60_000;

describe.each(BACKENDS)('identity and role caches (%s)', (backend) => {
  let t: TestServer;
  let physician: (typeof dir.professionals)[number];
  let practitionerId: string;
  /** A patient whose circle the physician is not in, to declare into. */
  let elsewhere: string;

  /** Writes a new version of a resource, as another writer of the same database would. */
  async function rewrite(type: string, id: string, change: (r: Json) => void): Promise<void> {
    await t.server.db.transaction(async (tx) => {
      const version = await store.lock(tx, type, id);
      const current = await store.read(tx, type, id);
      if (version === null || !current) throw new Error(`${type}/${id} is not in the seed`);
      const resource = JSON.parse(current.json) as Resource;
      change(resource);
      await store.write(tx, resource, version, { now: t.clock.now() });
    });
  }

  /** The remedies of the refusal the professional gets on a circle they are not in. */
  async function refusalRemedies(token: string): Promise<string[]> {
    const r = await t.request({ url: '/fhir/CareTeam?patient=Patient/marie-durand', token });
    expect(r.status).toBe(403);
    return remedies(r.body).sort();
  }

  /** A token carrying the RPPS only: profession and names come from the directory. */
  const tokenOf = () => t.issuer.token({ rpps: physician.rpps, now: t.clock.now() });

  beforeAll(async () => {
    t = await testServer(backend, { identityCacheMs: TTL_MS });
    const circle = await members(t.server, 'marie-durand');
    physician = dir.professionals.find(
      (p) => p.named && p.profession === '10' && !circle.active.includes(p.roleId),
    )!;
    for (const patient of ['ruth-decourcy', 'dominique-pat-trois', 'theo-nguyen']) {
      if (!(await members(t.server, patient)).active.includes(physician.roleId)) {
        elsewhere = patient;
        break;
      }
    }
    const role = await store.read(t.server.db, 'PractitionerRole', physician.roleId);
    practitionerId = (JSON.parse(role!.json) as Json).practitioner.reference.split('/')[1];
  });
  afterAll(async () => {
    await t?.close();
  });

  it('sees a profession and a name changed in the database after the cache lifetime, not before', async () => {
    const token = await tokenOf();
    expect(await refusalRemedies(token)).toEqual(['break-the-glass', 'declare-actor']);

    // The directory now says this professional is a nurse, under another family name.
    await rewrite('PractitionerRole', physician.roleId, (r) => {
      r.code = [
        {
          coding: [
            {
              system:
                'https://mos.esante.gouv.fr/NOS/TRE_G15-ProfessionSante/FHIR/TRE-G15-ProfessionSante',
              code: '60',
              display: 'Infirmier',
            },
          ],
        },
      ];
      delete r.specialty;
    });
    await rewrite('Practitioner', practitionerId, (r) => {
      r.name = [{ use: 'official', family: 'NOUVEAUNOM', given: ['Camille'] }];
    });

    // Within the lifetime: the cached physician, for this token and for a new one alike.
    expect(await refusalRemedies(token)).toEqual(['break-the-glass', 'declare-actor']);
    t.clock.advance(TTL_MS - 1_000);
    expect(await refusalRemedies(token)).toEqual(['break-the-glass', 'declare-actor']);
    expect(await refusalRemedies(await tokenOf())).toEqual(['break-the-glass', 'declare-actor']);

    // Past it: the directory is read again, on the same token too.
    t.clock.advance(2_000);
    expect(await refusalRemedies(token)).toEqual(['declare-actor']);
    const glass = await t.request({
      method: 'POST',
      url: '/fhir/Patient/marie-durand/$break-the-glass',
      token: await tokenOf(),
      body: {
        resourceType: 'Parameters',
        parameter: [{ name: 'reason', valueString: 'Urgence vitale, patiente inconsciente' }],
      },
    });
    expect(glass.status).toBe(403);

    // A declaration carries the new name and the new profession.
    const declared = await t.request({
      method: 'POST',
      url: `/fhir/Patient/${elsewhere}/$declare-actor`,
      token,
      body: ATTEST,
    });
    expect(declared.status).toBe(200);
    const mine = declared.body.participant.find(
      (p: Json) => p.member.reference === `PractitionerRole/${physician.roleId}`,
    );
    expect(mine.member.display).toBe('Camille NOUVEAUNOM');
    expect(mine.role[0].coding[0].code).toBe('60');
  });
});
