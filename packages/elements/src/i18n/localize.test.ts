import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { SYSTEMS } from '@lien/client/systems';
import { LitElement } from 'lit';
import { enLetters } from '../discharge-summary/i18n/en.js';
import { frLetters } from '../discharge-summary/i18n/fr.js';
import { en } from './en.js';
import { fr } from './fr.js';
import { LocalizeController, languageReady, registerTranslation, resolveLang } from './localize.js';

/** A minimal host: renders one term, so tests see what the controller gives. */
class LocalizedProbe extends LitElement {
  readonly localize = new LocalizeController(this);
  override render() {
    return html`${this.localize.term('careCircleTitle')}`;
  }
}
customElements.define('localized-probe', LocalizedProbe);

/** A host that brings its own terms, as the discharge summary does. */
class FeatureProbe extends LitElement {
  readonly localize = new LocalizeController(this, {
    fr: { dsTitle: 'Titre propre' },
    en: { dsTitle: 'Own title' },
  });
  override render() {
    return html`${this.localize.term('dsTitle')}`;
  }
}
customElements.define('feature-probe', FeatureProbe);

async function probe(lang?: string): Promise<LocalizedProbe> {
  return fixture<LocalizedProbe>(html`<localized-probe lang=${lang ?? ''}></localized-probe>`);
}

describe('LocalizeController', () => {
  // These probes are plain Lit elements, which do not wait for a language loaded on demand (Lien
  // elements do: see on-demand.test.ts).
  beforeEach(() => languageReady('en'));

  it('has the same terms in English as in French', () => {
    expect(Object.keys(en).sort()).to.deep.equal(Object.keys(fr).sort());
  });

  it('has the same discharge-summary terms in English as in French, and none in the common table', () => {
    expect(Object.keys(enLetters).sort()).to.deep.equal(Object.keys(frLetters).sort());
    expect(Object.keys(fr).filter((key) => key in frLetters)).to.deep.equal(['$codes']);
  });

  it('gives an element its own terms in its language, else in French; a registered table wins', async () => {
    const inFrench = await fixture(html`<feature-probe lang="fr"></feature-probe>`);
    const inEnglish = await fixture(html`<feature-probe lang="en-GB"></feature-probe>`);
    const inItalian = await fixture(html`<feature-probe lang="it"></feature-probe>`);
    expect(inFrench.shadowRoot?.textContent).to.equal('Titre propre');
    expect(inEnglish.shadowRoot?.textContent).to.equal('Own title');
    expect(inItalian.shadowRoot?.textContent).to.equal('Titre propre');
    registerTranslation({ $code: 'it', $name: 'Italiano', $dir: 'ltr', dsTitle: 'Lettera' });
    await waitUntil(() => inItalian.shadowRoot?.textContent === 'Lettera');
  });

  it('defaults to French', async () => {
    const el = await fixture<LocalizedProbe>(
      html`<div lang=""><localized-probe></localized-probe></div>`,
    );
    const inner = el.querySelector('localized-probe') as LocalizedProbe;
    const previous = document.documentElement.lang;
    document.documentElement.removeAttribute('lang');
    try {
      inner.localize.refresh(false);
      expect(inner.localize.language).to.equal('fr');
    } finally {
      document.documentElement.lang = previous;
    }
  });

  it('uses the table of the base language for a regional tag, with its Intl locale', async () => {
    const el = await probe('en-GB');
    expect(el.localize.term('careCircleTitle')).to.equal('Care circle');
    expect(el.localize.locale).to.equal('en-GB');
    expect(el.localize.date('2025-03-12T10:00:00Z')).to.equal('12 Mar 2025');
  });

  it('falls back to French text and French formats for an unsupported language', async () => {
    const el = await probe('de');
    expect(el.localize.term('careCircleTitle')).to.equal('Cercle de soins');
    expect(el.localize.locale).to.equal('fr');
  });

  it('formats names per language: family name in capitals in French', async () => {
    const parts = { prefix: 'Dr.', given: 'Marie', family: 'Dupont', text: 'Marie Dupont' };
    expect((await probe('fr')).localize.name(parts)).to.equal('Dr Marie DUPONT');
    expect((await probe('en')).localize.name(parts)).to.equal('Dr. Marie Dupont');
    expect((await probe('fr')).localize.name({ text: 'Cabinet Pasteur' })).to.equal(
      'Cabinet Pasteur',
    );
  });

  it('pluralises with function-valued terms', async () => {
    const el = await probe('fr');
    expect(el.localize.term('memberCount', 0)).to.equal('Aucun membre');
    expect(el.localize.term('memberCount', 1)).to.equal('1 membre');
    expect(el.localize.term('memberCount', 1200)).to.match(/^1\s200 membres$/);
  });

  it('formats lists, durations and relative times with Intl', async () => {
    const el = await probe('fr');
    expect(el.localize.list(['Infirmier', 'Pharmacien', 'Médecin'])).to.equal(
      'Infirmier, Pharmacien et Médecin',
    );
    const threeMonthsAgo = new Date(Date.now() - 95 * 24 * 3600e3);
    expect(el.localize.durationSince(threeMonthsAgo)).to.match(/^3\smois$/);
    expect(el.localize.durationSince(new Date())).to.equal(null);
    expect(el.localize.relativeTime(new Date(Date.now() + 2 * 3600e3 + 1000))).to.match(
      /^dans 2\sheures$/,
    );
    const en = await probe('en');
    expect(en.localize.list(['Nurse', 'Pharmacist'])).to.equal('Nurse and Pharmacist');
    expect(en.localize.durationSince(threeMonthsAgo)).to.equal('3 months');
  });

  it('labels the nomenclatures it knows in the language, whatever the source said', async () => {
    const nurse = { code: '60', system: SYSTEMS.profession, display: 'infirmière DE' };
    expect((await probe('en')).localize.label(nurse)).to.equal('Nurse');
    expect((await probe('fr')).localize.label(nurse)).to.equal('Infirmier');
    const gp = { code: 'PCP', system: SYSTEMS.roleCode };
    expect((await probe('en')).localize.label(gp)).to.equal('General practitioner of record');
    expect((await probe('fr')).localize.label(gp)).to.equal('Médecin traitant');
  });

  it('falls back to the source’s label, then to the French table, then to the code', async () => {
    const unknown = { code: 'X1', system: 'urn:x', display: 'Libellé du courrier' };
    expect((await probe('en')).localize.label(unknown)).to.equal('Libellé du courrier');
    expect((await probe('en')).localize.label({ code: 'X1', system: 'urn:x' })).to.equal('X1');
    registerTranslation({ $code: 'nl', $name: 'Nederlands', $dir: 'ltr' });
    const gp = { code: 'PCP', system: SYSTEMS.roleCode };
    expect((await probe('nl')).localize.label(gp)).to.equal('Médecin traitant');
  });

  it('re-renders connected hosts when a translation is registered', async () => {
    const el = await probe('de');
    registerTranslation({
      $code: 'de',
      $name: 'Deutsch',
      $dir: 'ltr',
      careCircleTitle: 'Versorgungskreis',
    });
    await waitUntil(() => el.shadowRoot?.textContent?.trim() === 'Versorgungskreis');
    // Terms a partial table lacks fall back to French.
    expect(el.localize.term('retry')).to.equal('Réessayer');
  });

  it('overrides some terms of a registered language and keeps the others', async () => {
    const el = await probe('en');
    try {
      registerTranslation({
        $code: 'en',
        careCircleTitle: 'Care team',
        $codes: { [SYSTEMS.profession]: { '60': 'Registered nurse' } },
      });
      await waitUntil(() => el.shadowRoot?.textContent?.trim() === 'Care team');
      expect(el.localize.term('retry')).to.equal('Try again');
      expect(el.localize.dir).to.equal('ltr');
      const profession = (code: string) => ({ code, system: SYSTEMS.profession });
      expect(el.localize.label(profession('60'))).to.equal('Registered nurse');
      expect(el.localize.label(profession('21'))).to.equal('Pharmacist');
      expect(el.localize.label({ code: 'PCP', system: SYSTEMS.roleCode })).to.equal(
        'General practitioner of record',
      );
    } finally {
      registerTranslation({
        $code: 'en',
        careCircleTitle: en.careCircleTitle,
        $codes: { [SYSTEMS.profession]: { '60': 'Nurse' } },
      });
    }
    await waitUntil(() => el.shadowRoot?.textContent?.trim() === 'Care circle');
  });

  it('takes a regional table’s missing terms from its base language', async () => {
    registerTranslation({ $code: 'en-AU', careCircleTitle: 'Care mob' });
    const el = await probe('en-AU');
    expect(el.shadowRoot?.textContent?.trim()).to.equal('Care mob');
    expect(el.localize.term('retry')).to.equal('Try again');
    expect(el.localize.label({ code: '21', system: SYSTEMS.profession })).to.equal('Pharmacist');
    expect(el.localize.locale).to.equal('en-AU');
  });

  it('takes missing terms from French as the host overrode it', async () => {
    const el = await probe('sv');
    try {
      registerTranslation({ $code: 'fr', retry: 'Recommencer' });
      await waitUntil(() => el.localize.term('retry') === 'Recommencer');
      registerTranslation({ $code: 'sv', $name: 'Svenska', $dir: 'ltr', careCircleTitle: 'Vård' });
      await waitUntil(() => el.shadowRoot?.textContent?.trim() === 'Vård');
      expect(el.localize.term('retry')).to.equal('Recommencer');
      expect((await probe('fr')).localize.term('careCircleTitle')).to.equal('Cercle de soins');
    } finally {
      registerTranslation({ $code: 'fr', retry: fr.retry });
    }
    expect(el.localize.term('retry')).to.equal('Réessayer');
  });

  it('gives a time for today and a date with the time for another day', async () => {
    const clock = LocalizeController.now;
    const tenPm = new Date(2026, 10, 22, 22, 0).getTime();
    LocalizeController.now = () => tenPm;
    try {
      const fr = (await probe('fr')).localize;
      const en = (await probe('en-GB')).localize;
      const sameDay = new Date(2026, 10, 22, 23, 30);
      const nextDay = new Date(2026, 10, 23, 2, 5);
      expect(fr.timeOrDate(sameDay)).to.equal('23:30');
      expect(fr.timeOrDate(nextDay)).to.equal('23 nov. 2026, 02:05');
      expect(en.timeOrDate(nextDay.toISOString())).to.equal('23 Nov 2026, 02:05');
    } finally {
      LocalizeController.now = clock;
    }
  });

  it('resolves the closest lang across shadow roots', async () => {
    const outer = await fixture<HTMLDivElement>(html`<div lang="en"></div>`);
    const root = outer.attachShadow({ mode: 'open' });
    const inner = document.createElement('span');
    root.append(inner);
    expect(resolveLang(inner)).to.equal('en');
  });
});
