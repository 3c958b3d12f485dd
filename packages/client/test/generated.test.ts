import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { describe, expect, it } from 'vitest';

const spec = new URL('../../../openapi/lien.openapi.yaml', import.meta.url);
const generated = fileURLToPath(new URL('../src/generated/lien-api.ts', import.meta.url));

describe('generated types', () => {
  it('are fresh: regenerating from openapi/lien.openapi.yaml gives the committed file (run `pnpm --filter @lien/client generate`)', async () => {
    const ast = await openapiTS(spec);
    const fresh = astToString(ast);
    const committed = await readFile(generated, 'utf8');
    const body = (text: string) => text.slice(text.indexOf('export'));
    expect(body(committed) === body(fresh), 'src/generated/lien-api.ts is stale').toBe(true);
  }, 60000);
});
