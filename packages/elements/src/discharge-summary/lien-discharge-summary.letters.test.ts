/**
 * Real letters through the element: the ANS LDL-SES examples (shared fixtures, skipped visibly
 * when absent), the project's letters (CDA, FHIR, PDF), and broken documents.
 */
import type { LetterContent } from '@lien/client';
import type { DischargeLetterView } from '@lien/client/letters';
import { readCdaLetter } from '@lien/client/letters';
import { expect, fixture, html } from '@open-wc/testing';
import { q, qa } from '../testing/fake-client.js';
import {
  letterSummary,
  lettersClient,
  projectLetter,
  settled,
  sharedFixture,
} from '../testing/letters.js';
import './define.js';
import type { LienDischargeSummary } from './lien-discharge-summary.js';

const $ = (el: Element, selector: string) => q(el.shadowRoot, selector);
const $$ = (el: Element, selector: string) => qa(el.shadowRoot, selector);
const none = (el: Element, selector: string) => el.shadowRoot?.querySelector(selector) ?? null;
const text = (node: Element) => (node.textContent ?? '').replace(/\s+/g, ' ').trim();
const squash = (value: string) => value.replace(/\s+/g, ' ').trim();

async function render(content: LetterContent): Promise<LienDischargeSummary> {
  const el = await fixture<LienDischargeSummary>(
    html`<lien-discharge-summary lang="fr" .content=${content}></lien-discharge-summary>`,
  );
  await settled(el);
  return el;
}

/**
 * Checks that every essential item of the view the reader produced is on screen, in its block:
 * reason, each treatment at discharge, each stopped treatment with its reason, each pending
 * result, each follow-up item, the facility and the stay dates.
 */
function expectEveryEssential(el: LienDischargeSummary, view: DischargeLetterView): void {
  const e = view.essentials;
  expect(e.reason, 'the reader found a reason').to.not.equal(undefined);
  expect(text($(el, '[part~="reason"]'))).to.contain(squash(e.reason?.text ?? '').slice(0, 30));
  const discharge = $(el, '[part~="discharge-treatments"]');
  expect(e.dischargeTreatments?.items.length).to.be.greaterThan(0);
  for (const item of e.dischargeTreatments?.items ?? []) {
    expect(text(discharge), item.name).to.contain(squash(item.name));
  }
  const stopped = $(el, '[part~="stopped-treatments"]');
  expect(e.stoppedTreatments?.items.length).to.be.greaterThan(0);
  for (const item of e.stoppedTreatments?.items ?? []) {
    const row = qa(stopped, 'tbody tr').find((r) => text(r).includes(squash(item.name)));
    expect(row, item.name).to.not.equal(undefined);
    if (item.reason) expect(text(row as Element)).to.contain(squash(item.reason));
  }
  const pending = $(el, '[part~="pending-results"] .alert');
  expect(e.pendingResults?.items.length).to.be.greaterThan(0);
  for (const item of e.pendingResults?.items ?? []) {
    expect(text(pending)).to.contain(squash(item.text));
  }
  const followUp = $(el, '[part~="follow-up"]');
  expect(e.followUp?.items.length).to.be.greaterThan(0);
  for (const item of e.followUp?.items ?? []) {
    expect(text(followUp)).to.contain(squash(item.text));
  }
  expect(text($(el, '[part~="facility"]'))).to.contain(view.header.facility?.name ?? '—');
}

describe('<lien-discharge-summary> with real letters', () => {
  describe('ANS examples (shared fixtures)', () => {
    it('renders every essential item of LDL-SES 2022.01 (needs shared fixture cda/LDL-SES_2022.01.xml)', async function () {
      const xml = await sharedFixture(this, 'cda/LDL-SES_2022.01.xml');
      const el = await render({ type: 'cda', xml });
      expectEveryEssential(el, readCdaLetter(xml));
      const header = text($(el, '[part~="header"]'));
      expect(text($(el, '[part~="facility"]'))).to.equal(
        'Hôpital Européen Georges Pompidou — Service de Cardiologie',
      );
      expect(header).to.contain('Séjour 29 oct. – 3 déc. 2019 (35 jours)');
      expect(header).to.contain('Mode d’entrée Transfert');
      expect(header).to.contain('Médecin traitant Dr Stéphane MEDIONI');
      expect(text($(el, '[part~="reason"]'))).to.contain('Episode psychotique – cachexie/anorexie');
      const leponex = $$(el, '[part~="discharge-treatments"] tbody tr')[0] as Element;
      expect(text(leponex)).to.contain('LEPONEX 100 mg');
      expect(text(q(leponex, '[part~="badge"]'))).to.equal('Nouveau');
      expect(text($(el, '[part~="stopped-treatments"] tbody'))).to.contain(
        'SOLIAN 100 mg 1 comprimé, 1 fois par jour, prendre par la bouche',
      );
      expect(text($(el, '[part~="stopped-treatments"] tbody'))).to.contain(
        'arrêt suite à analyses médicales',
      );
      expect(text($(el, '[part~="pending-results"]'))).to.contain('Echographie attendue');
      expect(text($(el, '[part~="follow-up"]'))).to.contain(
        'Rendez-vous Médecin traitant 5 déc. 2019',
      );
      expect(none(el, '[part~="missing"]')).to.equal(null);
    });

    it('renders every essential item of LDL-SES 2020.01 (needs shared fixture cda/LDL-SES_2020.01.xml)', async function () {
      const xml = await sharedFixture(this, 'cda/LDL-SES_2020.01.xml');
      const el = await render({ type: 'cda', xml });
      expectEveryEssential(el, readCdaLetter(xml));
      expect(text($(el, '[part~="header"]'))).to.contain('Séjour 29 oct. – 3 déc. 2019 (35 jours)');
      expect(text($(el, '[part~="stopped-treatments"]'))).to.contain(
        'arrêt suite à analyses médicales',
      );
    });

    it('shows the ANS example’s reading warnings, translated (needs shared fixture cda/LDL-SES_2022.01.xml)', async function () {
      const xml = await sharedFixture(this, 'cda/LDL-SES_2022.01.xml');
      const el = await render({ type: 'cda', xml });
      expect(qa($(el, '[part~="warnings"]'), 'li').map(text)).to.deep.equal([
        'Certaines dates du courrier ne concordent pas avec celles du séjour.',
        'Des données structurées renvoient à un texte absent du courrier.',
      ]);
    });

    it('is accessible with the ANS example, every section open (needs shared fixture cda/LDL-SES_2022.01.xml)', async function () {
      const xml = await sharedFixture(this, 'cda/LDL-SES_2022.01.xml');
      const el = await render({ type: 'cda', xml });
      for (const details of $$(el, 'details')) (details as HTMLDetailsElement).open = true;
      await expect(el).to.be.accessible();
    });
  });

  describe('project letters', () => {
    it('renders every essential of the complete CDA letter, with new, modified and continued badges', async () => {
      const xml = await (await projectLetter('ldl-ses-demo-1.cda.xml')).text();
      const el = await render({ type: 'cda', xml });
      expectEveryEssential(el, readCdaLetter(xml));
      const badges = $$(el, '[part~="discharge-treatments"] [part~="badge"]').map(text);
      expect(badges).to.deep.equal([
        'Modifié',
        'Nouveau',
        'Nouveau',
        'Poursuivi',
        'Poursuivi',
        'Nouveau',
      ]);
      // The letter's own text of the follow-up keeps its https link (not in the entries).
      const link = $(el, '[part~="follow-up"] [part~="as-written"] a[href^="https://"]');
      expect(link.getAttribute('rel')).to.equal('noopener noreferrer');
      expect(link.getAttribute('target')).to.equal('_blank');
    });

    it('shows the short CDA letter’s missing stopped treatments and pending results as absent', async () => {
      const xml = await (await projectLetter('ldl-ses-demo-2.cda.xml')).text();
      const el = await render({ type: 'cda', xml });
      expect(text($(el, '[part~="missing"]'))).to.contain(
        'traitements arrêtés et résultats en attente',
      );
      expect(text($(el, '[part~="stopped-treatments"]'))).to.contain(
        'Non renseigné dans le courrier',
      );
      expect(text($(el, '[part~="pending-results"]'))).to.contain('Non renseigné dans le courrier');
      expect(text($(el, '[part~="header"]'))).to.contain('Médecin adresseur Dr Paul RICHARD');
      // The narrative-only follow-up is shown as the letter writes it.
      expect(text($(el, '[part~="follow-up"]'))).to.contain(
        'Radiographie thoracique de contrôle à 6 semaines.',
      );
      await expect(el).to.be.accessible();
    });

    it('renders the FHIR (HL7 Europe HDR) letter: treatments, stopped with reason, pending results, follow-up', async () => {
      const bundle = (await (await projectLetter('hdr-demo-1.bundle.json')).json()) as object;
      const el = await render({ type: 'fhir', bundle });
      expect(text($(el, '[part~="facility"]'))).to.equal(
        'Centre hospitalier de Fourvière — Médecine polyvalente',
      );
      expect(text($(el, '[part~="discharge-treatments"] tbody'))).to.contain('PREDNISOLONE 20 mg');
      expect(text($(el, '[part~="stopped-treatments"] tbody'))).to.contain(
        'ZOLPIDEM 10 mg 1 comprimé, au coucher, Voie orale',
      );
      expect(text($(el, '[part~="stopped-treatments"] tbody'))).to.contain(
        'Risque de dépression respiratoire ; ne pas reprendre',
      );
      expect(qa($(el, '[part~="pending-results"]'), 'li')).to.have.length(2);
      expect(text($(el, '[part~="follow-up"]'))).to.contain('15 avr. 2025, 10:30');
      const open = $(el, '[part~="header"] [part~="original-link"] a');
      expect(text(open)).to.contain('Ouvrir le document original (JSON)');
      // The Composition's status is a code: labelled in the reader's language, never shown raw.
      expect(text($(el, '[part~="facts"]'))).to.contain('Statut du document Validé');
      expect(text($(el, '[part~="facts"]'))).not.to.contain('final');
      el.lang = 'en';
      await settled(el);
      expect(text($(el, '[part~="facts"]'))).to.contain('Document status Final');
      await expect(el).to.be.accessible();
    });

    it('shows the PDF-only letter with its note, and opens the PDF itself (as application/pdf)', async () => {
      const blob = await (await projectLetter('pdf-only-demo-1.pdf')).blob();
      const el = await render({ type: 'pdf', blob: new Blob([blob], { type: 'text/html' }) });
      expect(text($(el, '[part~="pdf-note"]'))).to.contain('Courrier au format PDF (1 page)');
      const open = $(el, '[part~="pdf-note"] a[target="_blank"]');
      const href = open.getAttribute('href') ?? '';
      expect(href).to.match(/^blob:/);
      // Whatever type the server sent, the link is a PDF (never a page of the host's origin).
      expect((await fetch(href)).headers.get('content-type')).to.equal('application/pdf');
      expect(text($(el, '[part~="section"]'))).to.contain('Texte extrait du PDF');
      await expect(el).to.be.accessible();
    });
  });

  describe('PDF-only letter from the server', () => {
    it('completes its header with what the server’s index says: facility, date, stay, author', async () => {
      const blob = await (await projectLetter('pdf-only-demo-1.pdf')).blob();
      const summary = letterSummary({
        format: 'pdf',
        facility: 'Clinique des Cèdres',
        date: '2025-06-05T09:00:00+02:00',
        period: { start: '2025-06-02', end: '2025-06-04' },
        author: 'Dr Anne LEROY',
      });
      const el = await fixture<LienDischargeSummary>(
        html`<lien-discharge-summary
          lang="fr"
          patient="Patient/1"
          .client=${lettersClient([{ summary, content: { type: 'pdf', blob } }])}
        ></lien-discharge-summary>`,
      );
      await settled(el);
      expect(text($(el, '[part~="facility"]'))).to.equal('Clinique des Cèdres');
      expect(text($(el, '[part~="letter-title"]'))).to.equal(
        'Lettre de liaison - Inès HADDAD (démonstration)',
      );
      const header = text($(el, '[part~="header"]'));
      expect(header).to.contain('2–4 juin 2025');
      expect(header).to.contain('Dr Anne LEROY');
      expect(text($(el, '[part~="pdf-note"]'))).to.contain('Courrier au format PDF');
      await expect(el).to.be.accessible();
    });
  });

  describe('broken documents', () => {
    const cases: [string, LetterContent, string][] = [
      ['not XML', { type: 'cda', xml: 'Bonjour, voici le courrier.' }, 'n’est pas un document XML'],
      [
        'not well-formed XML',
        { type: 'cda', xml: '<ClinicalDocument><title>x</ClinicalDocument>' },
        'mal formé',
      ],
      [
        'an XML that is not a CDA',
        { type: 'cda', xml: '<html><body>x</body></html>' },
        'n’est pas un document CDA',
      ],
      [
        'a CDA declaring entities',
        {
          type: 'cda',
          xml: '<!DOCTYPE x [<!ENTITY a "b">]><ClinicalDocument xmlns="urn:hl7-org:v3">&a;</ClinicalDocument>',
        },
        'refusées pour des raisons de sécurité',
      ],
      [
        'a FHIR Bundle that is not a document',
        { type: 'fhir', bundle: { resourceType: 'Bundle', type: 'searchset' } },
        'n’est pas un document',
      ],
      [
        'a PDF that is not a PDF',
        { type: 'pdf', blob: new Blob(['<html>x</html>']) },
        'n’est pas un PDF',
      ],
    ];
    for (const [label, content, reason] of cases) {
      it(`names why ${label} cannot be read`, async () => {
        const el = await render(content);
        const unreadable = $(el, '[part~="unreadable"]');
        expect(unreadable.getAttribute('role')).to.equal('alert');
        expect(text(unreadable)).to.contain('Ce courrier ne peut pas être lu');
        expect(text(unreadable)).to.contain(reason);
      });
    }

    it('offers the original document of an unreadable letter, as plain text', async () => {
      const el = await render({
        type: 'cda',
        xml: '<ClinicalDocument><title>x</ClinicalDocument>',
      });
      const link = $(el, '[part~="unreadable"] [part~="original-link"] a');
      expect((await fetch(link.getAttribute('href') ?? '')).headers.get('content-type')).to.equal(
        'text/plain;charset=utf-8',
      );
      await expect(el).to.be.accessible();
    });

    it('fires lien-letter-error with the reason', async () => {
      const el = document.createElement('lien-discharge-summary');
      const reasons: (string | undefined)[] = [];
      el.addEventListener('lien-letter-error', (e) => reasons.push(e.detail.reason));
      el.content = { type: 'cda', xml: 'pas du XML' };
      document.body.append(el);
      try {
        await settled(el);
        expect(reasons).to.deep.equal(['not-xml']);
      } finally {
        el.remove();
      }
    });

    it('shows a CDA without sections as a partial letter naming every missing item', async () => {
      const xml = `<?xml version="1.0" encoding="UTF-8"?>
<ClinicalDocument xmlns="urn:hl7-org:v3">
  <templateId root="1.2.250.1.213.1.1.1.29" extension="2022.01"/>
  <id root="1.2.3"/><code code="11490-0" codeSystem="2.16.840.1.113883.6.1"/>
  <title>Courrier tronqué</title><effectiveTime value="20250101"/>
  <recordTarget><patientRole><id root="1.2.250.1.213.1.4.10" extension="251036912338151"/>
    <patient><name><given>Marie</given><family>DURAND</family></name></patient></patientRole></recordTarget>
  <component><structuredBody></structuredBody></component>
</ClinicalDocument>`;
      const el = await render({ type: 'cda', xml });
      const missing = text($(el, '[part~="missing"]'));
      for (const item of [
        'motif d’hospitalisation',
        'traitements à la sortie',
        'suites à donner',
        'date d’entrée',
      ]) {
        expect(missing).to.contain(item);
      }
      expect(text($(el, '[part~="reason"]'))).to.contain('Non renseigné dans le courrier');
      expect(text($(el, '[part~="discharge-treatments"]'))).to.contain(
        'Non renseigné dans le courrier',
      );
      expect(text($(el, '[part~="header"]'))).to.contain(
        'Entrée le Non renseigné dans le courrier',
      );
      expect(text($(el, '[part~="sections"]'))).to.contain(
        'Synthèse médicale du séjour Non renseigné dans le courrier',
      );
      await expect(el).to.be.accessible();
    });
  });
});
