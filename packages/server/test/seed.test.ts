import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/index.js';
import { createServer, demoDirectory, migrate, openDb, seedDemo } from '../src/index.js';
import { store } from '../src/store/store.js';
import type { Json } from './helpers.js';
import { BACKENDS, freshPostgres } from './helpers.js';

/** The project's demo letters, as the seed loads them. */
const LETTERS_DIR = fileURLToPath(new URL('../seed/letters/', import.meta.url));
const LETTER_FILE = /\.(cda\.xml|bundle\.json|pdf)$/;

/** The text of a PDF's literal strings (the demo PDFs are uncompressed, WinAnsi ≈ Latin-1). */
function pdfText(bytes: Buffer): string {
  const strings = bytes.toString('latin1').matchAll(/\(((?:\\.|[^\\)])*)\)/g);
  return [...strings]
    .map((m) =>
      (m[1] ?? '').replace(/\\([0-7]{3}|.)/g, (_, e: string) =>
        e.length === 3 ? String.fromCharCode(parseInt(e, 8)) : e,
      ),
    )
    .join('\n');
}

async function counts(db: Db): Promise<Record<string, number>> {
  const res = await db.query<{ type: string; n: number }>(
    `SELECT type, count(*)::int AS n FROM resource_version GROUP BY type ORDER BY type`,
  );
  return Object.fromEntries(res.rows.map((r) => [r.type, r.n]));
}

describe.each(BACKENDS)('storage and seed (%s)', (backend) => {
  const cleanups: Array<() => Promise<void>> = [];
  let shared: Db;
  beforeAll(async () => {
    shared = await openDb(
      backend === 'postgres' ? await durableTarget() : { dataDir: 'memory://' },
    );
    cleanups.push(() => shared.close());
  });
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  /** Opens a database that survives a "restart" (a second open). */
  async function durableTarget(): Promise<{ dataDir?: string; databaseUrl?: string }> {
    if (backend === 'postgres') {
      const fresh = await freshPostgres();
      cleanups.push(fresh.drop);
      return { databaseUrl: fresh.url };
    }
    const dir = mkdtempSync(join(tmpdir(), 'lien-seed-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    return { dataDir: dir };
  }

  it('the demo seed is idempotent across restarts and keeps data written in between', async () => {
    const target = await durableTarget();
    const first = await createServer({
      ...target,
      seed: 'demo',
      logger: false,
      devAuth: true,
      nodeEnv: 'test',
    });
    expect(first.seed!.created).toBeGreaterThan(300);
    const before = await counts(first.db);
    const rpps = demoDirectory().professionals.find((p) => p.profession === '60')!.rpps;
    const tok = (
      await first.app.inject({ method: 'POST', url: '/dev/token', payload: { rpps } })
    ).json();
    const declared = await first.app.inject({
      method: 'POST',
      url: '/fhir/Patient/ines-haddad/$declare-actor',
      headers: {
        authorization: `Bearer ${tok.access_token}`,
        'content-type': 'application/fhir+json',
      },
      payload: JSON.stringify({
        resourceType: 'Parameters',
        parameter: [{ name: 'attestation', valueBoolean: true }],
      }),
    });
    expect(declared.statusCode).toBe(200);
    await first.close();

    const second = await createServer({ ...target, seed: 'demo', logger: false, nodeEnv: 'test' });
    expect(second.seed!.created).toBe(0);
    const after = await counts(second.db);
    expect(after.Patient).toBe(before.Patient);
    expect(after.PractitionerRole).toBe(before.PractitionerRole);
    expect(after.CareTeam).toBe((before.CareTeam ?? 0) + 1);
    const kept = await store.read(second.db, 'CareTeam', declared.json().id);
    expect(kept?.versionId).toBe(1);
    await second.close();
  });

  it('migrations are recorded and applied once', async () => {
    expect(await migrate(shared)).toEqual(['001_init.sql', '002_lz4_content.sql']);
    expect(await migrate(shared)).toEqual([]);
    const rows = await shared.query<{ name: string }>(
      'SELECT name FROM schema_migration ORDER BY name',
    );
    expect(rows.rows.map((r) => r.name)).toEqual(['001_init.sql', '002_lz4_content.sql']);
    // lz4 TOAST compression of resource JSON where the server has it (PostgreSQL >= 14 as packaged
    // by Debian), else the default (PGlite is built without lz4).
    const version = await shared.query<{ v: number }>(
      `SELECT current_setting('server_version_num')::int AS v`,
    );
    if (version.rows[0]!.v >= 140000) {
      const compression = await shared.query<{ c: string }>(
        `SELECT attcompression::text AS c FROM pg_attribute
          WHERE attrelid = 'resource_version'::regclass AND attname = 'content'`,
      );
      expect(compression.rows[0]?.c).toBe(backend === 'postgres' ? 'l' : '');
    }
  });

  it('a write is one transaction: a failure leaves nothing behind', async () => {
    const db = shared;
    await migrate(db);
    {
      await expect(
        db.transaction(async (tx) => {
          await store.write(tx, { resourceType: 'Patient', id: 'tx-test' }, null);
          await tx.query('SELECT * FROM no_such_table');
        }),
      ).rejects.toThrow();
      expect(await store.read(db, 'Patient', 'tx-test')).toBeNull();
    }
  });

  it('the unique partial index allows one active participation per role and care team', async () => {
    const db = shared;
    await migrate(db);
    {
      const insert = (start: string, end: string | null) =>
        db.query(
          `INSERT INTO care_team_participation (care_team_id, patient_id, member_type, member_id, period_start, period_end, started_version)
           VALUES ('ct', 'p', 'PractitionerRole', 'r', $1, $2, 1)`,
          [start, end],
        );
      await insert('2024-01-01', '2024-02-01');
      await insert('2024-03-01', null);
      await expect(insert('2024-04-01', null)).rejects.toMatchObject({ code: '23505' });
    }
  });

  it('versions are kept: an update adds a row, the old one is unchanged', async () => {
    const db = shared;
    await migrate(db);
    {
      await db.transaction((tx) =>
        store.write(tx, { resourceType: 'Organization', id: 'o1', name: 'A' }, null),
      );
      await db.transaction(async (tx) => {
        const v = await store.lock(tx, 'Organization', 'o1');
        await store.write(tx, { resourceType: 'Organization', id: 'o1', name: 'B' }, v);
      });
      const h = await store.history(db, 'Organization', 'o1', 10, 0);
      expect(h.versions.map((v) => [v.versionId, (JSON.parse(v.json) as Json).name])).toEqual([
        [2, 'B'],
        [1, 'A'],
      ]);
    }
  });
});

describe.skipIf(!!process.env.LIEN_TEST_POSTGRES_ONLY)('demo seed content', () => {
  let db: Db;
  afterAll(async () => {
    await db?.close();
  });

  it('is deterministic and has the required shape', async () => {
    db = await openDb({ dataDir: 'memory://' });
    await migrate(db);
    const report = await seedDemo(db);
    expect(report.patients).toBeGreaterThanOrEqual(6);
    const dir = demoDirectory();
    const named = dir.professionals.filter((p) => p.named);
    expect(named.length).toBeGreaterThanOrEqual(40);
    expect(new Set(named.map((p) => p.profession)).size).toBeGreaterThanOrEqual(8);
    expect(dir.patients.map((p) => p.activeMembers)).toEqual(
      expect.arrayContaining([0, 3, 15, 120]),
    );
    const patients = await db.query<{ json: string }>(
      `SELECT v.content::text AS json FROM resource_version v WHERE type = 'Patient'`,
    );
    for (const r of patients.rows) {
      const p = JSON.parse(r.json) as Json;
      expect(p.identifier[0].system).toBe('urn:oid:1.2.250.1.213.1.4.10');
      expect(p.identifier[0].value).toMatch(/^\d{15}$/);
      const nir = BigInt(p.identifier[0].value.slice(0, 13));
      expect(97 - Number(nir % 97n)).toBe(Number(p.identifier[0].value.slice(13)));
    }
    const ct = JSON.parse((await store.read(db, 'CareTeam', 'cds-marie-durand'))!.json) as Json;
    expect(
      ct.participant.some((p: Json) => p.role[0].coding[0].code === 'PCP' && !p.period.end),
    ).toBe(true);
    expect(ct.participant.some((p: Json) => p.period.end)).toBe(true);
    const big = JSON.parse((await store.read(db, 'CareTeam', 'cds-lucien-morel'))!.json) as Json;
    expect(big.participant.filter((p: Json) => !p.period.end)).toHaveLength(120);
    const orgs = await db.query<{ kind: string }>(
      `SELECT DISTINCT c->>'code' AS kind FROM resource_version v, jsonb_array_elements(v.content->'type'->0->'coding') c
        WHERE v.type = 'Organization' AND c->>'system' = 'urn:lien:organization-kind'`,
    );
    expect(orgs.rows.map((r) => r.kind).sort()).toEqual(['community', 'hospital']);
    const roles = await db.query<{ json: string }>(
      `SELECT content::text AS json FROM resource_version WHERE type = 'PractitionerRole'`,
    );
    const mails = roles.rows.flatMap((r) =>
      (JSON.parse(r.json) as Json).telecom.filter((t: Json) => t.system === 'email'),
    );
    expect(mails.every((m: Json) => m.value.endsWith('@lien-demo.mssante.fr'))).toBe(true);
    expect(mails.some((m: Json) => JSON.stringify(m).includes('listeRouge'))).toBe(true);

    const again = await openDb({ dataDir: 'memory://' });
    await migrate(again);
    await seedDemo(again);
    const a = await store.read(db, 'CareTeam', 'cds-lucien-morel');
    const b = await store.read(again, 'CareTeam', 'cds-lucien-morel');
    expect(b!.json).toBe(a!.json);
    await again.close();
  });

  it('gives Lucien MOREL three letters of different dates (CDA, FHIR, PDF) and every other patient at most one', async () => {
    const dir = demoDirectory();
    const docs = await db.query<{ json: string }>(
      `SELECT content::text AS json FROM resource_version WHERE type = 'DocumentReference'`,
    );
    const letters = docs.rows.map((r) => JSON.parse(r.json) as Json);
    const morel = letters
      .filter((d) => d.subject.reference === 'Patient/lucien-morel')
      .sort((a, b) => Date.parse(b.date) - Date.parse(a.date));
    expect(
      morel.map((d) => [d.id, d.date.slice(0, 10), d.content[0].attachment.contentType]),
    ).toEqual([
      ['letter-ldl-ses-demo-2', '2025-04-28', 'application/xml'],
      ['letter-hdr-demo-2', '2024-10-14', 'application/fhir+json'],
      ['letter-pdf-only-demo-2', '2024-06-14', 'application/pdf'],
    ]);
    expect(morel.map((d) => d.custodian.reference)).toEqual([
      'Organization/clinique-du-parc',
      'Organization/ch-fourviere',
      'Organization/chu-lyon-sud',
    ]);
    const perPatient = new Map<string, number>();
    for (const d of letters) {
      perPatient.set(d.subject.reference, (perPatient.get(d.subject.reference) ?? 0) + 1);
    }
    perPatient.delete('Patient/lucien-morel');
    expect([...perPatient.values()].every((n) => n === 1)).toBe(true);
    // Nothing fell back to the default patient: each project letter carries its patient's INS.
    const files = readdirSync(LETTERS_DIR).filter((f) => LETTER_FILE.test(f));
    expect(files.length).toBeGreaterThanOrEqual(6);
    const byId = new Map(letters.map((d) => [d.id, d]));
    for (const f of files) {
      const doc = byId.get(`letter-${f.replace(LETTER_FILE, '')}`);
      const ins = dir.patients.find((p) => `Patient/${p.id}` === doc?.subject.reference)?.ins;
      expect(ins, f).toBeDefined();
      const bytes = readFileSync(join(LETTERS_DIR, f));
      expect(f.endsWith('.pdf') ? pdfText(bytes) : bytes.toString('utf8'), f).toContain(ins);
    }
  });

  it('names in the project letters only seeded professionals, and as GP the patient’s médecin traitant', async () => {
    const dir = demoDirectory();
    const practitioners = await db.query<{ json: string }>(
      `SELECT content::text AS json FROM resource_version WHERE type = 'Practitioner'`,
    );
    /** Seeded professionals by RPPS: names, and whether they are general practitioners. */
    const seeded = new Map<string, { given: string; family: string; gp: boolean }>();
    for (const r of practitioners.rows) {
      const p = JSON.parse(r.json) as Json;
      const rpps = p.identifier.find((i: Json) => i.system === 'https://rpps.esante.gouv.fr').value;
      const role = dir.professionals.find((x) => x.rpps === rpps)!;
      const roleJson = JSON.parse((await store.read(db, 'PractitionerRole', role.roleId))!.json);
      seeded.set(rpps, {
        given: p.name[0].given[0],
        family: p.name[0].family,
        gp: roleJson.specialty?.[0]?.coding?.[0]?.code === 'SM26',
      });
    }
    const byName = new Map([...seeded].map(([rpps, p]) => [`${p.given} ${p.family}`, rpps]));
    const families = new Set([...seeded.values()].map((p) => p.family));
    /** The RPPS of a patient's médecin traitant in the seed, if they have one. */
    const pcpOf = async (patient: string): Promise<string | undefined> => {
      const team = await store.read(db, 'CareTeam', `cds-${patient}`);
      const pcp = team
        ? (JSON.parse(team.json) as Json).participant.find(
            (p: Json) => p.role[0].coding?.[0]?.code === 'PCP' && !p.period.end,
          )
        : undefined;
      const roleId = pcp?.member.reference.split('/')[1];
      return dir.professionals.find((p) => p.roleId === roleId)?.rpps;
    };
    const docs = await db.query<{ json: string }>(
      `SELECT content::text AS json FROM resource_version WHERE type = 'DocumentReference'`,
    );
    const letters = new Map(
      docs.rows.map((r) => JSON.parse(r.json) as Json).map((d) => [d.id, d] as const),
    );

    for (const file of readdirSync(LETTERS_DIR).filter((f) => LETTER_FILE.test(f))) {
      const bytes = readFileSync(join(LETTERS_DIR, file));
      const patient = letters
        .get(`letter-${file.replace(LETTER_FILE, '')}`)!
        .subject.reference.split('/')[1];
      const text = file.endsWith('.pdf') ? pdfText(bytes) : bytes.toString('utf8');
      const named: Array<{ rpps?: string; given?: string; family: string }> = [];
      let gp: string | undefined;
      if (file.endsWith('.cda.xml')) {
        // Every person of the header: author, recipients, signer, participants, performers.
        const people = text.matchAll(
          /<(?:assignedAuthor|intendedRecipient|assignedEntity|associatedEntity)\b[\s\S]*?<\/(?:assignedAuthor|intendedRecipient|assignedEntity|associatedEntity)>/g,
        );
        for (const [block] of people) {
          const rpps = /root="1\.2\.250\.1\.71\.4\.2\.1" extension="8(\d{11})"/.exec(block)?.[1];
          const given = /<given>([^<]+)<\/given>/.exec(block)?.[1];
          const family = /<family>([^<]+)<\/family>/.exec(block)?.[1];
          if (family) named.push({ rpps, given, family });
          else if (rpps) named.push({ rpps, family: seeded.get(rpps)?.family ?? '?' });
        }
        const pcp =
          /<participant typeCode="INF">\s*<functionCode code="PCP"[\s\S]*?<\/participant>/.exec(
            text,
          );
        gp = /extension="8(\d{11})"/.exec(pcp?.[0] ?? '')?.[1];
      } else if (file.endsWith('.bundle.json')) {
        const entries = (JSON.parse(text) as Json).entry.map((e: Json) => e);
        const resource = (ref: string) => entries.find((e: Json) => e.fullUrl === ref)?.resource;
        for (const { resource: r } of entries) {
          if (r.resourceType !== 'Practitioner') continue;
          const rpps = r.identifier.find(
            (i: Json) => i.system === 'https://rpps.esante.gouv.fr',
          )?.value;
          named.push({ rpps, given: r.name[0].given[0], family: r.name[0].family });
        }
        const pat = entries.find((e: Json) => e.resource.resourceType === 'Patient').resource;
        const role = resource(pat.generalPractitioner[0].reference);
        gp = resource(role.practitioner.reference).identifier.find(
          (i: Json) => i.system === 'https://rpps.esante.gouv.fr',
        ).value;
      } else {
        for (const m of text.matchAll(
          /Dr ([\p{Lu}][\p{Ll}]+) ([\p{Lu}-]{2,})(.*RPPS (\d{11}))?/gu,
        )) {
          named.push({ given: m[1], family: m[2]!, rpps: m[4] });
        }
        const pcp = /Médecin traitant : Dr ([\p{Lu}][\p{Ll}]+) ([\p{Lu}-]{2,})/u.exec(text);
        gp = pcp ? byName.get(`${pcp[1]} ${pcp[2]}`) : undefined;
      }

      expect(named.length, `${file}: professionals found`).toBeGreaterThan(0);
      for (const person of named) {
        const rpps = person.rpps ?? byName.get(`${person.given} ${person.family}`);
        const who = `${file}: ${person.given ?? ''} ${person.family} (${person.rpps ?? 'no RPPS'})`;
        expect(rpps && seeded.has(rpps), `${who} is a seeded professional`).toBe(true);
        expect(seeded.get(rpps!)!.family, who).toBe(person.family);
        if (person.given) expect(seeded.get(rpps!)!.given, who).toBe(person.given);
      }
      // Doctors named in passing ("Dr ROGER") are seeded ones too.
      for (const m of text.matchAll(/\bDr (?:[\p{Lu}][\p{Ll}]+ )?([\p{Lu}-]{2,})\b/gu)) {
        expect(families.has(m[1]!), `${file}: Dr ${m[1]}`).toBe(true);
      }
      // The GP of the letter: the patient's médecin traitant, or a seeded GP for a patient without.
      expect(gp, `${file}: GP`).toBeDefined();
      const pcp = await pcpOf(patient);
      if (pcp) expect(gp, `${file}: médecin traitant of ${patient}`).toBe(pcp);
      else expect(seeded.get(gp!)?.gp, `${file}: ${gp} is a seeded GP`).toBe(true);
    }
  });

  it('ships the project letters in the npm package, so an installed server seeds them too', () => {
    const packed = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const files = new Set(
      (JSON.parse(packed) as Array<{ files: Array<{ path: string }> }>)[0]?.files.map(
        (f) => f.path,
      ),
    );
    const letters = readdirSync(LETTERS_DIR).filter((f) => LETTER_FILE.test(f));
    expect(letters.length).toBeGreaterThanOrEqual(6);
    for (const letter of letters) expect(files).toContain(`seed/letters/${letter}`);
    expect(files).toContain('migrations/001_init.sql');
    expect(files).not.toContain('seed/letters/make-pdf.mjs');
  });

  it('describes the ANS example letters with their source', async () => {
    const docs = await db.query<{ json: string }>(
      `SELECT content::text AS json FROM resource_version WHERE type = 'DocumentReference'`,
    );
    const ans = docs.rows
      .map((r) => JSON.parse(r.json) as Json)
      .filter((d) => /ANS/.test(d.description));
    expect(ans.length).toBe(2);
    expect(ans.every((d) => /TestContenuCDA/.test(d.description))).toBe(true);
    expect(ans.map((d) => d.subject.reference).sort()).toEqual([
      'Patient/dominique-pat-trois',
      'Patient/ruth-decourcy',
    ]);
  });
});

describe.skipIf(!!process.env.LIEN_TEST_POSTGRES_ONLY)('start-up refusals', () => {
  it('refuses dev auth when NODE_ENV=production', async () => {
    await expect(
      createServer({ dataDir: 'memory://', devAuth: true, nodeEnv: 'production', logger: false }),
    ).rejects.toThrow(/refused when NODE_ENV=production/);
  });

  it('fails clearly when the database is unreachable', async () => {
    await expect(
      createServer({ databaseUrl: 'postgres://postgres@127.0.0.1:1/none', logger: false }),
    ).rejects.toThrow(
      /Cannot open the database \(PostgreSQL at 127\.0\.0\.1:1\/none\): ECONNREFUSED/,
    );
  });
});
