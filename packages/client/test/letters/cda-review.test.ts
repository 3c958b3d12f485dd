/**
 * CDA reader defects found in review: treatment statuses and columns read from the narrative
 * table, "as needed" doses, dose ranges, organisation phones, an empty GP, sub-sections of the key
 * sections, pending results on several lines, and very large narratives.
 */
import { describe, expect, it } from 'vitest';
import {
  readCdaLetter,
  type DischargeLetterView,
  type Treatment,
} from '../../src/letters/index.js';
import { narrativeFromCda } from '../../src/letters/narrative.js';
import { cdaLetter, strictParser } from './helpers.js';

const parser = strictParser();

const read = (xml: string): DischargeLetterView => readCdaLetter(xml, { domParser: parser });

/** A body section (LOINC `code`, optional template) with its narrative and entries. */
function section(code: string, text: string, entries = '', more = ''): string {
  return `<component><section>
    ${more}
    <code code="${code}" codeSystem="2.16.840.1.113883.6.1"/>
    <title>Section ${code}</title>
    <text>${text}</text>
    ${entries}
  </section></component>`;
}

/** A medication entry pointing to the narrative element `ref`, with optional extra content. */
function medication(ref: string, name: string, extra = ''): string {
  return `<entry><substanceAdministration classCode="SBADM" moodCode="EVN">
    <text><reference value="#${ref}"/></text>
    ${extra}
    <consumable><manufacturedProduct><manufacturedMaterial>
      <name>${name}</name>
    </manufacturedMaterial></manufacturedProduct></consumable>
  </substanceAdministration></entry>`;
}

/** The discharge treatments of a letter whose only section is a 10183-2 one. */
function treatments(text: string, entries: string): Treatment[] {
  return (
    read(cdaLetter(section('10183-2', text, entries))).essentials.dischargeTreatments?.items ?? []
  );
}

describe('CDA treatments: the "Statut" column', () => {
  const statuses = [
    ['Inchangé', 'continued'],
    ['Non modifié', 'continued'],
    ['Sans changement', 'continued'],
    ['Pas de changement', 'continued'],
    ['  INCHANGE ', 'continued'],
    ['Non arrêté', undefined],
    ['Poursuivi, arrêt prévu le 10/12', 'continued'],
    ['Traitement à adapter selon la fonction rénale', undefined],
    ['Arrêté', 'stopped'],
    ['Modifié (75 → 100 mg)', 'modified'],
    ['Nouveau', 'new'],
    ['Poursuivi', 'continued'],
  ] as const;
  const rows = statuses
    .map(([text], i) => `<tr ID="r${i}"><td>Produit ${i}</td><td>${text}</td></tr>`)
    .join('');
  const table = `<table><thead><tr><th>Médicament</th><th>Statut</th></tr></thead><tbody>${rows}</tbody></table>`;
  const items = treatments(
    table,
    statuses.map((_, i) => medication(`r${i}`, `Produit ${i}`)).join(''),
  );

  it.each(statuses.map(([text, status], i) => [text, status, i] as const))(
    'reads "%s" as %s',
    (_text, status, i) => {
      expect(items[i]?.status).toBe(status);
    },
  );
});

describe('CDA treatments: columns of a table with rowspan and colspan', () => {
  const table = `<table>
    <thead><tr><th>Date</th><th>Médicament</th><th>Posologie</th><th>Voie</th><th>Durée</th></tr></thead>
    <tbody>
      <tr ID="m1"><td rowspan="2">10/01/2024</td><td>DOLIPRANE 1 g</td><td>1 comprimé</td><td>orale</td><td>5 jours</td></tr>
      <tr ID="m2"><td>KARDEGIC 75 mg</td><td>1 sachet</td><td>orale</td><td>au long cours</td></tr>
      <tr ID="m3"><td>11/01/2024</td><td colspan="2">LOVENOX 4000 UI</td><td>sous-cutanée</td><td>10 jours</td></tr>
    </tbody></table>`;
  const items = treatments(
    table,
    medication('m1', 'DOLIPRANE 1 g') +
      medication('m2', 'KARDEGIC 75 mg') +
      medication('m3', 'LOVENOX 4000 UI'),
  );

  it('reads the row under a rowspan cell by its real columns', () => {
    expect(items[1]).toMatchObject({
      dose: '1 sachet',
      route: 'orale',
      duration: 'au long cours',
      text: 'KARDEGIC 75 mg | 1 sachet | orale | au long cours',
    });
  });

  it('keeps the first row and a colspan row in their columns', () => {
    expect(items[0]).toMatchObject({ dose: '1 comprimé', route: 'orale', duration: '5 jours' });
    expect(items[2]).toMatchObject({ route: 'sous-cutanée', duration: '10 jours' });
    expect(items[2]?.dose).toBeUndefined();
  });
});

describe('CDA treatments: doses', () => {
  it('reads an "as needed" precondition into the frequency, as the FHIR reader words asNeeded', () => {
    const precondition = (criterion: string) =>
      `<precondition typeCode="PRCN"><criterion>${criterion}</criterion></precondition>`;
    const items = treatments(
      '<paragraph ID="p1">Paracétamol</paragraph><paragraph ID="p2">Tramadol</paragraph><paragraph ID="p3">Ibuprofène</paragraph>',
      medication(
        'p1',
        'DOLIPRANE 1 g',
        `<effectiveTime xsi:type="PIVL_TS" institutionSpecified="true"><period value="6" unit="h"/></effectiveTime>${precondition('<text>si douleur</text>')}`,
      ) +
        medication('p2', 'TRAMADOL 50 mg', precondition('<text>douleur intense</text>')) +
        medication('p3', 'IBUPROFENE 400 mg', precondition('')),
    );
    expect(items.map((t) => t.frequency)).toEqual([
      'toutes les 6 h, si douleur',
      'si besoin (douleur intense)',
      'si besoin',
    ]);
  });

  it('keeps the unit of each end of a dose range when they differ', () => {
    const dose = (low: string, high: string) =>
      `<doseQuantity><low ${low}/><high ${high}/></doseQuantity>`;
    const items = treatments(
      '<paragraph ID="p1">Paracétamol</paragraph><paragraph ID="p2">Lasilix</paragraph>',
      medication('p1', 'PARACETAMOL', dose('value="500" unit="mg"', 'value="1" unit="g"')) +
        medication('p2', 'LASILIX', dose('value="1" unit="{tbl}"', 'value="2" unit="{tbl}"')),
    );
    expect(items.map((t) => t.dose)).toEqual(['500 mg à 1 g', '1 à 2 comprimés']);
  });
});

describe('CDA header', () => {
  const custodian = `<custodian><assignedCustodian><representedCustodianOrganization>
      <id root="1.2.250.1.71.4.2.2" extension="1750000001"/>
      <name>CHU Test</name>
      <telecom value="tel:+33 1 23 45 67 89"/><telecom value="mailto:contact@chu.test"/><telecom value="TEL:0102030405"/>
    </representedCustodianOrganization></assignedCustodian></custodian>`;
  const author = `<author><time value="20240102"/><assignedAuthor>
      <id root="1.2.250.1.71.4.2.1" extension="810001234567"/>
      <assignedPerson><name><given>Marie</given><family>DOC</family></name></assignedPerson>
      <representedOrganization><name>Service de cardiologie</name><telecom value="tel:0400000000"/></representedOrganization>
    </assignedAuthor></author>`;

  it("reads the phones of the custodian and of the author's organisation", () => {
    const { header } = read(cdaLetter(section('42349-1', 'Motif'), author + custodian));
    expect(header.facility?.phones).toEqual(['+33 1 23 45 67 89', '0102030405']);
    expect(header.author?.organization?.phones).toEqual(['0400000000']);
  });

  it('names a GP whose name and id are unknown (nullFlavor) as missing', () => {
    const gp = `<participant typeCode="INF"><functionCode code="PCP" codeSystem="2.16.840.1.113883.5.88"/>
      <associatedEntity classCode="PROV"><id nullFlavor="UNK"/>
        <associatedPerson><name nullFlavor="UNK"/></associatedPerson></associatedEntity></participant>`;
    expect(read(cdaLetter(section('42349-1', 'Motif'), gp)).missing).toContain(
      'general-practitioner',
    );
    const named = gp.replace('<name nullFlavor="UNK"/>', '<name><family>MARTIN</family></name>');
    expect(read(cdaLetter(section('42349-1', 'Motif'), named)).missing).not.toContain(
      'general-practitioner',
    );
  });
});

describe('CDA sections', () => {
  it('keeps the sub-sections of a key section', () => {
    const sub = section('18776-5x', '<paragraph>Bas de contention classe 2</paragraph>').replace(
      '<title>Section 18776-5x</title>',
      '<title>Traitements non médicamenteux</title>',
    );
    const view = read(
      cdaLetter(
        section(
          '10183-2',
          '<paragraph ID="p1">Kardegic</paragraph>',
          medication('p1', 'KARDEGIC'),
          sub,
        ) + section('42349-1', 'Motif', '', sub.replace('Bas de contention', 'Régime')),
      ),
    );
    expect(view.essentials.dischargeTreatments?.items.map((t) => t.name)).toEqual(['KARDEGIC']);
    expect(view.sections.map((s) => [s.title, JSON.stringify(s.narrative)])).toEqual([
      ['Traitements non médicamenteux', expect.stringContaining('Bas de contention classe 2')],
      ['Traitements non médicamenteux', expect.stringContaining('Régime classe 2')],
    ]);
  });

  it('lists each line of a pending-results paragraph as one result', () => {
    const pending = section(
      '11493-4',
      '<paragraph>Anatomopathologie du polype<br/>Sérologie VHC<br/>\n  Dosage de la vitamine D<br/></paragraph>',
      '',
      '<templateId root="1.3.6.1.4.1.19376.1.5.3.1.3.27"/>',
    );
    expect(read(cdaLetter(pending)).essentials.pendingResults?.items).toEqual([
      { text: 'Anatomopathologie du polype' },
      { text: 'Sérologie VHC' },
      { text: 'Dosage de la vitamine D' },
    ]);
  });
});

describe('CDA letters of a large size', () => {
  it('merges many adjacent text pieces in linear time', () => {
    const narrative = (n: number) => {
      const doc = parser.parseFromString(
        `<text xmlns="urn:hl7-org:v3"><paragraph>${'<content>ab </content>'.repeat(n)}</paragraph></text>`,
        'application/xml',
      );
      const started = performance.now();
      const text = doc.documentElement;
      if (!text) throw new Error('not parsed');
      const nodes = narrativeFromCda(text, 'urn:hl7-org:v3', []);
      return { nodes, ms: performance.now() - started };
    };
    narrative(2_000); // warm-up
    const small = narrative(5_000);
    const large = narrative(60_000);
    expect(large.nodes).toEqual([
      { kind: 'paragraph', children: [{ kind: 'text', text: 'ab '.repeat(60_000).trimEnd() }] },
    ]);
    // Twelve times the input: about twelve times the time when linear, 144 times when quadratic
    // (60,000 pieces took about 6 s, 5,000 about 0.1 s, before the merge was linear).
    expect(large.ms).toBeLessThan(Math.max(small.ms * 24, 1_000));
  });

  it('reads a table of 150,000 rows', () => {
    const rows = '<tr><td>x</td></tr>'.repeat(150_000);
    const view = read(cdaLetter(section('30954-2', `<table><tbody>${rows}</tbody></table>`)));
    const table = view.sections[0]?.narrative[0];
    expect(table?.kind === 'table' ? table.body.length : 0).toBe(150_000);
  });
});
