/** Shared helpers of the letters tests: a strict Node DOMParser and the shared fixtures folder. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DOMParser } from '@xmldom/xmldom';
import type { DOMParserLike, NarrativeNode } from '../../src/letters/index.js';

const here = dirname(fileURLToPath(import.meta.url));

/** The repository root (`packages/client/test/letters` → four levels up). */
export const repoRoot = resolve(here, '../../../..');

/** `../shared/fixtures` next to the repository (override with LIEN_FIXTURES). */
export const fixturesDir = process.env.LIEN_FIXTURES ?? resolve(repoRoot, '../shared/fixtures');

/** True when the shared fixtures are there; tests that need them skip visibly otherwise. */
export const hasFixtures = existsSync(resolve(fixturesDir, 'cda'));

/** Suffix for the names of tests that read the shared fixtures, saying so when they are skipped. */
export const fixturesLabel = hasFixtures
  ? '(reads ../shared/fixtures)'
  : '(reads ../shared/fixtures — SKIPPED: folder absent)';

/** Reads a file of the shared fixtures as UTF-8. */
export function fixture(path: string): string {
  return readFileSync(resolve(fixturesDir, path), 'utf8');
}

/** The project's demo letters folder (server seed). */
export const seedLettersDir = resolve(repoRoot, 'packages/server/seed/letters');

/** Reads a demo letter of the seed folder. */
export function seedLetter(name: string): Buffer {
  return readFileSync(resolve(seedLettersDir, name));
}

/** A DOMParser as strict as a browser's: any error stops parsing (and nothing is logged). */
export function strictParser(): DOMParserLike {
  return new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') throw new Error(message);
    },
  });
}

/** Every node of a narrative tree, depth first (cells, items and captions included). */
export function allNodes(nodes: readonly NarrativeNode[]): NarrativeNode[] {
  const out: NarrativeNode[] = [];
  const visit = (list: readonly NarrativeNode[] | undefined): void => {
    for (const node of list ?? []) {
      out.push(node);
      if (node.kind === 'list') {
        visit(node.caption);
        for (const item of node.items) visit(item.children);
      } else if (node.kind === 'table') {
        visit(node.caption);
        for (const row of [...node.head, ...node.body, ...node.foot]) {
          for (const cell of row.cells) visit(cell.children);
        }
      } else if (node.kind !== 'text' && node.kind !== 'br' && node.kind !== 'image') {
        visit(node.children);
      }
    }
  };
  visit(nodes);
  return out;
}

/** A CDA letter with the given header elements (after `recordTarget`) and body sections. */
export function cdaLetter(sections: string, header = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <templateId root="1.2.250.1.213.1.1.1.29" extension="2022.01"/>
  <id root="1.2.3.4"/>
  <code code="11490-0" codeSystem="2.16.840.1.113883.6.1"/>
  <title>Test</title>
  <effectiveTime value="20240102"/>
  <recordTarget><patientRole><id root="1.2.250.1.213.1.4.10" extension="123456789012345"/>
    <patient><name><given>Jean</given><family>TEST</family></name></patient></patientRole></recordTarget>
  ${header}
  <component><structuredBody>${sections}</structuredBody></component>
</ClinicalDocument>`;
}

/** A minimal CDA document with one section (LOINC `code`) whose narrative block is `text`. */
export function cdaWithSection(text: string, code = '29545-1'): string {
  return cdaLetter(`<component><section>
    <code code="${code}" codeSystem="2.16.840.1.113883.6.1"/>
    <title>Section</title>
    <text>${text}</text>
  </section></component>`);
}
