import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { CryptoKey } from 'jose';
import pg from 'pg';
import { expect } from 'vitest';
import type { IssuerConfig, LienServer, ServerOptions } from '../src/index.js';
import type { CareCircleChange } from '../src/service/care-circle-writer.js';
import { createServer, demoDirectory } from '../src/index.js';

/** Parsed JSON of a response (tests look into it freely). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** The back ends to test: PGlite always (unless LIEN_TEST_POSTGRES_ONLY), PostgreSQL when configured. */
export const BACKENDS: Array<'pglite' | 'postgres'> = [
  ...(process.env.LIEN_TEST_POSTGRES_ONLY ? [] : (['pglite'] as const)),
  ...(process.env.LIEN_TEST_DATABASE_URL ? (['postgres'] as const) : []),
];

/** A fresh, empty PostgreSQL database for one test file; dropped by `drop()`. */
export async function freshPostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = process.env.LIEN_TEST_DATABASE_URL!;
  const name = `lien_test_${Date.now()}_${randomBytes(4).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await d.end();
    },
  };
}

/** A token issuer for tests (ES256 key pair), issuing Pro Santé Connect-style tokens. */
export class TestIssuer {
  private constructor(
    private readonly key: CryptoKey,
    readonly config: IssuerConfig,
  ) {}

  static async create(
    issuer = 'https://psc.test/auth/realms/esante-wallet',
    audience = 'lien',
  ): Promise<TestIssuer> {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwk = await exportJWK(publicKey);
    return new TestIssuer(privateKey, { issuer, audience, publicKey: { ...jwk, alg: 'ES256' } });
  }

  /** A token for an RPPS, with PSC claims (and `fhirUser` when given). */
  token(c: {
    rpps?: string;
    profession?: string;
    given?: string;
    family?: string;
    fhirUser?: string;
    expiresIn?: number;
    audience?: string;
    issuer?: string;
    now?: Date;
    extra?: Record<string, unknown>;
  }): Promise<string> {
    const iat = Math.floor((c.now ?? new Date()).getTime() / 1000);
    return new SignJWT({
      ...(c.rpps ? { SubjectNameID: `8${c.rpps}` } : {}),
      ...(c.given ? { given_name: c.given } : {}),
      ...(c.family ? { family_name: c.family } : {}),
      ...(c.fhirUser ? { fhirUser: c.fhirUser } : {}),
      ...(c.profession
        ? { SubjectRefPro: { exercices: [{ codeProfession: c.profession, activities: [] }] } }
        : {}),
      ...c.extra,
    })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer(c.issuer ?? this.config.issuer)
      .setAudience(c.audience ?? (this.config.audience as string))
      .setSubject(c.rpps ? `8${c.rpps}` : 'someone')
      .setIssuedAt(iat)
      .setExpirationTime(iat + (c.expiresIn ?? 3600))
      .sign(this.key);
  }
}

/** A mutable clock for tests. */
export class TestClock {
  offsetMs = 0;
  readonly now = (): Date => new Date(Date.now() + this.offsetMs);
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

/** A server under test, with its teardown. */
export interface TestServer {
  server: LienServer;
  issuer: TestIssuer;
  clock: TestClock;
  close: () => Promise<void>;
  /** Sends a request through Fastify's inject (no socket). */
  request: (r: {
    method?: 'GET' | 'POST' | 'PUT';
    url: string;
    token?: string;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
  }) => Promise<{ status: number; headers: Record<string, unknown>; body: Json; text: string }>;
}

/** Starts a server on the given back end with a fresh database, the demo seed and a test issuer. */
export async function testServer(
  backend: 'pglite' | 'postgres',
  options: Partial<ServerOptions> = {},
): Promise<TestServer> {
  const issuer = await TestIssuer.create();
  const clock = new TestClock();
  let drop: (() => Promise<void>) | null = null;
  const db: Partial<ServerOptions> = {};
  if (backend === 'postgres') {
    const fresh = await freshPostgres();
    drop = fresh.drop;
    db.databaseUrl = fresh.url;
    db.poolSize = 10;
  } else {
    db.dataDir = 'memory://';
  }
  const server = await createServer({
    ...db,
    seed: 'demo',
    devAuth: true,
    logger: false,
    validateResponses: true,
    issuers: [issuer.config],
    now: clock.now,
    nodeEnv: 'test',
    ...options,
  });
  return {
    server,
    issuer,
    clock,
    close: async () => {
      expect(server.responseViolations).toEqual([]);
      await server.close();
      if (drop) await drop();
    },
    request: async (r) => {
      const headers: Record<string, string> = { ...(r.headers ?? {}) };
      if (r.token) headers.authorization = `Bearer ${r.token}`;
      let payload: string | undefined = r.rawBody;
      if (r.body !== undefined) {
        payload = JSON.stringify(r.body);
        headers['content-type'] ??= 'application/fhir+json';
      }
      const res = await server.app.inject({
        method: r.method ?? 'GET',
        url: r.url,
        headers,
        payload,
      });
      let body: unknown = undefined;
      try {
        body = res.body ? JSON.parse(res.body) : undefined;
      } catch {
        body = undefined;
      }
      return { status: res.statusCode, headers: res.headers, body, text: res.body };
    },
  };
}

/** The `$declare-actor` body. */
export const ATTEST = {
  resourceType: 'Parameters',
  parameter: [{ name: 'attestation', valueBoolean: true }],
};

/** Remedy codes of an OperationOutcome. */
export function remedies(outcome: Json): string[] {
  return (outcome?.issue ?? []).flatMap((i: Json) =>
    (i.details?.coding ?? [])
      .filter((c: Json) => c.system === 'urn:lien:access-remedy')
      .map((c: Json) => c.code),
  );
}

/** Active / former PractitionerRole members of a patient's care circle, from the index table. */
export async function members(
  server: LienServer,
  patientId: string,
): Promise<{ active: string[]; former: string[] }> {
  const res = await server.db.query<{ member_id: string; period_end: string | null }>(
    `SELECT member_id, period_end FROM care_team_participation WHERE patient_id = $1 ORDER BY member_id`,
    [patientId],
  );
  const active = res.rows.filter((r) => r.period_end === null).map((r) => r.member_id);
  const former = res.rows
    .filter((r) => r.period_end !== null && !active.includes(r.member_id))
    .map((r) => r.member_id);
  return { active, former };
}

const seedProfessionals = new Map(demoDirectory().professionals.map((p) => [p.roleId, p]));

/**
 * A token of the demo seed's professional with that PractitionerRole id, as Pro Santé Connect
 * would issue it (RPPS, profession, `fhirUser`), at the test server's clock.
 */
export function tokenForRole(t: TestServer, roleId: string): Promise<string> {
  const p = seedProfessionals.get(roleId);
  if (!p) throw new Error(`no seeded professional with role ${roleId}`);
  return t.issuer.token({
    rpps: p.rpps,
    profession: p.profession,
    fhirUser: `PractitionerRole/${roleId}`,
    now: t.clock.now(),
  });
}

/** The instant of the changes built by {@link declarationChange}. */
export const CHANGE_NOW = '2026-03-02T10:00:00.000Z';

/** An AuditEvent row (id and JSON text) of a change on a patient's circle. */
export function auditRow(id: string, patientId: string): { id: string; json: string } {
  return {
    id,
    json: JSON.stringify({
      resourceType: 'AuditEvent',
      id,
      recorded: CHANGE_NOW,
      entity: [
        { what: { reference: `Patient/${patientId}` } },
        { what: { reference: 'CareTeam/-' } },
      ],
      meta: { versionId: '1', lastUpdated: CHANGE_NOW },
    }),
  };
}

/**
 * A declaration as the service gives it to `CareCircleWriter`, its Consent and AuditEvent ids
 * made from `key`; `audit` replaces its AuditEvent row.
 */
export function declarationChange(
  patientId: string,
  roleId: string,
  key: string,
  audit = auditRow(`audit-${key}`, patientId),
): CareCircleChange {
  return {
    op: 'declare',
    patientId,
    roleId,
    now: CHANGE_NOW,
    participant: {
      member: { reference: `PractitionerRole/${roleId}` },
      period: { start: CHANGE_NOW },
    },
    consent: {
      id: `consent-${key}`,
      json: JSON.stringify({
        resourceType: 'Consent',
        id: `consent-${key}`,
        status: 'active',
        patient: { reference: `Patient/${patientId}` },
        dateTime: CHANGE_NOW,
        meta: { versionId: '1', lastUpdated: CHANGE_NOW },
      }),
      status: 'active',
      sortDate: CHANGE_NOW,
    },
    audit,
    url: `Patient/${patientId}/$declare-actor`,
  };
}
