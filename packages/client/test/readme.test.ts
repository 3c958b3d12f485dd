// The TypeScript examples of the READMEs compile against the client's real API (a renamed field
// in a README example once went unnoticed). Each README's ```ts blocks form one module, after a
// preamble that declares what the examples take from the reader's own code.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const here = fileURLToPath(new URL('.', import.meta.url));
const packageDir = fileURLToPath(new URL('..', import.meta.url));

const READMES = {
  'README.md (root)': new URL('../../../README.md', import.meta.url),
  '@lien/client README.md': new URL('../README.md', import.meta.url),
};

/** What the examples use without defining: the host application's own objects. */
const PREAMBLE = `
import type { AccessTokenGetter, LienClient } from '@lien/client';
declare const getAccessToken: AccessTokenGetter;
declare const signal: AbortSignal;
declare function offer(remedies: readonly string[]): void;
declare const auth: { token(options: { forceRefresh?: boolean }): Promise<string> };
declare const client: LienClient;
declare const xml: string;
export {};
`;

const blocks = (markdown: string): string[] =>
  [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '');

function compile(source: string): string[] {
  const file = `${here}readme-example.ts`;
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    baseUrl: packageDir,
    // The sources, not dist: no build needed.
    paths: {
      '@lien/client': ['src/index.ts'],
      '@lien/client/letters': ['src/letters/index.ts'],
      '@lien/client/systems': ['src/fhir/systems.ts'],
    },
  };
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) =>
    name === file ? ts.createSourceFile(name, source, language) : read(name, language, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName === file)
    .map((d) => {
      const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
      const text = source.split('\n')[line]?.trim();
      return `${ts.flattenDiagnosticMessageText(d.messageText, '\n')} — in: ${text}`;
    });
}

describe('README examples', () => {
  for (const [name, url] of Object.entries(READMES)) {
    it(`${name}: the TypeScript examples compile`, () => {
      const code = blocks(readFileSync(url, 'utf8'));
      expect(code.length, 'examples found').toBeGreaterThan(0);
      expect(compile(`${PREAMBLE}\n${code.join('\n')}`)).toEqual([]);
    });
  }
});
