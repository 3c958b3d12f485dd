#!/usr/bin/env node
// Benchmark of the Lien server's hot paths, on PGlite and on PostgreSQL, with autocannon on loopback:
//   1. care-circle read: CareTeam?patient=…&_include… (15 members) by a member, 50 connections, 10 s;
//   2. declare / withdraw cycles by many different professionals on many patients, 50 connections, 10 s,
//      saturating, then at the target rate (300 declarations/s) for the latency it must keep: that
//      one is open loop, a cycle starting every 1/300 s whatever the answers (autocannon's rate
//      limit sends each second's requests in one burst), each latency counted from the moment its
//      request was due, so that a late answer also delays what it holds up;
// plus `pgbench -S` (select-only) against the same PostgreSQL, as a ceiling.
//
// Usage (after `pnpm --filter @lien/server build`):
//   LIEN_BENCH_DATABASE_URL=postgres://postgres:…@127.0.0.1:5432/postgres node bench/server-bench.mjs
// Env: LIEN_BENCH_DATABASE_URL (or LIEN_TEST_DATABASE_URL; without it PostgreSQL is skipped),
//      LIEN_BENCH_DURATION (s, default 10), LIEN_BENCH_CONNECTIONS (default 50),
//      LIEN_BENCH_ONLY=pglite|postgres, LIEN_BENCH_POOL (PostgreSQL pool size, default 20).
// The server runs in a child process (so autocannon does not share its event loop).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

/** Declarations per second the server must sustain (the target). */
const TARGET_DECLARATIONS = 300;
import pg from 'pg';
import { demoDirectory, migrate, openDb, seedDemo } from '../dist/index.js';
import { store } from '../dist/store/store.js';

const DURATION = Number(process.env.LIEN_BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.LIEN_BENCH_CONNECTIONS ?? 50);
const POOL = Number(process.env.LIEN_BENCH_POOL ?? 20);
const PG_URL = process.env.LIEN_BENCH_DATABASE_URL ?? process.env.LIEN_TEST_DATABASE_URL;
const ONLY = process.env.LIEN_BENCH_ONLY;
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const EXTRA_PATIENTS = 500;

const ATTEST = JSON.stringify({
  resourceType: 'Parameters',
  parameter: [{ name: 'attestation', valueBoolean: true }],
});

/** Members of a bench patient's circle before the bench: active, and former (ended). */
const BENCH_ACTIVE = 6;
const BENCH_FORMER = 24;

/**
 * Seeds the demo data plus bench patients (so declarations spread over many care circles), each with
 * a circle of {@link BENCH_ACTIVE} members and {@link BENCH_FORMER} former members (kept in the
 * CareTeam: history is never deleted) — the size a declaration works on in real life, not an empty
 * circle. The professionals in these circles are not the ones declaring during the bench.
 */
async function prepare(target) {
  const db = await openDb(target);
  await migrate(db);
  await seedDemo(db);
  const patients = Array.from({ length: EXTRA_PATIENTS }, (_, i) => ({
    resource: {
      resourceType: 'Patient',
      id: `bench-${i}`,
      identifier: [{ system: 'urn:oid:1.2.250.1.213.1.4.10', value: String(100000000000000 + i) }],
      name: [{ family: `BENCH${i}`, given: ['Patient'] }],
    },
  }));
  const others = demoDirectory().professionals.slice(CONNECTIONS);
  const start = '2024-01-01';
  const circles = patients.map((_, i) => {
    const members = Array.from({ length: BENCH_ACTIVE + BENCH_FORMER }, (_, j) => ({
      pro: others[(i * 7 + j) % others.length],
      end: j < BENCH_ACTIVE ? null : `2024-0${1 + (j % 9)}-2${j % 8}`,
    }));
    return {
      resource: {
        resourceType: 'CareTeam',
        id: `cds-bench-${i}`,
        status: 'active',
        category: [{ coding: [{ system: 'http://loinc.org', code: 'LA27976-2' }] }],
        name: `Cercle de soins de Patient BENCH${i}`,
        subject: { reference: `Patient/bench-${i}`, display: `Patient BENCH${i}` },
        period: { start },
        participant: members.map((m, j) => ({
          id: `p${j + 1}`,
          role: [
            {
              coding: [
                {
                  system:
                    'https://mos.esante.gouv.fr/NOS/TRE_G15-ProfessionSante/FHIR/TRE-G15-ProfessionSante',
                  code: m.pro.profession,
                },
              ],
            },
          ],
          member: { reference: `PractitionerRole/${m.pro.roleId}`, display: m.pro.rpps },
          period: { start, ...(m.end ? { end: m.end } : {}) },
        })),
      },
      members,
    };
  });
  await db.transaction(async (tx) => {
    await store.bulkCreate(tx, patients, new Date());
    await store.bulkCreate(tx, circles, new Date());
    const rows = circles.flatMap((c, i) =>
      c.members.map((m) => [`cds-bench-${i}`, `bench-${i}`, m.pro.roleId, m.end]),
    );
    await tx.query(
      `INSERT INTO care_team_participation
         (care_team_id, patient_id, member_type, member_id, period_start, period_end, started_version, ended_version)
       SELECT c, p, 'PractitionerRole', r, $5, e, 1, CASE WHEN e IS NULL THEN NULL ELSE 1 END
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS x(c, p, r, e)`,
      [
        rows.map((r) => r[0]),
        rows.map((r) => r[1]),
        rows.map((r) => r[2]),
        rows.map((r) => r[3]),
        start,
      ],
    );
  });
  await db.close();
}

/** Participants of the bench patients' CareTeams at the end (each cycle adds a former member). */
async function circleSizes(url) {
  const db = await openDb(url);
  try {
    const res = await db.query(
      `SELECT min(n)::int AS min, max(n)::int AS max, round(avg(n))::int AS avg
         FROM (SELECT jsonb_array_length(v.content->'participant') AS n
                 FROM resource_head h
                 JOIN resource_version v ON v.type = h.type AND v.id = h.id AND v.version_id = h.version_id
                WHERE h.type = 'CareTeam' AND h.id LIKE 'cds-bench-%') c`,
    );
    return res.rows[0];
  } finally {
    await db.close();
  }
}

function startServer(args) {
  const child = spawn(
    process.execPath,
    [CLI, '--port', '0', '--dev-auth', '--no-request-log', ...args],
    {
      env: { ...process.env, NODE_ENV: 'development' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setInterval(async () => {
      const m = /"url":"(http:\/\/[^"]+)"/.exec(out);
      if (m) {
        clearInterval(timer);
        resolve({ url: m[1], child });
      }
    }, 100);
    child.on('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`server exited (${code}): ${out}`));
    });
  });
}

async function stopServer(child) {
  const exited = new Promise((r) => child.on('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function token(url, rpps) {
  const res = await fetch(`${url}/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ rpps }),
  });
  return (await res.json()).access_token;
}

function run(opts) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { connections: CONNECTIONS, duration: DURATION, ...opts },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    autocannon.track(instance, {
      renderProgressBar: false,
      renderResultsTable: false,
      renderLatencyTable: false,
    });
  });
}

/**
 * Open-loop load at a fixed rate: `start(i)` is called for cycle i at its due time (every
 * 1000 / rate ms for `DURATION` s), over at most `CONNECTIONS` keep-alive sockets; a cycle is a
 * list of requests sent one after the other. Each request's latency runs from when it was due:
 * the first's from the cycle's due time, the next's from the end of the previous one. Returns
 * autocannon-shaped figures for `summary`.
 */
async function paced(url, rate, cycle) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const { hostname, port } = new URL(url);
  const send = ({ method, path, headers, body }) =>
    new Promise((resolve) => {
      const req = http.request({ agent, hostname, port, method, path, headers }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      });
      req.on('error', () => resolve(0));
      req.end(body);
    });
  const latencies = [];
  let non2xx = 0;
  let errors = 0;
  const runCycle = async (i, due) => {
    let since = due;
    for (const request of cycle(i)) {
      const status = await send(request);
      const end = performance.now();
      latencies.push(end - since);
      if (status === 0) errors++;
      else if (status < 200 || status > 299) non2xx++;
      since = end;
    }
  };
  const interval = 1000 / rate;
  const total = Math.round(rate * DURATION);
  const t0 = performance.now();
  const running = [];
  for (let i = 0; i < total;) {
    const now = performance.now();
    for (; i < total && t0 + i * interval <= now; i++) running.push(runCycle(i, t0 + i * interval));
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(running);
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const q = (x) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(x * latencies.length))]);
  return {
    requests: { average: latencies.length / elapsed, total: latencies.length },
    latency: { p50: q(0.5), p99: q(0.99) },
    non2xx,
    errors,
    timeouts: 0,
  };
}

function summary(name, r, opsPerRequest = 1) {
  const non2xx = r.non2xx + r.errors + r.timeouts;
  return {
    name,
    'req/s': Math.round(r.requests.average),
    'ops/s': Math.round(r.requests.average * opsPerRequest),
    'p50 ms': r.latency.p50,
    'p99 ms': r.latency.p99,
    'non-2xx/errors': non2xx,
    total: r.requests.total,
  };
}

async function benchBackend(label, serverArgs, target) {
  const { url, child } = await startServer(serverArgs);
  let rows;
  try {
    const dir = demoDirectory();
    const patient = 'marie-durand';
    const db = await (await fetch(`${url}/dev/patients`)).json();
    if (!db.find((p) => p.id === patient)) throw new Error('seed missing');
    // A member of the 15-member circle reads it.
    const circle = await fetch(`${url}/dev/users`).then((r) => r.json());
    const memberToken = await (async () => {
      for (const u of circle) {
        const t = await token(url, u.rpps);
        const r = await fetch(`${url}/fhir/CareTeam?patient=${patient}`, {
          headers: { authorization: `Bearer ${t}` },
        });
        if (r.status === 200) return t;
      }
      throw new Error('no member found');
    })();
    const readPath =
      `/fhir/CareTeam?patient=Patient/${patient}&status=active&_include=CareTeam:participant` +
      '&_include:iterate=PractitionerRole:practitioner&_include:iterate=PractitionerRole:organization';
    const check = await fetch(url + readPath, {
      headers: { authorization: `Bearer ${memberToken}` },
    });
    const bundle = await check.json();
    const members = bundle.entry.filter(
      (e) => e.resource.resourceType === 'PractitionerRole',
    ).length;
    // Warm-up.
    await run({
      url: url + readPath,
      headers: { authorization: `Bearer ${memberToken}` },
      duration: 2,
    });
    const read = await run({
      url: url + readPath,
      headers: { authorization: `Bearer ${memberToken}` },
    });

    // Declare / withdraw cycles. autocannon gives each connection a fresh context at every pass over
    // the request list, so the cycle number comes from a shared counter: cycle n is professional
    // n mod 50 on patient bench-(n mod 500) — 50 professionals moving over the 500 circles, each
    // circle gaining one former member every 500 cycles.
    const pros = dir.professionals.slice(0, Math.max(CONNECTIONS, 1));
    const tokens = await Promise.all(pros.map((p) => token(url, p.rpps)));
    let nextCycle = 0;
    const cycles = () => [
      {
        method: 'POST',
        setupRequest: (req, ctx) => {
          const n = nextCycle++;
          ctx.k = n % tokens.length;
          ctx.patient = `bench-${n % EXTRA_PATIENTS}`;
          return {
            ...req,
            path: `/fhir/Patient/${ctx.patient}/$declare-actor`,
            headers: {
              authorization: `Bearer ${tokens[ctx.k]}`,
              'content-type': 'application/fhir+json',
            },
            body: ATTEST,
          };
        },
      },
      {
        method: 'POST',
        setupRequest: (req, ctx) => ({
          ...req,
          path: `/fhir/Patient/${ctx.patient}/$withdraw-actor`,
          headers: { authorization: `Bearer ${tokens[ctx.k]}` },
        }),
      },
    ];
    const cycle = await run({ url, requests: cycles() });
    // The same cycles at the target rate (300 declarations/s, so 600 requests/s), open loop:
    // latency when the server is asked for what it must sustain, not when it is saturated.
    const atTarget = await paced(url, TARGET_DECLARATIONS, () => {
      const n = nextCycle++;
      const k = n % tokens.length;
      const path = `/fhir/Patient/bench-${n % EXTRA_PATIENTS}`;
      return [
        {
          method: 'POST',
          path: `${path}/$declare-actor`,
          headers: {
            authorization: `Bearer ${tokens[k]}`,
            'content-type': 'application/fhir+json',
          },
          body: ATTEST,
        },
        {
          method: 'POST',
          path: `${path}/$withdraw-actor`,
          headers: { authorization: `Bearer ${tokens[k]}` },
        },
      ];
    });
    rows = [
      { ...summary(`${label}: care-circle read (${members} members, _include)`, read) },
      { ...summary(`${label}: declare/withdraw (writes)`, cycle) },
      {
        ...summary(
          `${label}: declare/withdraw at ${TARGET_DECLARATIONS} declarations/s (target rate)`,
          atTarget,
        ),
      },
    ];
  } finally {
    await stopServer(child);
  }
  const sizes = await circleSizes(target);
  console.log(
    `${label}: bench circles had ${BENCH_ACTIVE + BENCH_FORMER} participants before the writes, ` +
      `${sizes.min}–${sizes.max} (average ${sizes.avg}) after`,
  );
  return rows;
}

function pgbenchCeiling(url) {
  const name = `lien_pgbench_${Date.now()}`;
  const admin = new URL(url);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const env = { ...process.env, PGCONNECT_TIMEOUT: '5' };
  execFileSync('psql', [admin.toString(), '-qAtc', `CREATE DATABASE ${name}`], { env });
  try {
    execFileSync('pgbench', ['-i', '-q', '-s', '10', target.toString()], { env, stdio: 'pipe' });
    const out = execFileSync(
      'pgbench',
      ['-S', '-c', String(CONNECTIONS), '-j', '2', '-T', String(DURATION), target.toString()],
      { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const tps = /tps = ([\d.]+)/.exec(out)?.[1];
    const lat = /latency average = ([\d.]+) ms/.exec(out)?.[1];
    return {
      name: `pgbench -S (ceiling, ${CONNECTIONS} clients)`,
      tps: Math.round(Number(tps)),
      'avg latency ms': Number(lat),
    };
  } finally {
    execFileSync(
      'psql',
      [admin.toString(), '-qAtc', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`],
      { env },
    );
  }
}

const results = [];
if (ONLY !== 'postgres') {
  const dir = mkdtempSync(join(tmpdir(), 'lien-bench-'));
  try {
    await prepare({ dataDir: dir });
    results.push(...(await benchBackend('PGlite', ['--data-dir', dir], { dataDir: dir })));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
if (ONLY !== 'pglite') {
  if (!PG_URL) {
    console.warn('PostgreSQL skipped: set LIEN_BENCH_DATABASE_URL (or LIEN_TEST_DATABASE_URL).');
  } else {
    const name = `lien_bench_${Date.now()}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(PG_URL);
    url.pathname = `/${name}`;
    try {
      await prepare({ databaseUrl: url.toString() });
      results.push(
        ...(await benchBackend(
          'PostgreSQL',
          ['--database-url', url.toString(), '--pool-size', String(POOL)],
          { databaseUrl: url.toString() },
        )),
      );
      results.push(pgbenchCeiling(PG_URL));
    } finally {
      const drop = new pg.Client({ connectionString: PG_URL });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await drop.end();
    }
  }
}
console.log(`\nLien server benchmark — ${CONNECTIONS} connections, ${DURATION} s each, loopback`);
console.table(results);
