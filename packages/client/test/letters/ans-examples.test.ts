/**
 * The ANS LDL-SES examples (2022.01 and 2020.01), read completely: every header item and every
 * section of the domain brief, with concrete values.
 */
import { describe, expect, it } from 'vitest';
import { readCdaLetter, type DischargeLetterView } from '../../src/letters/index.js';
import { fixture, fixturesLabel, hasFixtures, strictParser } from './helpers.js';

function read(name: string): DischargeLetterView {
  return readCdaLetter(fixture(`cda/${name}`), { domParser: strictParser() });
}

describe.skipIf(!hasFixtures)(`ANS example LDL-SES_2022.01.xml ${fixturesLabel}`, () => {
  const letter = hasFixtures
    ? read('LDL-SES_2022.01.xml')
    : (undefined as unknown as DischargeLetterView);
  const { header, essentials } = letter ?? { header: undefined, essentials: undefined };

  it('is read as an LDL-SES 2022.01 CDA letter', () => {
    expect(letter.source).toBe('cda');
    expect(header?.model).toBe('LDL-SES 2022.01');
  });

  it('gives the document identity, date, title and type', () => {
    expect(header?.documentId).toBe('1.2.250.1.213.1.1.1.29.2022.1.1');
    expect(header?.setId).toBe('1.2.250.1.213.1.1.1.29.2022.1');
    expect(header?.version).toBe(1);
    expect(header?.documentDate).toBe('2019-12-03T13:30:00+01:00');
    expect(header?.title).toBe("Lettre de liaison à la sortie de l'établissement de santé");
    expect(header?.type).toMatchObject({ code: '11490-0', system: 'http://loinc.org' });
    expect(header?.language).toBe('fr-FR');
  });

  it('gives the patient: used and birth names, test INS, birth date, sex', () => {
    expect(header?.patient?.name).toMatchObject({
      text: 'DOMINIQUE PAT-TROIS',
      given: 'DOMINIQUE',
      family: 'PAT-TROIS',
      birthFamily: 'PAT-TROIS',
      birthGivens: 'DOMINIQUE MARIE-LOUISE',
    });
    expect(header?.patient?.ins).toEqual({
      value: '279035121518989',
      system: 'urn:oid:1.2.250.1.213.1.4.10',
      kind: 'INS-NIR',
      test: true,
    });
    expect(header?.patient?.birthDate).toBe('1979-03-28');
    expect(header?.patient?.sex).toBe('female');
  });

  it('gives the facility with its FINESS and setting, and the unit', () => {
    expect(header?.facility).toMatchObject({
      name: 'Hôpital Européen Georges Pompidou',
      finess: '1750803447',
      setting: { code: 'SA01', display: 'Etablissement public de santé' },
    });
    expect(header?.unit).toBe('Service de Cardiologie');
  });

  it('gives the author with RPPS, profession and specialty', () => {
    expect(header?.author).toMatchObject({
      name: { text: 'Charles DAVID', prefix: 'M', suffix: 'DR' },
      idnps: '801234567897',
      rpps: '01234567897',
      profession: { code: '10', display: 'Médecin' },
      specialty: { code: 'SM27', display: 'Médecine interne' },
      organization: { finess: '1750803447' },
      phones: ['0141297500'],
    });
  });

  it('gives the doctor who signed the letter', () => {
    expect(header?.legalAuthenticator?.name).toMatchObject({ text: 'Léon AUGUIN', suffix: 'PR' });
  });

  it('gives the GP (participant PCP) with RPPS, specialty and practice', () => {
    expect(header?.generalPractitioner).toMatchObject({
      name: { text: 'Stéphane MEDIONI' },
      rpps: '01984758437',
      specialty: { code: 'SM26' },
      organization: { name: 'Cabinet du Dr Medioni', finess: '2801984755893' },
      phones: ['0147150000'],
    });
  });

  it('gives both recipients with their organisations', () => {
    expect(header?.recipients.map((r) => [r.name?.text, r.organization?.name])).toEqual([
      ['Charles BOILEAU', 'Centre de soins du Belvédère'],
      ['Elsa DUCOUT', 'Cabinet infirmière libérale'],
    ]);
  });

  it('has no referring doctor, and does not report one missing (required only when there is one)', () => {
    expect(header?.referringDoctor).toBeUndefined();
    expect(letter.missing).toEqual([]);
  });

  it('gives the stay from serviceEvent: admission, discharge, 35 days, inpatient stay', () => {
    expect(header?.admissionDate).toBe('2019-10-29T11:17:00+01:00');
    expect(header?.dischargeDate).toBe('2019-12-03T13:30:00+01:00');
    expect(header?.lengthOfStayDays).toBe(35);
    expect(header?.stayType).toMatchObject({ code: 'IMP' });
  });

  it('gives the admission mode (SNOMED CT 107724000) with the letter’s words', () => {
    expect(header?.admissionMode).toEqual({
      code: {
        code: '107724000',
        system: 'http://snomed.info/sct',
        display: "transfert d'un(e) patient(e)",
      },
      text: '29/10/2018, Transfert',
      date: '2018-10-29',
    });
  });

  it('gives the discharge mode (TA_ASIP GEN-092.06.01)', () => {
    expect(header?.dischargeMode).toMatchObject({
      code: { code: 'GEN-092.06.01', display: 'Autre établissement de santé' },
      text: '05/11/2018, Autre établissement de santé',
    });
  });

  it('gives the document status (section 33557-0) as "En cours"', () => {
    expect(header?.documentStatus).toMatchObject({ code: { code: '385651009' }, text: 'En cours' });
  });

  it('gives the reason for hospitalisation (section 42349-1)', () => {
    expect(essentials?.reason?.text).toBe('Episode psychotique – cachexie/anorexie');
    expect(essentials?.reason?.section).toMatchObject({
      code: '42349-1',
      templateId: '1.3.6.1.4.1.19376.1.5.3.1.3.1',
      title: "Motif de l'hospitalisation",
    });
  });

  it('gives the treatment at discharge LEPONEX with codes, dose, frequency, route and period', () => {
    expect(essentials?.dischargeTreatments?.structured).toBe(true);
    expect(essentials?.dischargeTreatments?.items).toEqual([
      {
        name: 'LEPONEX 100 mg',
        code: {
          code: '62552920',
          system: 'urn:oid:1.2.250.1.213.2.3.1',
          display: 'LEPONEX 100 mg, comprimé sécable',
        },
        translations: [
          { code: 'N05AH02', system: 'http://www.whocc.no/atc', display: 'Clozapine' },
        ],
        dose: '1 comprimé',
        frequency: '1 fois par jour',
        route: 'prendre par la bouche',
        start: '2019-12-03',
        end: '2020-02-02',
        status: 'new',
        text: '03/12/2019 | 02/02/2020 | LEPONEX 100 mg | 1 comprimé | 1 fois / jour | prendre par la bouche | 100 mg / jour | 300 mg / jour',
      },
    ]);
  });

  it('keeps the discharge treatments table as narrative, with its nine columns', () => {
    const table = essentials?.dischargeTreatments?.narrative[0];
    expect(table?.kind).toBe('table');
    if (table?.kind !== 'table') return;
    expect(table.head[0]?.cells).toHaveLength(9);
    expect(table.body).toHaveLength(1);
  });

  it('gives the stopped treatment SOLIAN with its reason', () => {
    expect(essentials?.stoppedTreatments?.items).toEqual([
      expect.objectContaining({
        name: 'SOLIAN 100 mg',
        code: expect.objectContaining({ code: '60019927' }),
        dose: '1 comprimé',
        start: '2018-08-01',
        end: '2019-10-29',
        status: 'stopped',
        reason: 'arrêt suite à analyses médicales',
      }),
    ]);
  });

  it('gives the pending results from the narrative (the section has no entries)', () => {
    expect(essentials?.pendingResults?.structured).toBe(false);
    expect(essentials?.pendingResults?.items).toEqual([{ text: 'Echographie attendue' }]);
    expect(essentials?.pendingResults?.section.templateId).toBe('1.3.6.1.4.1.19376.1.5.3.1.3.27');
  });

  it('gives the follow-up: an urgent act, a follow-up request and an appointment', () => {
    expect(essentials?.followUp?.section.templateId).toBe('1.3.6.1.4.1.19376.1.5.3.1.3.36');
    expect(essentials?.followUp?.items).toEqual([
      expect.objectContaining({
        kind: 'act',
        text: 'Scanographie des vaisseaux du thorax et/ou du cœur [Angioscanner thoracique]',
        code: expect.objectContaining({ code: 'ECQH010' }),
        priority: 'Urgent',
      }),
      expect.objectContaining({
        kind: 'exam',
        text: 'Suivi par le psychiatre à prévoir',
        date: '2021-01-01',
      }),
      expect.objectContaining({
        kind: 'appointment',
        text: 'Médecin traitant',
        date: '2019-12-05',
        priority: 'recontacter pour fixer RDV',
      }),
    ]);
  });

  it('lists the other sections in document order: synthesis, devices, allergies', () => {
    expect(letter.sections.map((s) => [s.kind, s.code, s.templateId])).toEqual([
      ['synthesis', '42545-4', '1.3.6.1.4.1.19376.1.7.3.1.1.13.7'],
      ['devices', '46264-8', '1.2.250.1.213.1.1.2.1'],
      ['allergies', '48765-2', '1.3.6.1.4.1.19376.1.5.3.1.3.13'],
    ]);
  });

  it('gives the synthesis entries: MDRO found, no transfusion, adverse events', () => {
    const synthesis = letter.sections[0];
    const byCode = new Map(synthesis?.observations.map((o) => [o.code.code, o]));
    expect(byCode.get('MED-142')?.valueText).toBe('Infection respiratoire aigüe');
    expect(byCode.get('MED-144')?.valueText).toBe('Streptococcus pneumoniae');
    expect(byCode.get('MED-309')).toMatchObject({ valueBoolean: true, text: '10/07/2018, Oui' });
    expect(byCode.get('MED-145')).toMatchObject({ valueBoolean: false, text: 'Non' });
    expect(byCode.get('MED-143')?.valueText).toBe('Aucun');
  });

  it('gives the implanted device and the allergy statement as narrative', () => {
    const [, devices, allergies] = letter.sections;
    expect(JSON.stringify(devices?.narrative)).toContain(
      'STIMULATEUR CARDIAQUE IMPLANTABLE TRIPLE CHAMBRE',
    );
    expect(allergies?.narrative).toEqual([
      { kind: 'text', text: 'Aucune allergie / intolérance identifiée pendant le séjour' },
    ]);
  });

  it('warns that the mode entries are dated a year before the stay', () => {
    expect(letter.warnings.find((w) => w.code === 'inconsistent-dates')?.message).toContain(
      '2018-10-29',
    );
  });

  it('warns about the entry pointing to a narrative ID that does not exist (admiSang)', () => {
    expect(letter.warnings.find((w) => w.code === 'unresolved-reference')?.message).toContain(
      'admiSang',
    );
  });
});

describe.skipIf(!hasFixtures)(`ANS example LDL-SES_2020.01.xml ${fixturesLabel}`, () => {
  const letter = hasFixtures
    ? read('LDL-SES_2020.01.xml')
    : (undefined as unknown as DischargeLetterView);
  const { header, essentials } = letter ?? { header: undefined, essentials: undefined };

  it('is read as an LDL-SES 2020.01 letter with a UUID document id', () => {
    expect(header?.model).toBe('LDL-SES 2020.01');
    expect(header?.documentId).toBe('9ED10155-A2AA-459C-8351-A61AD25FC78D');
    expect(header?.setId).toBe('8FA485AB-C5FF-4313-9B3F-4E8FB541F5C5');
  });

  it('gives the patient under the production INS OID, with birth and spouse names', () => {
    expect(header?.patient?.ins).toMatchObject({
      value: '277076322082910',
      system: 'urn:oid:1.2.250.1.213.1.4.8',
      test: false,
    });
    expect(header?.patient?.name).toMatchObject({
      text: 'RUTH DECOURCY',
      birthFamily: 'NESSI',
      birthGivens: 'RUTH ISABELLE',
    });
    expect(header?.patient?.birthDate).toBe('1977-07-14');
  });

  it('gives the same facility, unit, author and GP as the 2022 example', () => {
    expect(header?.facility).toMatchObject({
      name: 'Hôpital Européen Georges Pompidou',
      finess: '1750803447',
    });
    expect(header?.unit).toBe('Service de Cardiologie');
    expect(header?.author?.rpps).toBe('01234567897');
    expect(header?.generalPractitioner?.name?.text).toBe('Stéphane MEDIONI');
    expect(header?.recipients).toHaveLength(2);
  });

  it('gives the stay dates and length of stay', () => {
    expect(header?.admissionDate).toBe('2019-10-29T11:17:00+01:00');
    expect(header?.dischargeDate).toBe('2019-12-03T13:30:00+01:00');
    expect(header?.lengthOfStayDays).toBe(35);
  });

  it('gives the admission and discharge modes coded in TA_ASIP (ORG-069, ORG-073), not SNOMED CT', () => {
    expect(header?.admissionMode?.code).toMatchObject({
      code: 'ORG-069',
      system: 'urn:oid:1.2.250.1.213.1.1.4.322',
      display: 'Transfert',
    });
    expect(header?.dischargeMode?.code).toMatchObject({
      code: 'ORG-073',
      display: 'Autre établissement de santé',
    });
  });

  it('gives the document status coded in TA_ASIP (GEN-066)', () => {
    expect(header?.documentStatus).toMatchObject({ code: { code: 'GEN-066' }, text: 'En cours' });
  });

  it('gives the reason, the discharge treatment and the stopped treatment', () => {
    expect(essentials?.reason?.text).toBe('Episode psychotique – cachexie/anorexie');
    expect(essentials?.dischargeTreatments?.items.map((t) => [t.name, t.dose, t.status])).toEqual([
      ['LEPONEX 100 mg', '1 comprimé', 'new'],
    ]);
    expect(essentials?.stoppedTreatments?.items[0]).toMatchObject({
      name: 'SOLIAN 100 mg',
      reason: 'arrêt suite à analyses médicales',
    });
  });

  it('gives the stopped treatment’s ATC translation, present only in 2020', () => {
    expect(essentials?.stoppedTreatments?.items[0]?.translations.map((t) => t.code)).toEqual([
      '3400934874741',
      'N05AL05',
    ]);
  });

  it('gives the pending results and the three follow-up items', () => {
    expect(essentials?.pendingResults?.items).toEqual([{ text: 'Echographie attendue' }]);
    expect(essentials?.followUp?.items.map((i) => i.kind)).toEqual(['act', 'exam', 'appointment']);
  });

  it('recognises the devices section by its CI-SIS template alone (no IHE template in 2020)', () => {
    const devices = letter.sections.find((s) => s.kind === 'devices');
    expect(devices?.templateIds).toEqual(['1.2.250.1.213.1.1.2.1']);
  });

  it('lists the same sections and misses no mandatory item', () => {
    expect(letter.sections.map((s) => s.kind)).toEqual(['synthesis', 'devices', 'allergies']);
    expect(letter.missing).toEqual([]);
  });
});
