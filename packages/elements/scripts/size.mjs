// Prints the minified and min+gzip sizes of the single-file bundle and of each standalone
// element bundle (run `pnpm build` first). `--json` prints them as JSON.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const files = ['dist/lien-elements.js'];
if (existsSync('dist/standalone')) {
  for (const name of readdirSync('dist/standalone')
    .filter((f) => f.endsWith('.js'))
    .sort()) {
    files.push(`dist/standalone/${name}`);
  }
}
const rows = files.filter(existsSync).map((file) => {
  const code = readFileSync(file);
  return { file, min: code.length, gzip: gzipSync(code, { level: 9 }).length };
});
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(rows, null, 2));
} else {
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  for (const { file, min, gzip } of rows) {
    console.log(`${file.padEnd(44)} ${kb(min).padStart(9)} min  ${kb(gzip).padStart(8)} min+gz`);
  }
}
