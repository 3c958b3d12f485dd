/** FHIR reader: dosages, medication names, stopped entries, sub-sections and phones (review fixes). */
import { describe, expect, it } from 'vitest';
import { readFhirLetter, type DischargeLetterView } from '../../src/letters/index.js';
import { strictParser } from './helpers.js';

type Json = Record<string, unknown>;

const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
const EDQM = 'http://standardterms.edqm.eu';
const SCT = 'http://snomed.info/sct';

/** A discharge-report Bundle with the given Composition sections and other resources. */
function letter(
  sections: Json[],
  resources: Json[] = [],
  composition: Json = {},
): DischargeLetterView {
  return readFhirLetter(
    {
      resourceType: 'Bundle',
      type: 'document',
      entry: [
        {
          fullUrl: 'urn:uuid:composition',
          resource: {
            resourceType: 'Composition',
            status: 'final',
            type: { coding: [{ system: LOINC, code: '34105-7' }] },
            title: 'Lettre de liaison',
            section: sections,
            ...composition,
          },
        },
        ...resources.map((resource) => ({
          fullUrl: `urn:uuid:${String(resource.id)}`,
          resource,
        })),
      ],
    },
    { domParser: strictParser() },
  );
}

const section = (code: string, entries: string[], more: Json = {}): Json => ({
  code: { coding: [{ system: LOINC, code }] },
  entry: entries.map((id) => ({ reference: `urn:uuid:${id}` })),
  ...more,
});

/** HL7 Europe HDR example 400C-prescription-cefuroxime-singleline (fsh/examples, as JSON). */
const cefuroxime: Json = {
  resourceType: 'MedicationRequest',
  id: 'cefuroxime',
  status: 'active',
  intent: 'order',
  authoredOn: '2024-12-06',
  medicationReference: { reference: 'urn:uuid:cefuroxime-medication' },
  reasonCode: [
    {
      coding: [
        {
          system: SCT,
          code: '10625071000119104',
          display: 'Bronchopneumonia caused by bacteria (disorder)',
        },
      ],
    },
  ],
  dosageInstruction: [
    {
      sequence: 2,
      doseAndRate: [
        {
          doseRange: {
            low: { value: 750, unit: 'milligram(s)', system: UCUM, code: 'mg' },
            high: { value: 1500, unit: 'milligram(s)', system: UCUM, code: 'mg' },
          },
        },
      ],
      route: { coding: [{ system: SCT, code: '78421000', display: 'Intramuscular route' }] },
      timing: {
        repeat: {
          frequency: 1,
          period: 8,
          periodUnit: 'h',
          boundsDuration: { value: 4, unit: 'day', system: UCUM, code: 'd' },
        },
      },
    },
    {
      sequence: 1,
      doseAndRate: [
        { doseQuantity: { value: 1500, unit: 'milligram(s)', system: UCUM, code: 'mg' } },
      ],
      route: { coding: [{ system: SCT, code: '78421000', display: 'Intramuscular route' }] },
      timing: {
        repeat: {
          frequency: 1,
          period: 8,
          periodUnit: 'h',
          boundsDuration: { value: 3, unit: 'day', system: UCUM, code: 'd' },
        },
      },
    },
  ],
};
/** HL7 Europe HDR example 01A-Cefuroxime1500GenericExplicit: a Medication without `code`. */
const cefuroximeMedication: Json = {
  resourceType: 'Medication',
  id: 'cefuroxime-medication',
  form: { coding: [{ system: EDQM, code: '50053000' }] },
  extension: [
    {
      url: 'http://hl7.eu/fhir/StructureDefinition/medication-classification',
      valueCodeableConcept: {
        coding: [{ system: 'http://www.whocc.no/atc', code: 'J01DC02', display: 'cefuroxime' }],
      },
    },
  ],
  ingredient: [
    {
      itemCodeableConcept: { coding: [{ system: SCT, code: '372833007', display: 'Cefuroxime' }] },
      isActive: true,
    },
  ],
};

describe('FHIR treatments: dosages', () => {
  it('keeps "si besoin", a period range, the maximum dose and the dosage text', () => {
    const view = letter(
      [section('10183-2', ['paracetamol'])],
      [
        {
          resourceType: 'MedicationStatement',
          id: 'paracetamol',
          status: 'active',
          medicationCodeableConcept: { text: 'Oxycodone 10 mg' },
          dosage: [
            {
              text: '10 mg toutes les 4 à 6 h si douleur (max 60 mg/j)',
              asNeededBoolean: true,
              timing: { repeat: { frequency: 1, period: 4, periodMax: 6, periodUnit: 'h' } },
              maxDosePerPeriod: {
                numerator: { value: 60, unit: 'mg', system: UCUM, code: 'mg' },
                denominator: { value: 1, unit: 'jour', system: UCUM, code: 'd' },
              },
              doseAndRate: [{ doseQuantity: { value: 10, unit: 'mg', system: UCUM, code: 'mg' } }],
            },
          ],
        },
      ],
    );
    const [item] = view.essentials.dischargeTreatments?.items ?? [];
    expect(item?.dose).toBe('10 mg');
    expect(item?.frequency).toBe('toutes les 4 à 6 h, si besoin, max 60 mg par jour');
    expect(item?.text).toBe('10 mg toutes les 4 à 6 h si douleur (max 60 mg/j)');
  });

  it('words an as-needed CodeableConcept and a frequency range', () => {
    const view = letter(
      [section('10183-2', ['tramadol'])],
      [
        {
          resourceType: 'MedicationStatement',
          id: 'tramadol',
          status: 'active',
          medicationCodeableConcept: { text: 'Tramadol 50 mg' },
          dosage: [
            {
              asNeededCodeableConcept: { text: 'douleur' },
              timing: { repeat: { frequency: 1, frequencyMax: 3, period: 1, periodUnit: 'd' } },
            },
          ],
        },
      ],
    );
    expect(view.essentials.dischargeTreatments?.items[0]?.frequency).toBe(
      '1 à 3 fois par jour, si besoin (douleur)',
    );
  });

  it('reads every dosageInstruction in sequence order (HDR 400C cefuroxime) and names a Medication without code by its ingredient', () => {
    const view = letter([section('10183-2', ['cefuroxime'])], [cefuroxime, cefuroximeMedication]);
    const [item] = view.essentials.dischargeTreatments?.items ?? [];
    expect(item?.name).toBe('Cefuroxime');
    expect(item?.route).toBe('Intramuscular route');
    expect(item?.frequency).toBe('toutes les 8 h');
    expect(item?.dose).toBeUndefined();
    expect(item?.duration).toBeUndefined();
    expect(item?.text).toBe(
      '1500 milligram(s) pendant 3 jours ; puis 750 à 1500 milligram(s) pendant 4 jours',
    );
  });

  it('names a Medication without code nor ingredient by its classification', () => {
    const medication = { ...cefuroximeMedication, ingredient: [] };
    const view = letter([section('10183-2', ['cefuroxime'])], [cefuroxime, medication]);
    expect(view.essentials.dischargeTreatments?.items[0]?.name).toBe('cefuroxime');
  });

  it('shows an EDQM dose unit as written, not its code', () => {
    const view = letter(
      [section('10183-2', ['macrogol'])],
      [
        {
          resourceType: 'MedicationStatement',
          id: 'macrogol',
          status: 'active',
          medicationCodeableConcept: { text: 'Macrogol 4000' },
          dosage: [
            {
              doseAndRate: [
                {
                  doseQuantity: { value: 1, unit: 'sachet', system: EDQM, code: '10219000' },
                },
              ],
            },
          ],
        },
      ],
    );
    expect(view.essentials.dischargeTreatments?.items[0]?.dose).toBe('1 sachet');
  });

  it('never shows a non-UCUM code as a unit', () => {
    const view = letter(
      [section('10183-2', ['macrogol'])],
      [
        {
          resourceType: 'MedicationStatement',
          id: 'macrogol',
          status: 'active',
          medicationCodeableConcept: { text: 'Macrogol 4000' },
          dosage: [
            { doseAndRate: [{ doseQuantity: { value: 2, system: EDQM, code: '10219000' } }] },
          ],
        },
      ],
    );
    expect(view.essentials.dischargeTreatments?.items[0]?.dose).toBe('2');
  });
});

describe('FHIR treatments stopped in the discharge medications', () => {
  const view = letter(
    [section('10183-2', ['ramipril', 'furosemide'])],
    [
      {
        resourceType: 'MedicationStatement',
        id: 'ramipril',
        status: 'stopped',
        statusReason: [{ text: 'Hypotension orthostatique' }],
        medicationCodeableConcept: { text: 'Ramipril 5 mg' },
      },
      {
        resourceType: 'MedicationStatement',
        id: 'furosemide',
        status: 'active',
        medicationCodeableConcept: { text: 'Furosémide 40 mg' },
      },
    ],
  );

  it('are the stopped treatments, with their reason', () => {
    expect(view.essentials.stoppedTreatments?.items.map((t) => [t.name, t.reason])).toEqual([
      ['Ramipril 5 mg', 'Hypotension orthostatique'],
    ]);
    expect(view.missing).not.toContain('stopped-treatments');
  });

  it('are not among the treatments at discharge', () => {
    expect(view.essentials.dischargeTreatments?.items.map((t) => t.name)).toEqual([
      'Furosémide 40 mg',
    ]);
  });
});

describe('FHIR key sections', () => {
  it('keep their sub-sections', () => {
    const sub = (title: string): Json => ({
      title,
      code: { coding: [{ system: LOINC, code: '8648-8' }] },
      text: {
        status: 'generated',
        div: `<div xmlns="http://www.w3.org/1999/xhtml">${title}</div>`,
      },
    });
    const view = letter([
      section('10183-2', [], { section: [sub('Sous-section traitements')] }),
      section('42349-1', [], {
        text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">Chute</div>' },
        section: [sub('Sous-section motif')],
      }),
      section('18776-5', [], { section: [sub('Sous-section suivi')] }),
    ]);
    const titles = (list: DischargeLetterView['sections']): string[] =>
      list.flatMap((s) => [s.title ?? '', ...titles(s.subsections)]);
    expect(titles(view.sections)).toEqual([
      'Sous-section traitements',
      'Sous-section motif',
      'Sous-section suivi',
    ]);
  });
});

describe('FHIR organisations', () => {
  it('give their phones (custodian and author’s organisation)', () => {
    const view = letter(
      [],
      [
        {
          resourceType: 'Organization',
          id: 'chu',
          name: 'CHU de Lyon',
          telecom: [
            { system: 'phone', value: '04 72 11 00 00' },
            { system: 'email', value: 'cardio@chu.fr' },
          ],
        },
        {
          resourceType: 'PractitionerRole',
          id: 'role',
          practitioner: { display: 'Dr Roger' },
          organization: { reference: 'urn:uuid:service' },
        },
        {
          resourceType: 'Organization',
          id: 'service',
          name: 'Cardiologie',
          telecom: [{ system: 'phone', value: '04 72 11 22 33' }],
        },
      ],
      {
        custodian: { reference: 'urn:uuid:chu' },
        author: [{ reference: 'urn:uuid:role' }],
      },
    );
    expect(view.header.facility?.phones).toEqual(['04 72 11 00 00']);
    expect(view.header.author?.organization?.phones).toEqual(['04 72 11 22 33']);
  });
});
