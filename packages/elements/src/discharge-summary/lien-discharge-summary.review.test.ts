import type { DischargeLetterView } from '@lien/client/letters';
import { expect, fixture, html } from '@open-wc/testing';
import { q, qa } from '../testing/fake-client.js';
import { sampleLetter } from '../testing/letters.js';
import './define.js';
import type { LienDischargeSummary } from './lien-discharge-summary.js';

const $ = (el: Element, selector: string) => q(el.shadowRoot, selector);
const $$ = (el: Element, selector: string) => qa(el.shadowRoot, selector);
const text = (node: Element) => (node.textContent ?? '').replace(/\s+/g, ' ').trim();

async function withLetter(letter: DischargeLetterView, lang = 'fr') {
  return fixture<LienDischargeSummary>(
    html`<lien-discharge-summary lang=${lang} .letter=${letter}></lien-discharge-summary>`,
  );
}

describe('<lien-discharge-summary> (review)', () => {
  it('shows the letter’s own dosage text beside the coded parts, and as the dosage without them', async () => {
    const letter = sampleLetter();
    const items = letter.essentials.dischargeTreatments?.items ?? [];
    items[0] = {
      ...items[0]!,
      text: '10 mg toutes les 4 à 6 h si douleur (max 60 mg/j)',
    };
    items[1] = {
      name: 'CEFUROXIME',
      translations: [],
      text: '1500 mg pendant 3 jours ; puis 750 à 1500 mg pendant 4 jours',
    };
    const el = await withLetter(letter);
    const rows = $$(el, '[part~="treatment-table"] tbody tr');
    const dosage = (row: Element | undefined) => text(row!.querySelectorAll('td')[0]!);
    expect(dosage(rows[0])).to.equal(
      '1 comprimé, le matin, voie orale 10 mg toutes les 4 à 6 h si douleur (max 60 mg/j)',
    );
    expect(dosage(rows[1])).to.equal(
      '1500 mg pendant 3 jours ; puis 750 à 1500 mg pendant 4 jours',
    );
    expect(text(rows[0]!.querySelector('[part~="dosage-text"]')!)).to.equal(
      '10 mg toutes les 4 à 6 h si douleur (max 60 mg/j)',
    );
    // The letter's words, marked with the letter's language by their cell.
    expect(rows[0]!.querySelectorAll('td')[0]!.getAttribute('lang')).to.equal('fr');
  });

  it('does not repeat a text that says what the coded parts say', async () => {
    const letter = sampleLetter();
    const items = letter.essentials.dischargeTreatments?.items ?? [];
    items[0] = { ...items[0]!, text: '1 comprimé, le matin, voie orale' };
    const el = await withLetter(letter);
    const row = $$(el, '[part~="treatment-table"] tbody tr')[0]!;
    expect(row.querySelector('[part~="dosage-text"]') === null).to.equal(true);
  });

  it('gives the service’s phones as tel: links, a non-number as text', async () => {
    const letter = sampleLetter();
    letter.header.facility = { ...letter.header.facility!, phones: ['04 72 11 00 00'] };
    letter.header.author = {
      ...letter.header.author!,
      organization: {
        name: 'Cardiologie',
        identifiers: [],
        phones: ['+33 4.72.11.22.33', 'javascript:alert(1)', '04 72 11 00 00'],
      },
    };
    const el = await withLetter(letter);
    const facts = $$(el, '[part~="facts"] .fact').map((f) => text(f));
    expect(facts).to.include(
      'Téléphone du service +33 4.72.11.22.33, javascript:alert(1), 04 72 11 00 00',
    );
    const phones = $$(el, '[part~="phone"]');
    expect(phones.map((p) => p.getAttribute('href'))).to.deep.equal([
      'tel:+33472112233',
      null,
      'tel:0472110000',
    ]);
    expect($(el, '[part~="header"]').querySelectorAll('a[href^="javascript"]').length).to.equal(0);
    await expect(el).to.be.accessible();
  });

  it('labels the phones in English', async () => {
    const letter = sampleLetter();
    letter.header.facility = { ...letter.header.facility!, phones: ['04 72 11 00 00'] };
    const el = await withLetter(letter, 'en');
    const facts = $$(el, '[part~="facts"] .fact').map((f) => text(f));
    expect(facts).to.include('Service phone 04 72 11 00 00');
  });
});
