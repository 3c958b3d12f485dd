// The client's behaviours, against this server for real (no fake fetch): one server per back end,
// dev authentication, the demo seed. What the unit tests of @lien/client check with fakes, this
// checks end to end — auth refresh, remedies, declare/withdraw through the operations and through
// the standard DCTM PUT path, break-the-glass, letters, liste rouge.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLienClient, LienError, type LienClient } from '@lien/client';
import { SYSTEMS } from '@lien/client/systems';
import { startServer, type RunningServer } from '../src/index.js';
import { BACKENDS, freshPostgres } from './helpers.js';

interface DevUser {
  rpps: string;
  name: string;
  profession: { code: string; display: string };
  practitionerRole: string;
}
interface DevPatient {
  id: string;
  ins: string;
  insSystem: string;
  name: string;
  careCircleSize: number;
}

for (const backend of BACKENDS) {
  describe(`@lien/client against the server (${backend})`, () => {
    let server: RunningServer;
    let dropDb: (() => Promise<void>) | undefined;
    let users: DevUser[];
    let patients: DevPatient[];

    beforeAll(async () => {
      let databaseUrl: string | undefined;
      if (backend === 'postgres') {
        const db = await freshPostgres();
        databaseUrl = db.url;
        dropDb = db.drop;
      }
      server = await startServer({
        port: 0,
        ...(databaseUrl ? { databaseUrl } : { dataDir: 'memory://' }),
        seed: 'demo',
        devAuth: true,
        logger: false,
        validateResponses: true,
      });
      users = (await (await fetch(`${server.url}/dev/users`)).json()) as DevUser[];
      patients = (await (await fetch(`${server.url}/dev/patients`)).json()) as DevPatient[];
    }, 120_000);

    afterAll(async () => {
      await server?.close();
      await dropDb?.();
    });

    async function tokenFor(rpps: string): Promise<string> {
      const res = await fetch(`${server.url}/dev/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ rpps }),
      });
      return ((await res.json()) as { access_token: string }).access_token;
    }

    function clientFor(user: DevUser, options: { hideOperations?: boolean } = {}): LienClient {
      let token: Promise<string> | undefined;
      return createLienClient({
        baseUrl: `${server.url}/fhir`,
        getAccessToken: ({ forceRefresh } = {}) => {
          if (forceRefresh || !token) token = tokenFor(user.rpps);
          return token;
        },
        // A FHIR server without Lien's operations: the same server, its CapabilityStatement
        // stripped of them, so the client must take the standard DCTM path.
        ...(options.hideOperations
          ? {
              fetch: async (request: Request) => {
                const response = await fetch(request);
                if (!new URL(request.url).pathname.endsWith('/metadata')) return response;
                const statement = (await response.json()) as {
                  rest?: { operation?: unknown[]; resource?: { operation?: unknown[] }[] }[];
                };
                for (const rest of statement.rest ?? []) {
                  delete rest.operation;
                  for (const r of rest.resource ?? []) delete r.operation;
                }
                return new Response(JSON.stringify(statement), {
                  status: 200,
                  headers: response.headers,
                });
              },
            }
          : {}),
      });
    }

    const byProfession = (code: string, skip = 0): DevUser => {
      const found = users.filter((u) => u.profession.code === code)[skip];
      if (!found) throw new Error(`no seeded professional with profession ${code}`);
      return found;
    };
    /** Active members of a patient's circle, read by a physician under emergency access. */
    async function activeMembers(patientId: string): Promise<Set<string>> {
      const auditor = clientFor(byProfession('10', 0));
      await auditor.breakTheGlass(`Patient/${patientId}`, 'Vérification du cercle de soins (test)');
      const circle = await auditor.getCareCircle(`Patient/${patientId}`);
      return new Set(circle.members.filter((m) => m.active).map((m) => m.reference));
    }

    /** The n-th professional of a profession who is not (yet) in the patient's circle. */
    async function outsider(code: string, patientId: string, n = 0): Promise<DevUser> {
      const members = await activeMembers(patientId);
      const found = users.filter(
        (u) => u.profession.code === code && !members.has(u.practitionerRole),
      )[n];
      if (!found)
        throw new Error(`no professional of profession ${code} outside the circle of ${patientId}`);
      return found;
    }

    /** The INS of a seeded patient as `system|value`, as /dev/patients gives it (the test OID). */
    const insOf = (p: DevPatient): string => {
      expect(p.insSystem).toBe(SYSTEMS.insNirTest);
      return `${p.insSystem}|${p.ins}`;
    };
    const patientWithCircle = (size: number): DevPatient => {
      const found = patients.find((p) => p.careCircleSize === size);
      if (!found) throw new Error(`no seeded patient with a circle of ${size}`);
      return found;
    };

    it('resolves a patient by INS', async () => {
      const target = patientWithCircle(3);
      const patient = await clientFor(byProfession('10')).resolvePatient(insOf(target));
      expect(patient.id).toBe(target.id);
    });

    it('refuses a non-member with the remedies open to a nurse: declaring, not break-the-glass', async () => {
      const target = patientWithCircle(3);
      const error = await clientFor(await outsider('60', target.id))
        .getCareCircle(`Patient/${target.id}`)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LienError);
      expect((error as LienError).code).toBe('forbidden');
      expect((error as LienError).remedies).toEqual(['declare-actor']);
    });

    it('offers break-the-glass to a physician who is not a member', async () => {
      const target = patientWithCircle(3);
      const error = (await clientFor(await outsider('10', target.id, 1))
        .getCareCircle(`Patient/${target.id}`)
        .catch((e: unknown) => e)) as LienError;
      expect(error.remedies).toEqual(expect.arrayContaining(['declare-actor', 'break-the-glass']));
    });

    it('declares the caller through $declare-actor, then shows them as "you", idempotently', async () => {
      const user = byProfession('21');
      const client = clientFor(user);
      const patient = insOf(patientWithCircle(0));
      const first = await client.declareSelf(patient, { attestation: true });
      expect(first.member).toMatchObject({
        reference: user.practitionerRole,
        isCurrentUser: true,
        active: true,
      });
      const again = await client.declareSelf(patient, { attestation: true });
      const mine = again.careCircle.members.filter(
        (m) => m.reference === user.practitionerRole && m.active,
      );
      expect(mine).toHaveLength(1);
      const circle = await client.getCareCircle(patient);
      expect(circle.members.find((m) => m.isCurrentUser)?.profession?.code).toBe('21');
    });

    it('withdraws the caller, keeping their former participation in the history', async () => {
      const user = byProfession('70');
      const client = clientFor(user);
      const patient = `Patient/${patientWithCircle(0).id}`;
      await client.declareSelf(patient, { attestation: true });
      const result = await client.withdrawSelf(patient);
      expect(result.member).toBeUndefined();
      // A former member no longer reads the circle; a current one sees the history.
      await expect(client.getCareCircle(patient)).rejects.toMatchObject({ code: 'forbidden' });
      const witness = clientFor(byProfession('21'));
      const circle = await witness.getCareCircle(patient);
      const former = circle.members.filter((m) => m.reference === user.practitionerRole);
      expect(former.length).toBeGreaterThan(0);
      expect(former.every((m) => !m.active && m.until)).toBe(true);
    });

    it('declares through the standard DCTM path (read, append, PUT If-Match) on a server without the operations', async () => {
      // Reading comes first on that path: a physician under emergency access may read, then join.
      const target = patientWithCircle(3);
      const physician = await outsider('10', target.id, 2);
      const patient = `Patient/${target.id}`;
      const client = clientFor(physician, { hideOperations: true });
      await client.breakTheGlass(patient, 'Reprise du suivi après passage aux urgences');
      const result = await client.declareSelf(patient, { attestation: true });
      expect(result.member).toMatchObject({ reference: physician.practitionerRole, active: true });
      const withdrawn = await client.withdrawSelf(patient);
      expect(withdrawn.member).toBeUndefined();
    });

    it('grants a physician emergency access, then lets them read the circle', async () => {
      const target = patientWithCircle(3);
      const physician = await outsider('10', target.id, 3);
      const client = clientFor(physician);
      const patient = `Patient/${target.id}`;
      const grant = await client.breakTheGlass(patient, 'Patient inconscient admis aux urgences');
      expect(Date.parse(grant.expires)).toBeGreaterThan(Date.now());
      const circle = await client.getCareCircle(patient);
      expect(circle.members.filter((m) => m.active)).toHaveLength(3);
    });

    it('refuses break-the-glass to a nurse with a typed error', async () => {
      await expect(
        clientFor(await outsider('60', patientWithCircle(3).id, 1)).breakTheGlass(
          `Patient/${patientWithCircle(3).id}`,
          'Urgence vitale au domicile',
        ),
      ).rejects.toMatchObject({ code: 'forbidden' });
    });

    it('refreshes a refused token once and goes on', async () => {
      const user = byProfession('10');
      let calls = 0;
      const client = createLienClient({
        baseUrl: `${server.url}/fhir`,
        getAccessToken: async ({ forceRefresh } = {}) => {
          calls++;
          return forceRefresh ? tokenFor(user.rpps) : 'not-a-valid-token';
        },
      });
      const patient = await client.resolvePatient(insOf(patientWithCircle(3)));
      expect(patient.id).toBe(patientWithCircle(3).id);
      expect(calls).toBeGreaterThanOrEqual(2);
    });

    it('never lets a liste-rouge MSSanté address through, neither on the wire nor in the view model', async () => {
      const big = patientWithCircle(120);
      const client = clientFor(byProfession('10', 7));
      await client.breakTheGlass(`Patient/${big.id}`, 'Avis urgent demandé par le SAMU');
      const circle = await client.getCareCircle(`Patient/${big.id}`);
      expect(circle.members.length).toBeGreaterThanOrEqual(120);
      const raw = await client.fhir.GET('/CareTeam', {
        params: {
          query: {
            patient: `Patient/${big.id}`,
            _include: ['CareTeam:participant'],
            '_include:iterate': ['PractitionerRole:practitioner'],
          },
        },
      });
      const flagged = JSON.stringify(raw.data).includes('"listeRouge"');
      expect(flagged, 'the server strips liste-rouge addresses before sending').toBe(false);
      const withMail = circle.members.filter((m) => m.mssante).length;
      const professionals = circle.members.filter((m) => m.kind === 'practitioner').length;
      expect(withMail, 'some professionals of the seed are on the liste rouge').toBeLessThan(
        professionals,
      );
    });

    it('lists a member’s discharge letters and fetches each kind of content', async () => {
      const physician = byProfession('10', 8);
      const client = clientFor(physician);
      const withLetters: {
        patient: DevPatient;
        letters: Awaited<ReturnType<LienClient['listDischargeLetters']>>;
      }[] = [];
      for (const patient of patients) {
        await client.breakTheGlass(
          `Patient/${patient.id}`,
          'Lecture du courrier de sortie en urgence',
        );
        const letters = await client.listDischargeLetters(`Patient/${patient.id}`);
        if (letters.length) withLetters.push({ patient, letters });
      }
      const all = withLetters.flatMap((w) => w.letters);
      expect(new Set(all.map((l) => l.format))).toEqual(new Set(['cda', 'fhir', 'pdf']));
      for (const w of withLetters) {
        const dates = w.letters.map((l) => l.date ?? '');
        expect(dates, 'newest first').toEqual([...dates].sort().reverse());
      }
      for (const format of ['cda', 'fhir', 'pdf'] as const) {
        const letter = all.find((l) => l.format === format)!;
        const content = await client.getLetter(letter.reference);
        expect(content.type).toBe(format);
        if (content.type === 'cda') expect(content.xml).toContain('ClinicalDocument');
        if (content.type === 'fhir')
          expect(content.bundle).toMatchObject({ resourceType: 'Bundle', type: 'document' });
        if (content.type === 'pdf' && 'blob' in content) {
          expect(new TextDecoder().decode(await content.blob.slice(0, 5).arrayBuffer())).toBe(
            '%PDF-',
          );
        }
      }
    });
  });
}
