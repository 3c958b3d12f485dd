import { expect } from '@open-wc/testing';
import { LienCareCircle } from '../care-circle/lien-care-circle.js';
import '../define.js';
import '../define.js';
import { defineElement } from './define.js';

describe('defineElement', () => {
  it('registers every element and its dependencies once', () => {
    for (const tag of [
      'lien-provider',
      'lien-care-circle',
      'lien-declare-actor',
      'lien-break-the-glass',
    ]) {
      expect(customElements.get(tag), tag).not.to.equal(undefined);
    }
  });

  it('leaves an existing registration alone (a second copy of the library)', () => {
    class SecondCopy extends LienCareCircle {}
    expect(() => defineElement('lien-care-circle', SecondCopy)).not.to.throw();
    expect(customElements.get('lien-care-circle')).to.equal(LienCareCircle);
  });
});
