// Finds or starts a PostgreSQL server for the Postgres test suites and the benchmark.
// LIEN_TEST_DATABASE_URL wins. Otherwise, as root on a Debian machine with PostgreSQL installed
// (stopped by default), starts the cluster and gives the `postgres` role a local password.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const PASSWORD = 'lien-test';

function sh(command, options = {}) {
  return execFileSync('sh', ['-c', command], {
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    ...options,
  });
}

function hasCommand(name) {
  try {
    sh(`command -v ${name}`);
    return true;
  } catch {
    return false;
  }
}

function installPostgres() {
  console.log("PostgreSQL is not installed: installing Debian's postgresql with apt-get…");
  sh(
    'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null',
    {
      stdio: 'inherit',
    },
  );
}

/**
 * Returns `{ url }` for a reachable PostgreSQL server, or `{ url: null, why }` when none can be had.
 */
export function ensurePostgres() {
  if (process.env.LIEN_TEST_DATABASE_URL) return { url: process.env.LIEN_TEST_DATABASE_URL };
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot)
    return { url: null, why: 'set LIEN_TEST_DATABASE_URL to a PostgreSQL server (postgres://…)' };
  if (!hasCommand('pg_ctlcluster') && hasCommand('apt-get')) installPostgres();
  if (!hasCommand('pg_ctlcluster'))
    return { url: null, why: 'PostgreSQL is not installed (apt-get install postgresql)' };
  const versions = existsSync('/etc/postgresql') ? readdirSync('/etc/postgresql').sort() : [];
  const version = versions.at(-1);
  if (!version) return { url: null, why: 'no PostgreSQL cluster found under /etc/postgresql' };
  try {
    sh(`pg_ctlcluster ${version} main start`);
  } catch (error) {
    const said = `${error.stdout ?? ''}${error.stderr ?? ''}`.trim();
    if (!/already running/.test(said)) {
      return { url: null, why: `pg_ctlcluster ${version} main start failed: ${said}` };
    }
  }
  let port = '5432';
  try {
    port =
      sh(`pg_conftool ${version} main show port`).split('=')[1]?.trim().replace(/'/g, '') || port;
  } catch {
    // keep the default port
  }
  for (let i = 0; i < 30; i++) {
    try {
      sh(
        `runuser -u postgres -- psql -p ${port} -qAtc "ALTER ROLE postgres PASSWORD '${PASSWORD}'"`,
      );
      return { url: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres` };
    } catch {
      sh('sleep 0.5');
    }
  }
  return { url: null, why: 'PostgreSQL did not accept connections after start' };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = ensurePostgres();
  if (result.url) console.log(result.url);
  else {
    console.error(result.why);
    process.exit(1);
  }
}
