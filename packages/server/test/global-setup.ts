import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Builds the bundled contract when it is missing (a fresh clone), so the server can validate. */
export default function setup(): void {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@lien/openapi/package.json');
  const bundled = join(dirname(pkg), 'dist', 'lien.openapi.json');
  if (!existsSync(bundled)) {
    execFileSync(process.execPath, [join(dirname(pkg), 'scripts', 'bundle.mjs')], {
      stdio: 'inherit',
    });
  }
}
