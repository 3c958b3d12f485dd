#!/usr/bin/env node
// Bundles lien.openapi.yaml, the generated FHIR schemas and the example files into one
// self-contained document, dist/lien.openapi.json (the file the server loads to validate
// requests). Every external $ref becomes a local one under components; nothing is dereferenced.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundle, createConfig } from '@redocly/openapi-core';

const here = dirname(fileURLToPath(import.meta.url));

/** The hand-written entry point of the contract. */
export const ENTRY = join(here, '..', 'lien.openapi.yaml');
/** The bundled, self-contained contract. */
export const OUTPUT = join(here, '..', 'dist', 'lien.openapi.json');

/** Bundles the contract in memory; throws on unresolved references. */
export async function bundleContract(entry = ENTRY) {
  const config = await createConfig({});
  const { bundle: result, problems } = await bundle({ ref: entry, config, dereference: false });
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    throw new Error(`Cannot bundle ${entry}:\n${errors.map((p) => `- ${p.message}`).join('\n')}`);
  }
  return result.parsed;
}

async function main() {
  const document = await bundleContract();
  await mkdir(dirname(OUTPUT), { recursive: true });
  await writeFile(OUTPUT, `${JSON.stringify(document, null, 2)}\n`);
  const count = Object.keys(document.components?.schemas ?? {}).length;
  console.log(`Wrote ${OUTPUT} (${count} schemas).`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
