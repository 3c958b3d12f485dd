import { expect } from '@open-wc/testing';
import type { LocalizeController } from '../i18n/localize.js';
import { formatLetterDate, groupIns } from './format.js';

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

describe('formatLetterDate', () => {
  // Intl in French, in the reader's (the browser's) time zone unless the options name one.
  const t = {
    date: (value: Date | number, options?: Intl.DateTimeFormatOptions) =>
      new Intl.DateTimeFormat('fr', options).format(value),
  } as unknown as LocalizeController;
  const local = (value: string, options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat('fr', options).format(new Date(value));
  // Run with TZ=Europe/Paris (or any zone off UTC) for these to tell UTC from local time.
  const offUtc = new Date('2025-04-24T07:00:00Z').getTimezoneOffset() !== 0;

  it('shows a UTC instant in the reader’s time zone', () => {
    const shown = formatLetterDate(t, '2025-04-24T07:00:00Z', true);
    expect(shown).to.equal(
      local('2025-04-24T07:00:00Z', { dateStyle: 'medium', timeStyle: 'short' }),
    );
    if (offUtc) expect(shown).not.to.contain('07:00');
    expect(formatLetterDate(t, '2025-04-24T07:00:00+00:00', true)).to.equal(shown);
  });

  it('gives a UTC instant’s day in the reader’s time zone', () => {
    expect(formatLetterDate(t, '2025-04-10T23:30:00Z')).to.equal(
      local('2025-04-10T23:30:00Z', { dateStyle: 'medium' }),
    );
    if (offUtc && new Date('2025-04-10T23:30:00Z').getTimezoneOffset() < 0) {
      expect(formatLetterDate(t, '2025-04-10T23:30:00Z')).to.equal('11 avr. 2025');
    }
  });

  it('keeps a local offset’s time and day as written, and midnight UTC as a date', () => {
    expect(formatLetterDate(t, '2025-04-24T07:00:00+02:00', true)).to.contain('07:00');
    expect(formatLetterDate(t, '2025-04-10T23:30:00-05:00')).to.equal('10 avr. 2025');
    expect(formatLetterDate(t, '2025-04-10T00:00:00Z', true)).to.equal('10 avr. 2025');
  });
});
