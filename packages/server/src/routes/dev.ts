import type { FastifyPluginAsync } from 'fastify';
import type { DevAuth } from '../auth/dev.js';
import type { Db } from '../db/types.js';
import { SYSTEMS } from '../fhir/codes.js';
import { HttpError } from '../fhir/outcome.js';
import { PROFESSIONS } from '../service/careteam.js';

interface DevOptions {
  db: Db;
  devAuth: DevAuth;
  now: () => Date;
  lifetimeSeconds: number;
}

interface ProRow {
  role_id: string;
  rpps: string | null;
  given: string | null;
  family: string | null;
  prefix: string | null;
  profession: string | null;
  specialty: string | null;
  finess: string | null;
  org_name: string | null;
}

const PROS_SQL = `SELECT r.id AS role_id,
    (SELECT i->>'value' FROM jsonb_array_elements(COALESCE(pv.content->'identifier', '[]'::jsonb)) i
      WHERE i->>'system' = $1 LIMIT 1) AS rpps,
    pv.content->'name'->0->'given'->>0 AS given,
    pv.content->'name'->0->>'family' AS family,
    pv.content->'name'->0->'prefix'->>0 AS prefix,
    rv.content->'code'->0->'coding'->0->>'code' AS profession,
    rv.content->'specialty'->0->'coding'->0->>'code' AS specialty,
    (SELECT i->>'value' FROM jsonb_array_elements(COALESCE(ov.content->'identifier', '[]'::jsonb)) i
      WHERE i->>'system' = $2 LIMIT 1) AS finess,
    ov.content->>'name' AS org_name
  FROM resource_head r
  JOIN resource_version rv ON rv.type = r.type AND rv.id = r.id AND rv.version_id = r.version_id
  JOIN resource_head ph ON ph.type = 'Practitioner' AND ph.id = split_part(rv.content->'practitioner'->>'reference', '/', 2)
  JOIN resource_version pv ON pv.type = ph.type AND pv.id = ph.id AND pv.version_id = ph.version_id
  LEFT JOIN resource_head oh ON oh.type = 'Organization' AND oh.id = split_part(rv.content->'organization'->>'reference', '/', 2)
  LEFT JOIN resource_version ov ON ov.type = oh.type AND ov.id = oh.id AND ov.version_id = oh.version_id
  WHERE r.type = 'PractitionerRole'`;

function outcome(status: number, diagnostics: string) {
  return HttpError.of(status, status === 404 ? 'not-found' : 'invalid', diagnostics);
}

/**
 * Development-only routes (registered with `--dev-auth`): the seeded professionals and patients, and
 * `POST /dev/token` to sign in as one of them.
 */
export const devRoutes: FastifyPluginAsync<DevOptions> = async (app, opts) => {
  const { db, devAuth, now } = opts;

  app.get('/dev/users', async (_req, reply) => {
    const res = await db.query<ProRow>(
      `${PROS_SQL} ORDER BY pv.content->'name'->0->>'family', r.id`,
      [SYSTEMS.rpps, SYSTEMS.finess],
    );
    const users = res.rows
      .flatMap((r) => (r.rpps ? [{ ...r, rpps: r.rpps }] : []))
      .map((r) => ({
        rpps: r.rpps,
        name: [r.prefix, r.given, r.family?.toUpperCase()].filter(Boolean).join(' '),
        profession: { code: r.profession ?? '', display: PROFESSIONS[r.profession ?? ''] ?? '' },
        practitionerRole: `PractitionerRole/${r.role_id}`,
        ...(r.org_name ? { organization: r.org_name } : {}),
      }));
    return reply.type('application/json').send(users);
  });

  /**
   * The seeded patients: `[{ id, ins, insSystem, name, careCircleSize }]`, by id. `ins` is the
   * INS-NIR value (15 digits) and `insSystem` its system — the production OID
   * (`urn:oid:1.2.250.1.213.1.4.8`) or the test one (`…4.10`, the demo seed's) — so that
   * `${insSystem}|${ins}` is the identifier the FHIR API and the client take; both null for a
   * patient without INS. A patient with both keeps the production one.
   */
  app.get('/dev/patients', async (_req, reply) => {
    const res = await db.query<{
      id: string;
      ins: string | null;
      ins_system: string | null;
      given: string | null;
      family: string | null;
      size: number;
    }>(
      `SELECT h.id, ins.value AS ins, ins.system AS ins_system,
          v.content->'name'->0->'given'->>0 AS given,
          v.content->'name'->0->>'family' AS family,
          (SELECT count(*)::int FROM care_team_participation p
            WHERE p.patient_id = h.id AND p.period_end IS NULL) AS size
        FROM resource_head h
        JOIN resource_version v ON v.type = h.type AND v.id = h.id AND v.version_id = h.version_id
        LEFT JOIN LATERAL (
          SELECT i->>'system' AS system, i->>'value' AS value
            FROM jsonb_array_elements(COALESCE(v.content->'identifier', '[]'::jsonb)) i
           WHERE i->>'system' IN ($1, $2) AND i->>'value' IS NOT NULL
           ORDER BY i->>'system' = $1 DESC LIMIT 1) ins ON true
       WHERE h.type = 'Patient' ORDER BY h.id`,
      [SYSTEMS.insNir, SYSTEMS.insNirTest],
    );
    return reply.type('application/json').send(
      res.rows.map((r) => ({
        id: r.id,
        ins: r.ins,
        insSystem: r.ins_system,
        name: [r.given, r.family?.toUpperCase()].filter(Boolean).join(' '),
        careCircleSize: r.size,
      })),
    );
  });

  app.post('/dev/token', async (req, reply) => {
    const body = req.body as { rpps?: unknown } | undefined;
    const rpps = typeof body?.rpps === 'string' ? body.rpps : undefined;
    if (!rpps || !/^\d{11}$/.test(rpps)) throw outcome(400, 'Body must be {"rpps": "<11 digits>"}');
    const res = await db.query<ProRow>(
      `${PROS_SQL} AND EXISTS (SELECT 1 FROM resource_token t WHERE t.type = 'Practitioner' AND t.id = ph.id
          AND t.param = 'identifier' AND t.system = $1 AND t.value = $3) ORDER BY r.id LIMIT 1`,
      [SYSTEMS.rpps, SYSTEMS.finess, rpps],
    );
    const row = res.rows[0];
    if (!row) throw outcome(404, `No professional with RPPS ${rpps}`);
    const token = await devAuth.token(
      {
        rpps,
        givenName: row.given ?? undefined,
        familyName: row.family ?? undefined,
        professionCode: row.profession ?? undefined,
        specialtyCode: row.specialty ?? undefined,
        finess: row.finess ?? undefined,
        organizationName: row.org_name ?? undefined,
        practitionerRole: `PractitionerRole/${row.role_id}`,
      },
      opts.lifetimeSeconds,
      now(),
    );
    return reply
      .header('Cache-Control', 'no-store')
      .type('application/json')
      .send({ access_token: token, token_type: 'Bearer', expires_in: opts.lifetimeSeconds });
  });
};
