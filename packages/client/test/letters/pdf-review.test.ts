/** PDF reader: scanning time, UTF-16BE titles, a missing Blob (review fixes). */
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LetterReadError, readLetter, readPdfLetter } from '../../src/letters/index.js';

/** A one-page PDF with an Info dictionary `info` and a content stream `content`. */
function pdf(content: string, info = '', compress = false): Uint8Array {
  const data = compress
    ? deflateSync(Buffer.from(content, 'latin1'))
    : Buffer.from(content, 'latin1');
  return new Uint8Array(
    Buffer.concat([
      Buffer.from(
        `%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n` +
          `3 0 obj\n<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>\nendobj\n5 0 obj\n<< ${info} >>\nendobj\n` +
          `4 0 obj\n<< /Length ${data.length}${compress ? ' /Filter /FlateDecode' : ''} >>\nstream\n`,
        'latin1',
      ),
      data,
      Buffer.from('\nendstream\nendobj\ntrailer\n<< /Root 1 0 R /Info 5 0 R >>\n%%EOF\n', 'latin1'),
    ]),
  );
}

describe('PDF letters (review)', () => {
  it('scans many empty streams in linear time', async () => {
    const unit = 'stream\nendstream\n';
    const body = unit.repeat(Math.ceil(1_360_000 / unit.length));
    const bytes = new Uint8Array(Buffer.from(`%PDF-1.7\n${body}%%EOF\n`, 'latin1'));
    const started = performance.now();
    const letter = await readPdfLetter(bytes);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(letter.warnings.map((w) => w.code)).toContain('pdf-text-unavailable');
  });

  it('still finds a stream’s filter in its dictionary', async () => {
    const letter = await readPdfLetter(pdf('BT (Sortie le 05/02) Tj ET', '', true));
    expect(letter.sections[0]?.narrative).toEqual([
      { kind: 'paragraph', children: [{ kind: 'text', text: 'Sortie le 05/02' }] },
    ]);
  });

  it('decodes a UTF-16BE title (FE FF byte order mark)', async () => {
    // "Lettre é" in UTF-16BE, octal escapes as PDF writers emit them.
    const title = '\\376\\377\\000L\\000e\\000t\\000t\\000r\\000e\\000 \\000\\351';
    const letter = await readPdfLetter(pdf('BT (x) Tj ET', `/Title (${title})`));
    expect(letter.header.title).toBe('Lettre é');
  });

  it('keeps a WinAnsi title as before', async () => {
    const letter = await readPdfLetter(
      pdf('BT (x) Tj ET', '/Title (Lettre de liaison \\351t\\351)'),
    );
    expect(letter.header.title).toBe('Lettre de liaison été');
  });

  it('rejects a missing Blob with a typed error', async () => {
    const read = readLetter({ type: 'pdf', blob: null } as unknown as Parameters<
      typeof readLetter
    >[0]);
    await expect(read).rejects.toBeInstanceOf(LetterReadError);
    await expect(read).rejects.toMatchObject({ reason: 'unreadable' });
  });
});
