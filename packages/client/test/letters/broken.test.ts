/**
 * Broken documents: a typed LetterReadError (with its reason) or a partial view naming what is
 * missing — never a crash.
 */
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LienError } from '../../src/errors.js';
import {
  LetterReadError,
  readCdaLetter,
  readFhirLetter,
  readLetter,
  readPdfLetter,
  type DischargeLetterView,
  type LetterReadErrorReason,
} from '../../src/letters/index.js';
import {
  cdaWithSection,
  fixture,
  fixturesLabel,
  hasFixtures,
  seedLetter,
  strictParser,
} from './helpers.js';

const parser = strictParser();

/** The reason of the LetterReadError `fn` throws (fails when it throws anything else or nothing). */
function reasonOf(fn: () => unknown): LetterReadErrorReason {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(LetterReadError);
    return (error as LetterReadError).reason;
  }
  throw new Error('expected a LetterReadError');
}

async function asyncReasonOf(promise: Promise<unknown>): Promise<LetterReadErrorReason> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(LetterReadError);
    return (error as LetterReadError).reason;
  }
  throw new Error('expected a LetterReadError');
}

const cda = (xml: string | Uint8Array) => readCdaLetter(xml, { domParser: parser });

describe('CDA letters that cannot be read', () => {
  it('rejects text that is not XML with reason not-xml', () => {
    expect(reasonOf(() => cda('Bonjour docteur, voici la lettre de sortie.'))).toBe('not-xml');
  });

  it('rejects an empty document with reason not-xml', () => {
    expect(reasonOf(() => cda(''))).toBe('not-xml');
  });

  it('rejects XML that does not parse with reason parse-error', () => {
    expect(reasonOf(() => cda(cdaWithSection('<paragraph>ouvert')))).toBe('parse-error');
  });

  it('rejects well-formed XML that is not a ClinicalDocument with reason not-cda', () => {
    expect(reasonOf(() => cda('<html><body>lettre</body></html>'))).toBe('not-cda');
  });

  it('rejects a ClinicalDocument in another namespace with reason not-cda', () => {
    expect(reasonOf(() => cda('<ClinicalDocument xmlns="urn:example"/>'))).toBe('not-cda');
  });

  it('rejects an external entity (XXE) with reason unsafe-xml', () => {
    const xml = `<!DOCTYPE ClinicalDocument SYSTEM "file:///etc/passwd">${cdaWithSection('x')}`;
    expect(reasonOf(() => cda(xml))).toBe('unsafe-xml');
  });

  it('rejects a document over 5 MB with reason too-large', () => {
    const huge = cdaWithSection('x').replace(
      '<title>',
      `<!--${'x'.repeat(5 * 1024 * 1024)}--><title>`,
    );
    expect(reasonOf(() => cda(huge))).toBe('too-large');
  });

  it('applies a smaller maxBytes when given', () => {
    expect(
      reasonOf(() => readCdaLetter(cdaWithSection('x'), { domParser: parser, maxBytes: 100 })),
    ).toBe('too-large');
  });

  it('asks for a DOMParser in Node with reason no-dom-parser', () => {
    expect(reasonOf(() => readCdaLetter(cdaWithSection('x')))).toBe('no-dom-parser');
  });

  it('throws a LienError with code invalid, so hosts handle it with the other client errors', () => {
    let caught: unknown;
    try {
      cda('pas du XML');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(LienError);
    expect((caught as LienError).code).toBe('invalid');
  });
});

describe('CDA letters read partially', () => {
  it('reads another document model as a generic CDA, with a not-ldl-ses warning', () => {
    const xml = cdaWithSection('<paragraph>Texte</paragraph>').replace(
      '<templateId root="1.2.250.1.213.1.1.1.29" extension="2022.01"/>',
      '<templateId root="1.2.250.1.213.1.1.1.21"/>',
    );
    const letter = cda(xml);
    expect(letter.header.model).toBe('CDA');
    expect(letter.warnings.map((w) => w.code)).toContain('not-ldl-ses');
    expect(letter.sections[0]?.narrative).toEqual([
      { kind: 'paragraph', children: [{ kind: 'text', text: 'Texte' }] },
    ]);
  });

  it('names every mandatory item a letter lacks', () => {
    expect(cda(cdaWithSection('<paragraph>Examen clinique</paragraph>')).missing).toEqual([
      'general-practitioner',
      'hospital-doctor',
      'admission-date',
      'discharge-date',
      'admission-mode',
      'discharge-mode',
      'reason',
      'synthesis',
      'discharge-treatments',
      'stopped-treatments',
      'pending-results',
      'follow-up',
    ]);
  });

  it('counts an empty mandatory section as missing', () => {
    expect(cda(cdaWithSection('', '42349-1')).missing).toContain('reason');
  });

  it('reads a document without the HL7 namespace, with a no-namespace warning', () => {
    const xml = cdaWithSection('<paragraph>x</paragraph>').replace(' xmlns="urn:hl7-org:v3"', '');
    const letter = cda(xml);
    expect(letter.warnings.map((w) => w.code)).toContain('no-namespace');
    expect(letter.header.patient?.ins?.value).toBe('123456789012345');
  });

  it('survives every truncation of a letter: an error with a reason, or a view', () => {
    const xml = seedLetter('ldl-ses-demo-1.cda.xml').toString('utf8');
    for (let cut = 0; cut <= 40; cut++) {
      const part = xml.slice(0, Math.floor((xml.length * cut) / 40));
      let result: DischargeLetterView | LetterReadError;
      try {
        result = cda(part);
      } catch (error) {
        expect(error).toBeInstanceOf(LetterReadError);
        result = error as LetterReadError;
      }
      expect(result).toBeDefined();
    }
  });
});

describe.skipIf(!hasFixtures)(`CDA letters of other models ${fixturesLabel}`, () => {
  it('reads the ANS LDL-EES 2022.01 (entry letter) as a generic CDA with a warning', () => {
    const letter = hasFixtures ? cda(fixture('cda/LDL-EES_2022.01.xml')) : undefined;
    expect(letter?.header.model).toBe('CDA');
    expect(letter?.warnings.map((w) => w.code)).toContain('not-ldl-ses');
    expect(letter?.header.referringDoctor?.name?.text).toBe('Charles BOILEAU');
  });

  it('names the discharge treatments missing when the ANS example loses that section', () => {
    const xml = hasFixtures
      ? fixture('cda/LDL-SES_2022.01.xml').replace(
          /<!-- \[1\.\.1\] Section FR-Traitements-a-la-sortie -->[\s\S]*?<!-- \[0\.\.1\] Section FR-Resultats-examens-non-code -->/,
          '',
        )
      : '';
    expect(cda(xml).missing).toEqual(['discharge-treatments']);
  });
});

describe('CDA letters in a wrong encoding', () => {
  const withAccents = cdaWithSection('<paragraph>Fièvre à 39 °C, pas d’œdème</paragraph>');
  const latin1 = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));
  const text = (letter: DischargeLetterView) => JSON.stringify(letter.sections[0]?.narrative);

  it('decodes ISO-8859-1 bytes declared ISO-8859-1', () => {
    const xml = withAccents
      .replace('’', "'")
      .replace('œ', 'oe')
      .replace('encoding="UTF-8"', 'encoding="ISO-8859-1"');
    const letter = cda(latin1(xml));
    expect(text(letter)).toContain('Fièvre à 39 °C');
    expect(letter.warnings).toEqual([]);
  });

  it('decodes Windows-1252 bytes (’ and œ) declared windows-1252', () => {
    const xml = withAccents.replace('encoding="UTF-8"', 'encoding="windows-1252"');
    const bytes = latin1(xml.replace('’', '\u0092').replace('œ', '\u009c'));
    expect(text(cda(bytes))).toContain('pas d’œdème');
  });

  it('decodes Latin-1 bytes wrongly declared UTF-8 as Windows-1252, with a warning', () => {
    const xml = withAccents.replace('’', "'").replace('œ', 'oe');
    const letter = cda(latin1(xml));
    expect(text(letter)).toContain('Fièvre à 39 °C');
    expect(letter.warnings.map((w) => w.code)).toEqual(['encoding-mismatch']);
  });

  it('decodes UTF-8 bytes with a BOM and UTF-16 bytes with a BOM', () => {
    const utf8 = new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(withAccents, 'utf8')]);
    const utf16 = new Uint8Array([
      0xff,
      0xfe,
      ...Buffer.from(withAccents.replace('UTF-8', 'UTF-16'), 'utf16le'),
    ]);
    expect(text(cda(utf8))).toContain('pas d’œdème');
    expect(text(cda(utf16))).toContain('pas d’œdème');
  });

  it('repairs mojibake (UTF-8 read as Latin-1) and says so', () => {
    const letter = cda(Buffer.from(withAccents, 'utf8').toString('latin1'));
    expect(text(letter)).toContain('Fièvre à 39 °C, pas d’œdème');
    expect(letter.warnings.map((w) => w.code)).toEqual(['encoding-repaired']);
  });

  it('repairs Windows-1252 mojibake (â€™ for ’)', () => {
    const letter = cda(cdaWithSection('<paragraph>pas dâ€™Å“dÃ¨me</paragraph>'));
    expect(text(letter)).toContain('pas d’œdème');
  });

  it('keeps suspected mojibake it cannot repair, with a warning', () => {
    const letter = cda(cdaWithSection('<paragraph>FiÃ¨vre — Ω</paragraph>'));
    expect(letter.warnings.map((w) => w.code)).toEqual(['mojibake-suspected']);
  });

  it('warns about characters lost in an earlier decoding (U+FFFD)', () => {
    const letter = cda(cdaWithSection('<paragraph>Fi\uFFFDvre</paragraph>'));
    expect(letter.warnings.map((w) => w.code)).toEqual(['replacement-characters']);
  });

  it('rejects bytes in an unknown declared encoding with reason encoding', () => {
    const xml = cdaWithSection('x').replace('encoding="UTF-8"', 'encoding="x-martian"');
    expect(reasonOf(() => cda(latin1(xml)))).toBe('encoding');
  });
});

/** A minimal FHIR document Bundle. */
function bundle(composition: object, ...resources: object[]): Record<string, unknown> {
  return {
    resourceType: 'Bundle',
    type: 'document',
    entry: [
      {
        fullUrl: 'urn:uuid:c',
        resource: { resourceType: 'Composition', status: 'final', ...composition },
      },
      ...resources.map((resource, i) => ({ fullUrl: `urn:uuid:r${i}`, resource })),
    ],
  };
}
const HDR_TYPE = { type: { coding: [{ system: 'http://loinc.org', code: '34105-7' }] } };

describe('FHIR letters that cannot be read', () => {
  it('rejects text that is not JSON with reason not-json', () => {
    expect(reasonOf(() => readFhirLetter('{"resourceType": "Bundle",'))).toBe('not-json');
  });

  it('rejects a resource that is not a Bundle with reason not-fhir-document', () => {
    expect(reasonOf(() => readFhirLetter({ resourceType: 'Patient' }))).toBe('not-fhir-document');
  });

  it('rejects a Bundle whose first entry is not a Composition', () => {
    const b = {
      resourceType: 'Bundle',
      type: 'document',
      entry: [{ resource: { resourceType: 'Patient' } }],
    };
    expect(reasonOf(() => readFhirLetter(b))).toBe('not-fhir-document');
  });

  it('rejects null, numbers and arrays', () => {
    expect([null, 42, []].map((v) => reasonOf(() => readFhirLetter(v)))).toEqual([
      'not-fhir-document',
      'not-fhir-document',
      'not-fhir-document',
    ]);
  });

  it('rejects a Bundle over 5 MB with reason too-large', () => {
    const big = bundle({ ...HDR_TYPE, title: 'x'.repeat(5 * 1024 * 1024) });
    expect(reasonOf(() => readFhirLetter(big))).toBe('too-large');
  });
});

describe('FHIR letters read partially', () => {
  it('reads a collection Bundle with another Composition type, with a not-hdr warning', () => {
    const b = {
      ...bundle({ type: { coding: [{ system: 'http://loinc.org', code: '11488-4' }] } }),
      type: 'collection',
    };
    expect(readFhirLetter(b).warnings.map((w) => w.code)).toEqual(['not-hdr']);
  });

  it('accepts the Bundle as JSON text', () => {
    expect(
      readFhirLetter(JSON.stringify(bundle({ ...HDR_TYPE, title: 'Lettre' }))).header.title,
    ).toBe('Lettre');
  });

  it('warns about entries that point outside the Bundle', () => {
    const b = bundle({
      ...HDR_TYPE,
      section: [
        {
          code: { coding: [{ system: 'http://loinc.org', code: '10183-2' }] },
          entry: [{ reference: 'MedicationStatement/absent' }],
        },
      ],
    });
    expect(
      readFhirLetter(b).warnings.find((w) => w.code === 'unresolved-reference')?.message,
    ).toContain('MedicationStatement/absent');
  });

  it('resolves Type/id references and medicationReference for a MedicationRequest', () => {
    const b = bundle(
      {
        ...HDR_TYPE,
        section: [
          {
            code: { coding: [{ system: 'http://loinc.org', code: '75311-1' }] },
            entry: [{ reference: 'MedicationRequest/mr1' }],
          },
        ],
      },
      {
        resourceType: 'MedicationRequest',
        id: 'mr1',
        status: 'active',
        medicationReference: { reference: 'Medication/m1' },
        dosageInstruction: [
          {
            text: '1 comprimé le soir',
            timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd', when: ['HS'] } },
            doseAndRate: [{ doseQuantity: { value: 1, unit: 'comprimé', code: '{tbl}' } }],
          },
        ],
      },
      {
        resourceType: 'Medication',
        id: 'm1',
        code: {
          text: 'MIRTAZAPINE 15 mg',
          coding: [{ system: 'http://www.whocc.no/atc', code: 'N06AX11' }],
        },
      },
    );
    expect(readFhirLetter(b).essentials.dischargeTreatments?.items).toEqual([
      {
        name: 'MIRTAZAPINE 15 mg',
        code: {
          code: 'N06AX11',
          system: 'http://www.whocc.no/atc',
          display: 'MIRTAZAPINE 15 mg',
        },
        translations: [],
        dose: '1 comprimé',
        frequency: '1 fois par jour, au coucher',
        text: '1 comprimé le soir',
      },
    ]);
  });

  it('shows section narratives as plain text when no DOMParser is available, with a warning', () => {
    const b = bundle({
      ...HDR_TYPE,
      section: [
        {
          code: { coding: [{ system: 'http://loinc.org', code: '8648-8' }] },
          text: {
            status: 'generated',
            div: '<div xmlns="http://www.w3.org/1999/xhtml"><p>Séjour <b>simple</b></p></div>',
          },
        },
      ],
    });
    const letter = readFhirLetter(b);
    expect(letter.sections[0]?.narrative).toEqual([
      { kind: 'paragraph', children: [{ kind: 'text', text: 'Séjour simple' }] },
    ]);
    expect(letter.warnings.map((w) => w.code)).toEqual(['narrative-not-well-formed']);
  });

  it('reads the section structure of the HDR examples (Reijer Wolff) and names what it lacks', () => {
    const section = (code: string, title: string) => ({
      title,
      code: { coding: [{ system: 'http://loinc.org', code }] },
      text: {
        status: 'generated',
        div: `<div xmlns="http://www.w3.org/1999/xhtml">${title}</div>`,
      },
    });
    const b = bundle({
      ...HDR_TYPE,
      section: [
        section('67851-6', 'Admission evaluation'),
        section('10185-7', 'Procedures'),
        section('87232-5', 'Medications'),
        section('8648-8', 'Hospital course note'),
        section('8653-8', 'Discharge and Follow-up'),
      ],
    });
    const letter = readFhirLetter(b, { domParser: parser });
    expect(letter.sections.map((s) => s.kind)).toEqual([
      'admission-evaluation',
      'other',
      'medications-during-stay',
      'synthesis',
      'other',
    ]);
    expect(letter.missing).toContain('discharge-treatments');
    expect(letter.missing).not.toContain('synthesis');
  });

  it('survives random damage to a Bundle: an error with a reason, or a view', () => {
    const text = seedLetter('hdr-demo-1.bundle.json').toString('utf8');
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let k = 0; k < 30; k++) {
      const at = Math.floor(random() * text.length);
      const damaged = text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 40));
      try {
        expect(readFhirLetter(damaged, { domParser: parser })).toBeDefined();
      } catch (error) {
        expect(error).toBeInstanceOf(LetterReadError);
      }
    }
  });
});

/** A one-page PDF whose content stream is `content`, optionally Flate-compressed. */
function pdfWith(content: string, compress = false): Uint8Array {
  const data = compress
    ? deflateSync(Buffer.from(content, 'latin1'))
    : Buffer.from(content, 'latin1');
  const head = Buffer.from(
    `%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n` +
      `3 0 obj\n<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>\nendobj\n4 0 obj\n<< /Length ${data.length}${compress ? ' /Filter /FlateDecode' : ''} >>\nstream\n`,
    'latin1',
  );
  return new Uint8Array(
    Buffer.concat([
      head,
      data,
      Buffer.from('\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1'),
    ]),
  );
}

describe('PDF letters', () => {
  it('rejects bytes without a %PDF- header with reason not-pdf', async () => {
    expect(
      await asyncReasonOf(readPdfLetter(new Uint8Array(Buffer.from('<html>lettre</html>')))),
    ).toBe('not-pdf');
  });

  it('rejects a PDF over the size limit with reason too-large', async () => {
    expect(await asyncReasonOf(readPdfLetter(pdfWith('BT (x) Tj ET'), { maxBytes: 50 }))).toBe(
      'too-large',
    );
  });

  it('extracts text from a Flate-compressed content stream, TJ spacing included', async () => {
    const letter = await readPdfLetter(
      pdfWith('BT /F1 10 Tf 50 700 Td [(Sortie le)-250(05/02)] TJ 0 -14 Td (Suite) Tj ET', true),
    );
    expect(letter.sections[0]?.narrative).toEqual([
      {
        kind: 'paragraph',
        children: [
          { kind: 'text', text: 'Sortie le 05/02' },
          { kind: 'br' },
          { kind: 'text', text: 'Suite' },
        ],
      },
    ]);
  });

  it('reads hex strings and escaped parentheses', async () => {
    const letter = await readPdfLetter(pdfWith('BT <4C657474726520> Tj (\\(copie\\)) Tj ET'));
    expect(letter.sections[0]?.narrative).toEqual([
      { kind: 'paragraph', children: [{ kind: 'text', text: 'Lettre (copie)' }] },
    ]);
  });

  it('gives a view without text, with a warning, for a PDF without text (a scan)', async () => {
    const letter = await readPdfLetter(pdfWith('q 595 0 0 842 0 0 cm /Im1 Do Q'));
    expect(letter.sections).toEqual([]);
    expect(letter.warnings.map((w) => w.code)).toEqual(['unstructured', 'pdf-text-unavailable']);
  });

  it('stops inflating a compressed stream that expands beyond the limit (zip bomb)', async () => {
    const bomb = `BT (${'0'.repeat(9 * 1024 * 1024)}) Tj ET`;
    const letter = await readPdfLetter(pdfWith(bomb, true));
    expect(letter.warnings.map((w) => w.code)).toContain('pdf-text-unavailable');
  });

  it('does not fetch a PDF given by URL: the view carries the URL for display', async () => {
    const letter = await readLetter({ type: 'pdf', url: 'Binary/abc' });
    expect(letter.pdf).toEqual({ url: 'Binary/abc' });
    expect(letter.warnings.map((w) => w.code)).toEqual(['unstructured', 'pdf-text-unavailable']);
  });
});

describe('readLetter', () => {
  it('reads CDA content', async () => {
    const letter = await readLetter(
      { type: 'cda', xml: cdaWithSection('<paragraph>x</paragraph>') },
      { domParser: parser },
    );
    expect(letter.source).toBe('cda');
  });

  it('reads FHIR content', async () => {
    expect((await readLetter({ type: 'fhir', bundle: bundle(HDR_TYPE) })).source).toBe('fhir');
  });

  it('rejects unreadable content with a LetterReadError', async () => {
    expect(
      await asyncReasonOf(readLetter({ type: 'cda', xml: 'pas du XML' }, { domParser: parser })),
    ).toBe('not-xml');
  });
});
