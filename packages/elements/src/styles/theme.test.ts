import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import '../care-circle/define.js';
import type { LienCareCircle } from '../care-circle/lien-care-circle.js';
import { sampleCircle } from '../testing/data.js';
import { q } from '../testing/fake-client.js';

const LIGHT_TEXT = 'rgb(27, 28, 32)';
const DARK_TEXT = 'rgb(232, 233, 238)';

const titleColor = (el: LienCareCircle) =>
  getComputedStyle(q(el.shadowRoot, '[part="title"]')).color;

describe('colour scheme', () => {
  afterEach(async () => {
    await emulateMedia({ colorScheme: 'light' });
  });

  it('is light by default, even when the system prefers dark', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const el = await fixture<LienCareCircle>(
      html`<lien-care-circle .careCircle=${sampleCircle()}></lien-care-circle>`,
    );
    expect(titleColor(el)).to.equal(LIGHT_TEXT);
  });

  it('follows the system with theme="auto" (prefers-color-scheme)', async () => {
    const el = await fixture<LienCareCircle>(
      html`<lien-care-circle theme="auto" .careCircle=${sampleCircle()}></lien-care-circle>`,
    );
    expect(titleColor(el)).to.equal(LIGHT_TEXT);
    await emulateMedia({ colorScheme: 'dark' });
    expect(titleColor(el)).to.equal(DARK_TEXT);
  });

  it('follows the page’s color-scheme', async () => {
    const page = await fixture<HTMLDivElement>(
      html`<div style="color-scheme: dark">
        <lien-care-circle .careCircle=${sampleCircle()}></lien-care-circle>
      </div>`,
    );
    expect(titleColor(q<LienCareCircle>(page, 'lien-care-circle'))).to.equal(DARK_TEXT);
  });

  it('is forced by theme="dark" and the --lien-color-text token wins', async () => {
    const el = await fixture<LienCareCircle>(
      html`<lien-care-circle theme="dark" .careCircle=${sampleCircle()}></lien-care-circle>`,
    );
    expect(titleColor(el)).to.equal(DARK_TEXT);
    el.style.setProperty('--lien-color-text', 'rgb(1, 2, 3)');
    expect(titleColor(el)).to.equal('rgb(1, 2, 3)');
  });

  it('tightens spacing with density="compact"', async () => {
    const normal = await fixture<LienCareCircle>(
      html`<lien-care-circle .careCircle=${sampleCircle()}></lien-care-circle>`,
    );
    const compact = await fixture<LienCareCircle>(
      html`<lien-care-circle density="compact" .careCircle=${sampleCircle()}></lien-care-circle>`,
    );
    const padding = (el: LienCareCircle) =>
      parseFloat(getComputedStyle(q(el.shadowRoot, '[part~="member"]')).paddingTop);
    expect(padding(compact)).to.be.lessThan(padding(normal));
  });
});
