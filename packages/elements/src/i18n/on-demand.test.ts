// English is loaded on demand: this file runs in its own page, where nothing has loaded it yet.
import { expect, fixture, html } from '@open-wc/testing';
import { customElement } from 'lit/decorators.js';
import { LienElement } from '../internal/lien-element.js';
import { availableLanguages, languageReady, registerTranslation } from './localize.js';

/** Records the text of each of its renders. */
@customElement('on-demand-probe')
class OnDemandProbe extends LienElement {
  readonly renders: string[] = [];
  override render() {
    const text = `${this.localize.term('careCircleTitle')} / ${this.localize.term('filterLabel')}`;
    this.renders.push(text);
    return html`${text}`;
  }
}

describe('languages loaded on demand', () => {
  it('lists English before it is loaded, and loads it only when asked', async () => {
    expect(availableLanguages()).to.include.members(['fr', 'en']);
    const inFrench = await fixture<OnDemandProbe>(
      html`<on-demand-probe lang="fr"></on-demand-probe>`,
    );
    expect(inFrench.renders).to.have.length(1);
    expect(inFrench.renders[0]).to.match(/^Cercle de soins/);
    // The page has not downloaded the English table.
    const fetched = performance.getEntriesByType('resource').map((entry) => entry.name);
    expect(fetched.filter((url) => /\/i18n\/en\.[jt]s/.test(url))).to.deep.equal([]);
  });

  it('renders an element in English at its first render, never in French first', async () => {
    // A host's override registered before the table is there applies on top of it.
    registerTranslation({ $code: 'en', careCircleTitle: 'Care team' });
    const el = await fixture<OnDemandProbe>(html`<on-demand-probe lang="en-GB"></on-demand-probe>`);
    expect(el.renders).to.have.length(1);
    expect(el.renders[0]).to.match(/^Care team \/ /);
    // The rest of the English table is there too.
    expect(el.renders[0]).not.to.match(/Cercle|Filtrer/);
    expect(languageReady('en')).to.equal(undefined);
  });

  it('switches a French element to English once the table is there', async () => {
    const el = await fixture<OnDemandProbe>(html`<on-demand-probe lang="fr"></on-demand-probe>`);
    el.lang = 'en';
    await el.updateComplete;
    await languageReady('en');
    await el.updateComplete;
    expect(el.shadowRoot?.textContent).to.match(/^Care team/);
  });
});
