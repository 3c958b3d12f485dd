import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { PgliteDb } from '../src/db/pglite.js';

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

/** The pid of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid!;
}

// PGlite only: the data folder is locked against a second process (a second open lost writes).
describe.skipIf(!!process.env.LIEN_TEST_POSTGRES_ONLY)('PGlite data folder lock', () => {
  const dirs: string[] = [];
  const opened: PgliteDb[] = [];
  function tempDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'lien-lock-'));
    dirs.push(dir);
    return dir;
  }
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second open of the same folder, naming the folder and the pid', async () => {
    const dir = tempDir();
    const first = await PgliteDb.open(dir);
    opened.push(first);
    expect(readFileSync(join(dir, 'lien.lock'), 'utf8').trim()).toBe(String(process.pid));
    const second = PgliteDb.open(dir).then((db) => {
      opened.push(db);
      return db;
    });
    await expect(second).rejects.toThrow(
      `Data folder ${dir} is in use by another process (pid ${process.pid})`,
    );
    // The first one is untouched and still works.
    await first.query('CREATE TABLE t (x int)');
    await first.query('INSERT INTO t VALUES (1)');
    expect(existsSync(join(dir, 'lien.lock'))).toBe(true);
  });

  it('removes the lock on close, so the folder opens again with its data', async () => {
    const dir = tempDir();
    const first = await PgliteDb.open(dir);
    await first.query('CREATE TABLE t (x int)');
    await first.query('INSERT INTO t VALUES (42)');
    await first.close();
    expect(existsSync(join(dir, 'lien.lock'))).toBe(false);
    const again = await PgliteDb.open(dir);
    opened.push(again);
    expect((await again.query<{ x: number }>('SELECT x FROM t')).rows).toEqual([{ x: 42 }]);
  });

  it('takes over a lock left by a process that is gone (kill -9)', async () => {
    const dir = tempDir();
    await (await PgliteDb.open(dir)).close();
    const pid = deadPid();
    writeFileSync(join(dir, 'lien.lock'), `${pid}\n`);
    const db = await PgliteDb.open(dir);
    opened.push(db);
    expect(readFileSync(join(dir, 'lien.lock'), 'utf8').trim()).toBe(String(process.pid));
    await db.ping();
  });

  it('memory:// takes no lock: several in-memory databases open at once', async () => {
    const a = await PgliteDb.open('memory://');
    opened.push(a);
    const b = await PgliteDb.open('memory://');
    opened.push(b);
    await Promise.all([a.ping(), b.ping()]);
  });

  it('the CLI refuses a folder in use with one line and exit 1', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'lien.lock'), `${process.pid}\n`); // this (running) test process
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', CLI, '--port', '0', '--data-dir', dir],
      {
        env: { ...process.env, NODE_ENV: 'test' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (out += String(d)));
    const exited = new Promise<number>((r) => child.on('exit', (c) => r(c ?? -1)));
    // A server that starts anyway (no lock) is stopped rather than left running.
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await exited.finally(() => clearTimeout(timer));
    expect(code).toBe(1);
    expect(out.trim().split('\n')).toHaveLength(1);
    expect(out).toContain(`Data folder ${dir} is in use by another process (pid ${process.pid})`);
    expect(readFileSync(join(dir, 'lien.lock'), 'utf8').trim()).toBe(String(process.pid));
  });
});
