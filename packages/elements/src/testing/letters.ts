/**
 * Discharge letters for tests and stories: a complete view model, a partial one, a PDF-only one,
 * letter summaries, a fake client serving letters, and a hostile (XSS) corpus in CDA and FHIR.
 * Everything is fictitious. Not part of the published build.
 */
import type { LetterContent, LetterSummary, LienDomainApi } from '@lien/client';
import type {
  DischargeLetterView,
  LetterProfessional,
  LetterSectionRef,
  NarrativeNode,
} from '@lien/client/letters';
import { fakeClient } from './fake-client.js';

const text = (value: string): NarrativeNode => ({ kind: 'text', text: value });
const paragraph = (value: string): NarrativeNode => ({
  kind: 'paragraph',
  children: [text(value)],
});

const section = (
  kind: LetterSectionRef['kind'],
  code: string,
  title: string,
): LetterSectionRef => ({
  kind,
  code,
  templateIds: [],
  title,
});

const doctor = (
  given: string,
  family: string,
  organization: string,
  specialty?: string,
): LetterProfessional => ({
  name: { text: `${given} ${family}`, given, family, suffix: 'DR' },
  ...(specialty
    ? {
        specialty: {
          code: 'SM',
          system:
            'https://mos.esante.gouv.fr/NOS/TRE_R38-SpecialiteOrdinale/FHIR/TRE-R38-SpecialiteOrdinale',
          display: specialty,
        },
      }
    : {}),
  organization: { name: organization, identifiers: [] },
  phones: [],
});

/** A complete, realistic letter view (cardiology stay), every block structured. */
export function sampleLetter(): DischargeLetterView {
  return {
    source: 'cda',
    header: {
      title: 'Lettre de liaison à la sortie — Cardiologie',
      model: 'LDL-SES 2022.01',
      documentDate: '2025-05-22T16:45:00+02:00',
      documentStatus: { text: 'Validé' },
      patient: {
        name: { text: 'MARIE DURAND', given: 'MARIE', family: 'DURAND' },
        ins: {
          value: '251036912338151',
          system: 'urn:oid:1.2.250.1.213.1.4.10',
          kind: 'INS-NIR',
          test: true,
        },
        identifiers: [],
        birthDate: '1951-03-12',
        sex: 'female',
      },
      facility: {
        name: 'Centre hospitalier universitaire Lyon-Sud',
        finess: '690784152',
        identifiers: [],
      },
      unit: 'Service de cardiologie',
      author: doctor('Hélène', 'VASSEUR', 'CHU Lyon-Sud', 'Cardiologie'),
      generalPractitioner: doctor(
        'Paul',
        'GIRAUD',
        'Cabinet médical de la Croix-Rousse',
        'Médecine générale',
      ),
      recipients: [],
      admissionDate: '2025-05-12T14:20:00+02:00',
      dischargeDate: '2025-05-22T11:00:00+02:00',
      lengthOfStayDays: 10,
      admissionMode: { text: '12/05/2025, par les urgences' },
      dischargeMode: { text: '22/05/2025, retour à domicile' },
    },
    essentials: {
      reason: {
        section: section('reason', '42349-1', 'Motif de l’hospitalisation'),
        narrative: [
          paragraph('Insuffisance cardiaque décompensée sur fibrillation atriale rapide.'),
        ],
        text: 'Insuffisance cardiaque décompensée sur fibrillation atriale rapide.',
        codes: [],
      },
      dischargeTreatments: {
        section: section('discharge-treatments', '10183-2', 'Traitements à la sortie'),
        narrative: [paragraph('Le traitement habituel est poursuivi sans autre changement.')],
        structured: true,
        items: [
          {
            name: 'FUROSEMIDE 40 mg',
            translations: [],
            dose: '1 comprimé',
            frequency: 'le matin',
            route: 'voie orale',
            start: '2025-05-19',
            status: 'modified',
            comment: 'Dose augmentée (20 → 40 mg)',
          },
          {
            name: 'ELIQUIS 5 mg',
            translations: [],
            dose: '1 comprimé',
            frequency: '2 fois par jour',
            route: 'voie orale',
            start: '2025-05-13',
            status: 'new',
            reason: 'Fibrillation atriale',
          },
          {
            name: 'RAMIPRIL 5 mg',
            translations: [],
            dose: '1 gélule',
            frequency: '1 fois par jour',
            start: '2021-02',
            status: 'continued',
          },
          {
            name: 'DIFFU-K 600 mg',
            translations: [],
            dose: '1 gélule',
            frequency: '1 fois par jour',
            duration: '1 mois',
            status: 'new',
          },
        ],
      },
      stoppedTreatments: {
        section: section('stopped-treatments', '18610-6', 'Traitements arrêtés'),
        narrative: [],
        structured: true,
        items: [
          {
            name: 'LASILIX 20 mg',
            translations: [],
            dose: '1 comprimé',
            start: '2023-03',
            end: '2025-05-12',
            status: 'stopped',
            reason: 'Dose insuffisante : remplacé par furosémide 40 mg',
          },
          {
            name: 'KARDEGIC 75 mg',
            translations: [],
            end: '2025-05-13',
            status: 'stopped',
            reason: 'Risque hémorragique avec l’anticoagulant',
          },
        ],
      },
      pendingResults: {
        section: section('pending-results', '30954-2', 'Résultats en attente'),
        narrative: [],
        structured: true,
        items: [
          { text: 'Holter ECG des 24 h : compte rendu attendu', date: '2025-05-27' },
          { text: 'TSH prélevée le 21/05/2025' },
        ],
      },
      followUp: {
        section: section('follow-up', '18776-5', 'Suites à donner'),
        narrative: [],
        structured: true,
        items: [
          { kind: 'exam', text: 'Ionogramme sanguin et créatininémie à J7', date: '2025-05-29' },
          {
            kind: 'appointment',
            text: 'Consultation de cardiologie (Dr LEMAIRE)',
            date: '2025-06-24T09:30:00+02:00',
          },
          { kind: 'recommendation', text: 'Pesée quotidienne', priority: 'Important' },
        ],
      },
    },
    sections: [
      {
        ...section('synthesis', '42545-4', 'Synthèse médicale du séjour'),
        narrative: [paragraph('Évolution favorable sous diurétiques ; retour en rythme sinusal.')],
        observations: [
          {
            code: {
              code: 'MED-145',
              system: 'urn:oid:1.2.250.1.213.1.1.4.322',
              display: 'Transfusion de produits sanguins',
            },
            valueBoolean: false,
          },
        ],
        subsections: [],
      },
      {
        ...section('allergies', '48765-2', 'Allergies'),
        narrative: [paragraph('Aucune allergie connue.')],
        observations: [],
        subsections: [],
      },
    ],
    missing: [],
    warnings: [],
  };
}

/** A letter lacking mandatory items: no GP, no stopped treatments, no pending results. */
export function partialLetter(): DischargeLetterView {
  const view = sampleLetter();
  delete view.header.generalPractitioner;
  delete view.essentials.stoppedTreatments;
  delete view.essentials.pendingResults;
  view.missing = ['general-practitioner', 'stopped-treatments', 'pending-results'];
  view.warnings = [
    { code: 'encoding-repaired', message: 'Mojibake repaired.' },
    { code: 'inconsistent-dates', message: 'Dates differ.' },
  ];
  return view;
}

/** A letter that exists only as a PDF (given by URL). */
export function pdfLetter(
  url = 'https://lien.test/letters/pdf-only-demo-1.pdf',
): DischargeLetterView {
  return {
    source: 'pdf',
    header: { title: 'Lettre de liaison — Chirurgie digestive', model: 'PDF', recipients: [] },
    essentials: {},
    sections: [
      {
        kind: 'other',
        templateIds: [],
        narrative: [paragraph('Appendicectomie sous cœlioscopie le 02/06/2025. Suites simples.')],
        observations: [],
        subsections: [],
      },
    ],
    missing: [],
    warnings: [{ code: 'unstructured', message: 'PDF' }],
    pdf: { url, pageCount: 1, version: '1.4' },
  };
}

let counter = 0;

/** A letter summary (one DocumentReference) with defaults. */
export function letterSummary(overrides: Partial<LetterSummary> = {}): LetterSummary {
  counter += 1;
  return {
    reference: `DocumentReference/letter-${counter}`,
    date: '2025-05-22T16:45:00+02:00',
    facility: 'Centre hospitalier universitaire Lyon-Sud',
    format: 'cda',
    ...overrides,
  };
}

/** A fake client listing `letters` for any patient and serving each one's content. */
export function lettersClient(
  letters: { summary: LetterSummary; content: LetterContent }[],
  overrides: Partial<LienDomainApi> = {},
): LienDomainApi {
  return fakeClient({
    listDischargeLetters: async () => letters.map((l) => l.summary),
    getLetter: async (reference) => {
      const found = letters.find((l) => l.summary.reference === reference);
      if (!found) throw new Error(`No letter ${reference} in this test`);
      return found.content;
    },
    ...overrides,
  });
}

// --- Hostile corpus ------------------------------------------------------------------------

const XHTML = 'xmlns="http://www.w3.org/1999/xhtml"';

/**
 * CDA narrative payloads: script (any case, XHTML namespace), on* handlers, javascript:/data:
 * links (plain, split by an encoded tab, entity-encoded), SVG and MathML with scripts, img,
 * iframe, encoded and double-encoded markup, CDATA, an injected colspan, a style element.
 * Each tries to set `window.__lienXss`.
 */
export const CDA_XSS_NARRATIVE = [
  '<paragraph>Avant<script>window.__lienXss = 1</script>après</paragraph>',
  '<SCRIPT>window.__lienXss = 2</SCRIPT>',
  '<paragraph onclick="window.__lienXss = 3" style="color:red"><content styleCode="Bold" onmouseover="window.__lienXss = 3">gras</content></paragraph>',
  '<linkHtml href="javascript:window.__lienXss = 4">lien javascript</linkHtml>',
  '<linkHtml href="java&#x09;script:window.__lienXss = 5">lien tabulé</linkHtml>',
  '<linkHtml href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;window.__lienXss=6">lien encodé</linkHtml>',
  '<linkHtml href="data:text/html,&lt;script&gt;window.__lienXss = 7&lt;/script&gt;">lien data</linkHtml>',
  '<linkHtml href="https://example.org/&quot;onmouseover=&quot;window.__lienXss=8">lien sûr</linkHtml>',
  '<svg xmlns="http://www.w3.org/2000/svg" onload="window.__lienXss = 9"><script>window.__lienXss = 9</script><text>graphique</text></svg>',
  `<img ${XHTML} src="x" onerror="window.__lienXss = 10"/>`,
  `<iframe ${XHTML} srcdoc="&lt;script&gt;parent.__lienXss = 11&lt;/script&gt;"/>`,
  '<h:script xmlns:h="http://www.w3.org/1999/xhtml">window.__lienXss = 12</h:script>',
  '<paragraph>&lt;script&gt;window.__lienXss = 13&lt;/script&gt;</paragraph>',
  '<paragraph>&amp;lt;img src=x onerror=window.__lienXss=14&amp;gt;</paragraph>',
  '<paragraph><![CDATA[<img src=x onerror=window.__lienXss=15>]]></paragraph>',
  '<table><tbody><tr><td colspan="2&quot; onclick=&quot;window.__lienXss = 16">cellule</td></tr></tbody></table>',
  '<math xmlns="http://www.w3.org/1998/Math/MathML"><mtext><script>window.__lienXss = 17</script>m</mtext></math>',
  '<style>*{background:url(javascript:window.__lienXss=18)}</style>',
  '<renderMultiMedia referencedObject="img1"/>',
].join('\n');

const cdaSection = (template: string, code: string, title: string, body: string) => `
    <component><section>
      <templateId root="${template}"/>
      <code code="${code}" codeSystem="2.16.840.1.113883.6.1"/>
      <title>${title}</title>
      <text>${body}</text>
    </section></component>`;

/** An LDL-SES CDA letter whose every narrative carries the XSS corpus, and a hostile drug name. */
export function hostileCda(): string {
  const treatment = `
      <entry><substanceAdministration classCode="SBADM" moodCode="INT">
        <templateId root="1.3.6.1.4.1.19376.1.5.3.1.4.7"/>
        <effectiveTime xsi:type="IVL_TS"><low value="20250101"/></effectiveTime>
        <consumable><manufacturedProduct><manufacturedMaterial>
          <name>&lt;img src=x onerror="window.__lienXss = 20"&gt;DOLIPRANE</name>
        </manufacturedMaterial></manufacturedProduct></consumable>
      </substanceAdministration></entry>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <templateId root="1.2.250.1.213.1.1.1.29" extension="2022.01"/>
  <id root="1.2.3.4" extension="xss"/>
  <code code="11490-0" codeSystem="2.16.840.1.113883.6.1"/>
  <title>&lt;script&gt;window.__lienXss = 21&lt;/script&gt;</title>
  <effectiveTime value="20250522"/>
  <recordTarget><patientRole><id root="1.2.250.1.213.1.4.10" extension="251036912338151"/>
    <patient><name><given>&lt;b onmouseover=x&gt;Jean</given><family>TEST</family></name></patient></patientRole></recordTarget>
  <custodian><assignedCustodian><representedCustodianOrganization>
    <id root="1.2.250.1.71.4.2.2" extension="1690784152"/>
    <name>&lt;svg onload="window.__lienXss = 22"&gt;Hôpital</name>
  </representedCustodianOrganization></assignedCustodian></custodian>
  <component><structuredBody>
    ${cdaSection('1.3.6.1.4.1.19376.1.5.3.1.3.1', '42349-1', 'Motif', CDA_XSS_NARRATIVE)}
    ${cdaSection('1.3.6.1.4.1.19376.1.7.3.1.1.13.7', '42545-4', 'Synthèse', CDA_XSS_NARRATIVE)}
    <component><section>
      <templateId root="1.3.6.1.4.1.19376.1.5.3.1.3.22"/>
      <code code="10183-2" codeSystem="2.16.840.1.113883.6.1"/>
      <title>Traitements</title>
      <text>${CDA_XSS_NARRATIVE}</text>${treatment}
    </section></component>
    ${cdaSection('1.3.6.1.4.1.19376.1.5.3.1.3.27', '30954-2', 'En attente', CDA_XSS_NARRATIVE)}
    ${cdaSection('1.3.6.1.4.1.19376.1.5.3.1.3.36', '18776-5', 'Suites', CDA_XSS_NARRATIVE)}
    ${cdaSection('1.3.6.1.4.1.19376.1.5.3.1.3.13', '48765-2', '&lt;img src=x onerror=window.__lienXss=23&gt;', CDA_XSS_NARRATIVE)}
  </structuredBody></component>
</ClinicalDocument>`;
}

/** XHTML narrative payloads of a FHIR `text.div`. */
export const FHIR_XSS_DIV = `<div ${XHTML}>
  <script>window.__lienXss = 30</script><style>*{}</style>
  <p onclick="window.__lienXss = 31" style="x" class="c"><b onmouseover="window.__lienXss = 31">gras</b></p>
  <a href="javascript:window.__lienXss = 32">clic</a>
  <a href="data:text/html,&lt;script&gt;window.__lienXss = 33&lt;/script&gt;">data</a>
  <a href="https://example.org/ok">lien sûr</a>
  <img src="https://evil.example/track.png" onerror="window.__lienXss = 34" alt="ECG &lt;b onclick=&quot;window.__lienXss = 34&quot;&gt;sinusal&lt;/b&gt;"/>
  <iframe src="javascript:window.__lienXss = 35">i</iframe>
  <form action="https://evil.example"><input value="v"/></form>
  <base href="https://evil.example/"/>
  <svg xmlns="http://www.w3.org/2000/svg" onload="window.__lienXss = 36"><script>window.__lienXss = 36</script></svg>
  <p>&lt;script&gt;window.__lienXss = 37&lt;/script&gt;</p>
  <table><tr><td colspan="2 onclick=window.__lienXss=38">t</td></tr></table>
</div>`;

/** An HL7 Europe HDR document Bundle whose sections and medication carry the XSS corpus. */
export function hostileFhirBundle(): object {
  const id = (n: number) => `urn:uuid:00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const sectionOf = (code: string, title: string, entries: number[] = []) => ({
    title,
    code: { coding: [{ system: 'http://loinc.org', code }] },
    text: { status: 'generated', div: FHIR_XSS_DIV },
    ...(entries.length ? { entry: entries.map((n) => ({ reference: id(n) })) } : {}),
  });
  return {
    resourceType: 'Bundle',
    type: 'document',
    timestamp: '2025-03-14T15:30:00+01:00',
    entry: [
      {
        fullUrl: id(1),
        resource: {
          resourceType: 'Composition',
          status: 'final',
          type: { coding: [{ system: 'http://loinc.org', code: '34105-7' }] },
          subject: { reference: id(2) },
          date: '2025-03-14T15:30:00+01:00',
          title: '<script>window.__lienXss = 39</script>',
          section: [
            sectionOf('42349-1', 'Motif'),
            sectionOf('8648-8', 'Évolution'),
            sectionOf('10183-2', 'Traitements de sortie', [3]),
            sectionOf('18776-5', 'Suites'),
            sectionOf('48765-2', '<img src=x onerror=window.__lienXss=40>'),
          ],
        },
      },
      {
        fullUrl: id(2),
        resource: {
          resourceType: 'Patient',
          identifier: [{ system: 'urn:oid:1.2.250.1.213.1.4.10', value: '146096902911239' }],
          name: [{ family: 'BLANC', given: ['<b onmouseover=x>Gérard'] }],
        },
      },
      {
        fullUrl: id(3),
        resource: {
          resourceType: 'MedicationStatement',
          status: 'active',
          medicationCodeableConcept: {
            text: '<img src=x onerror="window.__lienXss = 41">VENTOLINE',
          },
          subject: { reference: id(2) },
          effectivePeriod: { start: '2025-03-10' },
          dosage: [{ text: '<script>window.__lienXss = 42</script>' }],
        },
      },
    ],
  };
}

// --- Test helpers --------------------------------------------------------------------------

/** Waits until the element shows a letter or a final state (not loading). */
export async function settled(element: HTMLElement & { updateComplete: Promise<boolean> }) {
  const done = () =>
    element.shadowRoot?.querySelector(
      '[part~="base"][aria-busy="false"] :is([part~="header"], [part~="empty"], [part~="error"], [part~="forbidden"], [part~="unreadable"], [part~="unconfigured"])',
    );
  const start = Date.now();
  while (!done()) {
    if (Date.now() - start > 4000) throw new Error('The discharge summary never settled');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await element.updateComplete;
}

/**
 * The text of a shared fixture (`/__fixtures__/…`, served by the test runner from
 * ../shared/fixtures or LIEN_FIXTURES_DIR). When the file is absent the test is skipped, and its
 * title says why.
 */
export async function sharedFixture(test: MochaTestContext, path: string): Promise<string> {
  const response = await fetch(`/__fixtures__/${path}`);
  if (!response.ok) {
    const why = `shared fixture ${path} not found (../shared/fixtures or LIEN_FIXTURES_DIR)`;
    if (test.test) test.test.title += ` — SKIPPED: ${why}`;
    // Printed by the test runner with the browser logs, so the skip is seen.
    console.warn(`Skipped "${test.test?.title ?? path}"`);
    test.skip();
  }
  return response.text();
}

/** A project letter from packages/server/seed/letters (served from the repository root). */
export async function projectLetter(name: string): Promise<Response> {
  const response = await fetch(`/packages/server/seed/letters/${name}`);
  if (!response.ok) throw new Error(`Project letter ${name} not found (${response.status})`);
  return response;
}
