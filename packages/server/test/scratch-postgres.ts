import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throw-away PostgreSQL cluster (initdb in a temp folder, own port), so a test can restart or kill
 * it without disturbing other suites. Needs the PostgreSQL server binaries and root (it runs them as
 * the `postgres` user) or a non-root user able to run them.
 */
export class ScratchPostgres {
  private constructor(
    readonly bin: string,
    readonly dir: string,
    readonly port: number,
    private readonly asPostgres: boolean,
  ) {}

  /** Where the binaries are, or null when this machine cannot run a scratch cluster. */
  static binaries(): string | null {
    const root = '/usr/lib/postgresql';
    if (!existsSync(root)) return null;
    const v = readdirSync(root).sort().at(-1);
    const bin = v ? join(root, v, 'bin') : null;
    return bin && existsSync(join(bin, 'pg_ctl')) ? bin : null;
  }

  static start(): ScratchPostgres {
    const bin = ScratchPostgres.binaries();
    if (!bin) throw new Error('PostgreSQL server binaries not found');
    const asPostgres = process.getuid?.() === 0;
    const dir = mkdtempSync(join(tmpdir(), 'lien-pg-'));
    chmodSync(dir, 0o777);
    const port = 20000 + Math.floor(Math.random() * 20000);
    const pg = new ScratchPostgres(bin, join(dir, 'data'), port, asPostgres);
    pg.run('initdb', ['-D', pg.dir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
    pg.ctl([
      'start',
      '-w',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=on`,
      '-l',
      join(dir, 'log'),
    ]);
    return pg;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  private run(cmd: string, args: string[]): void {
    const exe = join(this.bin, cmd);
    if (this.asPostgres)
      execFileSync('runuser', ['-u', 'postgres', '--', exe, ...args], { stdio: 'pipe' });
    else execFileSync(exe, args, { stdio: 'pipe' });
  }

  private ctl(args: string[]): void {
    this.run('pg_ctl', ['-D', this.dir, ...args]);
  }

  /** Crash-stops the server (`immediate`: no checkpoint, recovery from WAL at next start). */
  stopImmediate(): void {
    this.ctl(['stop', '-m', 'immediate', '-w']);
  }

  startAgain(): void {
    this.ctl([
      'start',
      '-w',
      '-o',
      `-p ${this.port} -k ${join(this.dir, '..')} -c listen_addresses=127.0.0.1`,
      '-l',
      join(this.dir, '..', 'log'),
    ]);
  }

  destroy(): void {
    try {
      this.ctl(['stop', '-m', 'immediate', '-w']);
    } catch {
      // already stopped
    }
    rmSync(join(this.dir, '..'), { recursive: true, force: true });
  }
}
