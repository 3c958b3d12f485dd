import { expect } from '@open-wc/testing';
import { groupIns } from './format.js';

describe('groupIns', () => {
  it('groups an INS as on the carte Vitale, Corsican departments included', () => {
    expect(groupIns('251036912338151')).to.equal('2 51 03 69 123 381 51');
    expect(groupIns(' 180012A12345678 ')).to.equal('1 80 01 2A 123 456 78');
  });

  it('returns anything that is not an INS as given', () => {
    for (const value of ['', '25103691233815', '2510369123381512', 'INS-NIR', '25103691233815X']) {
      expect(groupIns(value)).to.equal(value);
    }
  });
});
