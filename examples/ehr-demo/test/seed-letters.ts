/**
 * The letters the end-to-end server seeds: the demo seed's own letters (packages/server/seed/letters,
 * one per patient) plus two earlier letters of Lucien MOREL, so that one patient has a CDA, a FHIR
 * document and a PDF-only letter and the page's letter chooser can be exercised. The demo seed gives
 * no patient more than one letter; these two are copies of the seed's FHIR and PDF letters
 * re-addressed to Lucien MOREL (INS, name, birth date), written to a temporary folder at start-up:
 * nothing is added to the repository.
 */
import { copyFile, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SEED_LETTERS = fileURLToPath(
  new URL('../node_modules/@lien/server/seed/letters', import.meta.url),
);

/** The patient given three letters (CDA from the seed, FHIR and PDF added here). */
export const CHOOSER_PATIENT = {
  id: 'lucien-morel',
  ins: '138116912304538',
  family: 'MOREL',
  given: 'Lucien',
  birthDate: '1938-11-02',
} as const;

/** DocumentReference ids the seed derives from the file names below. */
export const CHOOSER_LETTERS = {
  cda: 'DocumentReference/letter-ldl-ses-demo-2',
  fhir: 'DocumentReference/letter-lucien-morel-hdr',
  pdf: 'DocumentReference/letter-lucien-morel-pdf',
} as const;

/** Replaces `from` by `to` padded with spaces to the same byte length (PDF offsets stay valid). */
function replaceSameLength(pdf: Buffer, from: string, to: string): Buffer {
  const source = Buffer.from(from, 'latin1');
  const target = Buffer.from(to.padEnd(from.length, ' '), 'latin1');
  if (target.length !== source.length) throw new Error(`"${to}" is longer than "${from}"`);
  const at = pdf.indexOf(source);
  if (at < 0) throw new Error(`"${from}" is not in the PDF`);
  const out = Buffer.from(pdf);
  target.copy(out, at);
  return out;
}

/** Writes the letters folder and returns its path (give it to the server as `lettersDir`). */
export async function writeSeedLetters(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lien-ehr-demo-letters-'));
  const files = (await readdir(SEED_LETTERS)).filter((f) =>
    /\.(cda\.xml|bundle\.json|pdf)$/.test(f),
  );
  await Promise.all(files.map((f) => copyFile(join(SEED_LETTERS, f), join(dir, f))));

  // The FHIR document (HL7 Europe HDR): Gérard BLANC's stay of March 2025, as Lucien MOREL's.
  const bundle = JSON.parse(
    (await readFile(join(SEED_LETTERS, 'hdr-demo-1.bundle.json'), 'utf8')).replaceAll(
      'Gérard BLANC',
      `${CHOOSER_PATIENT.given} ${CHOOSER_PATIENT.family}`,
    ),
  ) as { entry: { resource: Record<string, unknown> }[] };
  const patient = bundle.entry.find((e) => e.resource.resourceType === 'Patient')?.resource;
  if (!patient) throw new Error('hdr-demo-1.bundle.json has no Patient');
  const identifiers = patient.identifier as { value?: string }[];
  for (const identifier of identifiers) {
    if (/^\d{15}$/.test(identifier.value ?? '')) identifier.value = CHOOSER_PATIENT.ins;
  }
  patient.name = [
    {
      use: 'official',
      family: CHOOSER_PATIENT.family,
      given: [CHOOSER_PATIENT.given.toUpperCase()],
    },
    { use: 'usual', family: CHOOSER_PATIENT.family, given: [CHOOSER_PATIENT.given] },
  ];
  patient.birthDate = CHOOSER_PATIENT.birthDate;
  await writeFile(join(dir, 'lucien-morel-hdr.bundle.json'), JSON.stringify(bundle, null, 2));

  // The PDF-only letter: same bytes, the identity lines rewritten in place (same lengths).
  let pdf: Buffer = await readFile(join(SEED_LETTERS, 'pdf-only-demo-1.pdf'));
  pdf = replaceSameLength(
    pdf,
    'Patiente : Mme In\\350s HADDAD, n\\351e le 21/05/1990 - INS \\(test\\) 290056938101711',
    `Patient : M. Lucien MOREL, n\\351 le 02/11/1938 - INS \\(test\\) ${CHOOSER_PATIENT.ins}`,
  );
  pdf = replaceSameLength(
    pdf,
    '/Title (Lettre de liaison - In\\350s HADDAD \\(d\\351monstration\\))',
    '/Title (Lettre de liaison - Lucien MOREL \\(d\\351monstration\\))',
  );
  await writeFile(join(dir, 'lucien-morel-pdf.pdf'), pdf);
  return dir;
}
