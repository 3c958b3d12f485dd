/** The project's demo letters (packages/server/seed/letters): CDA, FHIR and PDF. */
import { describe, expect, it } from 'vitest';
import {
  narrativeToText,
  readCdaLetter,
  readFhirLetter,
  readLetter,
  readPdfLetter,
  type DischargeLetterView,
} from '../../src/letters/index.js';
import { seedLetter, strictParser } from './helpers.js';

const parser = strictParser();
const cda = (name: string) =>
  readCdaLetter(seedLetter(name).toString('utf8'), { domParser: parser });

describe('ldl-ses-demo-1.cda.xml (full LDL-SES 2022.01 letter)', () => {
  const letter = cda('ldl-ses-demo-1.cda.xml');
  const { header, essentials } = letter;

  it('names nothing missing and warns about nothing', () => {
    expect(letter.missing).toEqual([]);
    expect(letter.warnings).toEqual([]);
  });

  it('gives the patient with the INS the seed maps letters by', () => {
    expect(header.patient?.ins?.value).toBe('251036912338151');
    expect(header.patient?.name.text).toBe('MARIE DURAND');
  });

  it('gives the facility FINESS, the unit, the GP, the signer and two recipients: the seed’s professionals', () => {
    expect(header.facility).toMatchObject({
      name: 'Centre hospitalier universitaire Lyon-Sud',
      finess: '690784152',
    });
    expect(header.unit).toBe('Service de cardiologie');
    // Dr Paul RICHARD, her médecin traitant in the demo seed; Dr Vincent ROGER, CHU cardiologist.
    expect(header.generalPractitioner?.rpps).toBe('10990000019');
    expect(header.generalPractitioner?.name?.text).toBe('Paul RICHARD');
    expect(header.author).toMatchObject({ rpps: '10990000068', name: { family: 'ROGER' } });
    expect(header.legalAuthenticator?.name?.text).toBe('Vincent ROGER');
    expect(header.recipients.map((r) => [r.rpps, r.name?.family])).toEqual([
      ['10990000019', 'RICHARD'],
      ['10990000050', 'VIDAL'],
    ]);
  });

  it('gives a 10-day stay with coded admission and discharge modes', () => {
    expect(header.lengthOfStayDays).toBe(10);
    expect(header.admissionMode?.code?.code).toBe('50849002');
    expect(header.dischargeMode).toMatchObject({
      code: { code: '306689006' },
      text: '22/05/2025, retour à domicile',
    });
  });

  it('gives each treatment at discharge with its status', () => {
    expect(essentials.dischargeTreatments?.items.map((t) => [t.name, t.status])).toEqual([
      ['FUROSEMIDE 40 mg', 'modified'],
      ['BISOPROLOL 2,5 mg', 'new'],
      ['ELIQUIS 5 mg', 'new'],
      ['RAMIPRIL 5 mg', 'continued'],
      ['ATORVASTATINE 20 mg', 'continued'],
      ['DIFFU-K 600 mg', 'new'],
    ]);
  });

  it('reads dose, route, frequency (PIVL and EIVL), duration and indication from the entries', () => {
    const [furosemide, , eliquis, , , potassium] = essentials.dischargeTreatments?.items ?? [];
    expect(furosemide).toMatchObject({
      dose: '1 comprimé',
      route: 'voie orale',
      frequency: 'le matin',
      start: '2025-05-19',
    });
    expect(eliquis).toMatchObject({ frequency: 'toutes les 12 h', reason: 'fibrillation atriale' });
    expect(potassium).toMatchObject({ dose: '1 gélule', duration: '1 mois' });
  });

  it('gives the stopped treatments with their reasons (structured and from the narrative)', () => {
    expect(essentials.stoppedTreatments?.items.map((t) => [t.name, t.reason])).toEqual([
      ['LASILIX 20 mg', 'Dose insuffisante : remplacé par furosémide 40 mg'],
      [
        'KARDEGIC 75 mg',
        "Pas d'indication retenue (coronaires saines) ; risque hémorragique avec l'anticoagulant",
      ],
    ]);
  });

  it('gives the two pending results from the narrative list', () => {
    expect(essentials.pendingResults?.items.map((i) => i.text)).toEqual([
      'Holter ECG des 24 h posé le 20/05/2025 : compte rendu attendu, sera adressé au médecin traitant.',
      'TSH prélevée le 21/05/2025 (bilan de la fibrillation atriale) : résultat à récupérer au laboratoire du CHU.',
    ]);
  });

  it('gives the follow-up: exam, appointment, act and recommendation, with dates', () => {
    expect(essentials.followUp?.items.map((i) => [i.kind, i.date])).toEqual([
      ['exam', '2025-05-29'],
      ['appointment', '2025-06-24'],
      ['act', '2025-08'],
      ['recommendation', undefined],
    ]);
  });

  it('keeps the https link of the follow-up narrative', () => {
    const json = JSON.stringify(essentials.followUp?.narrative);
    expect(json).toContain('"kind":"link","href":"https://www.has-sante.fr/"');
  });

  it('lists synthesis, devices and allergies, with the allergy in bold', () => {
    expect(letter.sections.map((s) => s.kind)).toEqual(['synthesis', 'devices', 'allergies']);
    expect(JSON.stringify(letter.sections[2]?.narrative)).toContain(
      '{"kind":"content","styles":["bold"],"children":[{"kind":"text","text":"pénicillines"}]}',
    );
  });
});

describe('ldl-ses-demo-2.cda.xml (short LDL-SES letter)', () => {
  const letter = cda('ldl-ses-demo-2.cda.xml');

  it('names the stopped treatments and the pending results as missing', () => {
    expect(letter.missing).toEqual(['stopped-treatments', 'pending-results']);
  });

  it('gives another facility, the referring doctor and the GP', () => {
    expect(letter.header.facility).toMatchObject({ name: 'Clinique du Parc', finess: '690793468' });
    expect(letter.header.referringDoctor?.name?.text).toBe('Paul RICHARD');
    expect(letter.header.generalPractitioner?.rpps).toBe('10990000019');
    expect(letter.header.author).toMatchObject({ rpps: '10990000092', name: { family: 'ROCHE' } });
    expect(letter.header.version).toBe(2);
  });

  it('reads a width as the duration and an 8-hour period as the frequency', () => {
    expect(letter.essentials.dischargeTreatments?.items[0]).toMatchObject({
      name: 'AMOXICILLINE 1 g',
      frequency: 'toutes les 8 h',
      duration: '7 jours',
      status: 'new',
    });
  });

  it('gives the narrative-only follow-up as three unstructured items', () => {
    expect(letter.essentials.followUp?.structured).toBe(false);
    expect(letter.essentials.followUp?.items).toHaveLength(3);
  });
});

describe('hdr-demo-1.bundle.json (HL7 Europe HDR FHIR document)', () => {
  const letter = readFhirLetter(JSON.parse(seedLetter('hdr-demo-1.bundle.json').toString('utf8')), {
    domParser: parser,
  });
  const { header, essentials } = letter;

  it('is read as an HDR letter with nothing missing', () => {
    expect(letter.source).toBe('fhir');
    expect(header.model).toBe('HL7 Europe HDR');
    expect(letter.missing).toEqual([]);
    expect(letter.warnings).toEqual([]);
  });

  it('gives the patient (INS, used and birth names) and the GP from Patient.generalPractitioner', () => {
    expect(header.patient).toMatchObject({
      ins: { value: '146096902911239', test: true },
      name: { text: 'Gérard BLANC', birthGivens: 'GÉRARD HENRI' },
      sex: 'male',
    });
    expect(header.generalPractitioner).toMatchObject({
      rpps: '10990000043',
      specialty: { code: 'SM26' },
    });
  });

  it('gives custodian, author with RPPS, signer, recipient and the stay from the Encounter', () => {
    expect(header.facility).toMatchObject({
      name: 'Centre hospitalier de Fourvière',
      finess: '690781234',
    });
    expect(header.author).toMatchObject({ rpps: '10990000050', profession: { code: '10' } });
    expect(header.legalAuthenticator?.name?.family).toBe('VIDAL');
    expect(header.recipients.map((r) => r.name?.family)).toEqual(['LECLERCQ']);
    expect(header).toMatchObject({
      admissionDate: '2025-03-07T09:40:00+01:00',
      dischargeDate: '2025-03-14T11:00:00+01:00',
      lengthOfStayDays: 7,
      admissionMode: { code: { code: 'emd' }, text: 'Entrée par les urgences' },
      dischargeMode: { code: { code: 'home' }, text: 'Retour à domicile' },
    });
  });

  it('takes the reason from the Encounter when no reason section exists', () => {
    expect(essentials.reason?.text).toBe(
      'Exacerbation aiguë de BPCO avec dyspnée de repos ; Exacerbation aiguë de BPCO (stade GOLD 3)',
    );
  });

  it('resolves the discharge MedicationStatements into treatments with statuses', () => {
    expect(
      essentials.dischargeTreatments?.items.map((t) => [t.name, t.dose, t.frequency, t.status]),
    ).toEqual([
      ['SYMBICORT TURBUHALER 400/12 µg', '1 bouffée', '2 fois par jour', 'modified'],
      ['SPIRIVA RESPIMAT 2,5 µg', '2 bouffées', '1 fois par jour, le matin', 'continued'],
      ['PREDNISOLONE 20 mg', '40 mg', '1 fois par jour, le matin', 'new'],
      ['AMOXICILLINE/ACIDE CLAVULANIQUE 1 g/125 mg', '1 sachet', '3 fois par jour', 'new'],
    ]);
  });

  it('finds the stopped treatments among the pharmacotherapy entries, with statusReason', () => {
    expect(essentials.stoppedTreatments?.section.code).toBe('87232-5');
    expect(essentials.stoppedTreatments?.items.map((t) => [t.name, t.reason])).toEqual([
      ['SYMBICORT TURBUHALER 200/6 µg', 'Contrôle insuffisant : remplacé par le dosage 400/12 µg'],
      ['ZOLPIDEM 10 mg', 'Risque de dépression respiratoire ; ne pas reprendre'],
    ]);
  });

  it('gives as pending results the results that are not final', () => {
    expect(essentials.pendingResults?.items.map((i) => i.code?.code)).toEqual(['6460-0', '6771-0']);
  });

  it('gives the CarePlan activities as follow-up items', () => {
    expect(essentials.followUp?.items.map((i) => [i.kind, i.date])).toEqual([
      ['appointment', '2025-04-15T10:30:00+02:00'],
      ['exam', '2025-04-25'],
      ['exam', undefined],
      ['recommendation', undefined],
    ]);
  });

  it('keeps the other sections in order, by LOINC code', () => {
    expect(letter.sections.map((s) => [s.kind, s.code])).toEqual([
      ['admission-evaluation', '67851-6'],
      ['synthesis', '8648-8'],
      ['diagnoses', '11535-2'],
      ['results', '30954-2'],
      ['medications-during-stay', '87232-5'],
      ['allergies', '48765-2'],
    ]);
  });

  it('reads the section XHTML into tables and paragraphs', () => {
    const results = letter.sections.find((s) => s.kind === 'results');
    expect(results?.narrative[0]?.kind).toBe('table');
    expect(narrativeToText(results?.narrative ?? [])).toContain(
      'ECBC (08/03) | en cours : culture et antibiogramme attendus',
    );
  });
});

describe('hdr-demo-2.bundle.json (Lucien MOREL’s FHIR letter, HL7 Europe HDR)', () => {
  const letter = readFhirLetter(JSON.parse(seedLetter('hdr-demo-2.bundle.json').toString('utf8')), {
    domParser: parser,
  });
  const { header, essentials } = letter;

  it('is a complete HDR letter, nothing missing, no warning', () => {
    expect(letter.source).toBe('fhir');
    expect(header.model).toBe('HL7 Europe HDR');
    expect(letter.missing).toEqual([]);
    expect(letter.warnings).toEqual([]);
  });

  it('is Lucien MOREL’s (INS of the seed), by the seed’s internist to his médecin traitant', () => {
    expect(header.patient).toMatchObject({
      ins: { value: '138116912304538', test: true },
      name: { text: 'Lucien MOREL' },
      sex: 'male',
    });
    expect(header.generalPractitioner).toMatchObject({ rpps: '10990000019' });
    expect(header.author).toMatchObject({ rpps: '10990000050', name: { family: 'VIDAL' } });
    expect(header.recipients.map((r) => r.name?.family)).toEqual(['RICHARD']);
    expect(header.facility).toMatchObject({
      name: 'Centre hospitalier de Fourvière',
      finess: '690781234',
    });
    expect(header).toMatchObject({
      unit: 'Médecine interne',
      admissionDate: '2024-10-07T11:20:00+02:00',
      dischargeDate: '2024-10-14T11:00:00+02:00',
      lengthOfStayDays: 7,
    });
  });

  it('gives the reason, the treatments at discharge with statuses and the stopped ones with reasons', () => {
    expect(essentials.reason?.text).toBe(
      "Chute nocturne à domicile avec confusion ; Hyponatrémie sévère d'origine médicamenteuse (thiazidique)",
    );
    expect(essentials.dischargeTreatments?.items.map((t) => [t.name, t.status])).toEqual([
      ['AMLODIPINE 5 mg', 'modified'],
      ['PARACETAMOL 1 g', 'new'],
    ]);
    expect(essentials.stoppedTreatments?.items.map((t) => t.name)).toEqual([
      'HYDROCHLOROTHIAZIDE 25 mg',
      'AMLODIPINE 10 mg',
      'ZOPICLONE 7,5 mg',
    ]);
    expect(essentials.stoppedTreatments?.items.every((t) => t.reason)).toBe(true);
  });

  it('gives two pending results and the follow-up with dates', () => {
    expect(essentials.pendingResults?.items.map((i) => i.code?.code)).toEqual([
      '2143-6',
      '62292-8',
    ]);
    expect(essentials.followUp?.items.map((i) => [i.kind, i.date])).toEqual([
      ['exam', '2024-10-21'],
      ['appointment', '2024-10-24T17:00:00+02:00'],
      ['exam', undefined],
      ['recommendation', undefined],
    ]);
  });
});

describe('pdf-only-demo-2.pdf (Lucien MOREL’s PDF letter)', () => {
  const bytes = new Uint8Array(seedLetter('pdf-only-demo-2.pdf'));

  it('is a one-page PDF for Lucien MOREL, by the seed’s cardiologist', async () => {
    const letter = await readPdfLetter(bytes);
    expect(letter.pdf).toMatchObject({ version: '1.4', pageCount: 1 });
    expect(letter.header.title).toBe('Lettre de liaison - Lucien MOREL (démonstration)');
    const text = narrativeToText(letter.sections[0]?.narrative ?? []);
    expect(text).toContain(
      'Patient : M. Lucien MOREL, né le 02/11/1938 - INS (test) 138116912304538',
    );
    expect(text).toContain('Médecin traitant : Dr Paul RICHARD');
    expect(text).toContain('Dr Vincent ROGER, cardiologue - RPPS 10990000068');
    expect(letter.warnings.map((w) => w.code)).toEqual(['unstructured']);
  });
});

describe('pdf-only-demo-1.pdf', () => {
  const bytes = new Uint8Array(seedLetter('pdf-only-demo-1.pdf'));

  it('is a one-page PDF whose text is extracted, accents included', async () => {
    const letter = await readPdfLetter(bytes);
    expect(letter.pdf).toMatchObject({ version: '1.4', pageCount: 1 });
    const text = narrativeToText(letter.sections[0]?.narrative ?? []);
    expect(text).toContain(
      'Patiente : Mme Inès HADDAD, née le 21/05/1990 - INS (test) 290056938101711',
    );
    expect(text).toContain('pas d’événement indésirable');
    expect(text).toContain('Dr Olivier PEREZ, médecine interne - RPPS 10990000076');
  });

  it('is unstructured: no essentials, nothing named missing, a warning instead', async () => {
    const letter = await readPdfLetter(bytes);
    expect(letter.essentials).toEqual({});
    expect(letter.missing).toEqual([]);
    expect(letter.warnings.map((w) => w.code)).toEqual(['unstructured']);
  });

  it('takes the title from the document information', async () => {
    expect((await readPdfLetter(bytes)).header.title).toBe(
      'Lettre de liaison - Inès HADDAD (démonstration)',
    );
  });

  it('is read from a Blob through readLetter, keeping the Blob for display', async () => {
    const blob = new Blob([bytes], { type: 'application/pdf' });
    const letter: DischargeLetterView = await readLetter({ type: 'pdf', blob });
    expect(letter.source).toBe('pdf');
    expect(letter.pdf?.blob).toBe(blob);
  });
});
