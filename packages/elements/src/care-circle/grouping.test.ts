import { expect } from '@open-wc/testing';
import { PROFESSIONS, member, sampleCircle } from '../testing/data.js';
import { validEmail, validPhone } from './contact.js';
import type { GroupingLocale } from './grouping.js';
import { groupCareCircle, memberMatches } from './grouping.js';

const french: GroupingLocale = {
  label: (code) => code.display ?? code.code,
  name: (m) => m.name.text,
  collator: new Intl.Collator('fr', { sensitivity: 'base' }),
};

describe('groupCareCircle', () => {
  it('puts active médecins traitants apart, first', () => {
    const grouped = groupCareCircle(sampleCircle().members, french);
    expect(grouped.generalPractitioners.map((m) => m.key)).to.deep.equal(['pcp']);
    expect(grouped.settings.map((s) => s.setting)).to.deep.equal(['hospital', 'community']);
  });

  it('orders professions physicians first, then by label, members by family name', () => {
    const members = [
      member({ key: 'b', profession: PROFESSIONS.pharmacist, name: { family: 'Zola', text: 'Z' } }),
      member({ key: 'a', profession: PROFESSIONS.nurse, name: { family: 'Abel', text: 'A' } }),
      member({ key: 'c', profession: PROFESSIONS.physician, name: { family: 'Émile', text: 'E' } }),
      member({
        key: 'd',
        profession: PROFESSIONS.physician,
        name: { family: 'Durand', text: 'D' },
      }),
      member({ key: 'e', profession: undefined, kind: 'related-person', name: { text: 'Aidant' } }),
    ];
    const [other] = groupCareCircle(members, french).settings;
    expect(other?.setting).to.equal('other');
    expect(other?.professions.map((p) => p.label)).to.deep.equal([
      'Médecin',
      'Infirmier',
      'Pharmacien',
      '',
    ]);
    expect(other?.professions[0]?.members.map((m) => m.key)).to.deep.equal(['d', 'c']);
  });

  it('lists former members apart, most recently ended first', () => {
    const members = [
      member({ key: 'old', active: false, until: '2024-01-01T00:00:00Z' }),
      member({ key: 'recent', active: false, until: '2025-01-01T00:00:00Z' }),
      member({ key: 'current' }),
    ];
    const grouped = groupCareCircle(members, french);
    expect(grouped.former.map((m) => m.key)).to.deep.equal(['recent', 'old']);
    expect(grouped.settings.flatMap((s) => s.professions.flatMap((p) => p.members))).to.have.length(
      1,
    );
  });
});

describe('memberMatches', () => {
  it('matches every word against name, profession, organisation, ignoring case and accents', () => {
    const m = sampleCircle().members[0];
    if (!m) throw new Error('sample is empty');
    expect(memberMatches(m, 'ROUX infirmier', french)).to.equal(true);
    expect(memberMatches(m, 'croix-rousse', french)).to.equal(true);
    expect(memberMatches(m, 'roux pharmacien', french)).to.equal(false);
    expect(memberMatches(m, '   ', french)).to.equal(true);
  });
});

describe('contact validation', () => {
  it('accepts plain e-mail addresses only', () => {
    expect(validEmail('marie.dupont@medecin.mssante.fr')).to.equal(
      'marie.dupont@medecin.mssante.fr',
    );
    expect(validEmail(' a@b.fr ')).to.equal('a@b.fr');
    for (const bad of [
      undefined,
      '',
      'marie',
      'a@b',
      'a..b@c.fr',
      'a@b.fr?subject=x',
      'a@b.fr\nbcc:x@y.fr',
      'javascript:alert(1)//@b.fr',
      '"x"@b.fr',
      `${'a'.repeat(250)}@b.fr`,
    ]) {
      expect(validEmail(bad), String(bad)).to.equal(null);
    }
  });

  it('turns French and international numbers into E.164, and nothing else', () => {
    expect(validPhone('04 78 00 00 01')).to.equal('+33478000001');
    expect(validPhone('04.78.00.00.01')).to.equal('+33478000001');
    expect(validPhone('+33 (0)4 78')).to.equal(null);
    expect(validPhone('+33 4 78 00 00 02')).to.equal('+33478000002');
    expect(validPhone('0041 22 000 00 00')).to.equal('+41220000000');
    for (const bad of [
      undefined,
      '',
      '12',
      'javascript:alert(1)',
      '04 78 00 00 01 ext 2',
      '0078',
    ]) {
      expect(validPhone(bad), String(bad)).to.equal(null);
    }
  });
});
