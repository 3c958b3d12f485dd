/**
 * Sample view models for tests and stories: realistic French care-circle members. Not part of
 * the published build.
 */
import type { CareCircle, CareCircleMember, CurrentUser, LabelledCode } from '@lien/client';
import { LienError } from '@lien/client';
import { SYSTEMS } from '@lien/client/systems';

/** Codes as the client gives them: code, system and the directory's (French) label. */
const profession = (code: string, display: string): LabelledCode => ({
  code,
  system: SYSTEMS.profession,
  display,
});
const specialty = (code: string, display: string): LabelledCode => ({
  code,
  system: SYSTEMS.specialty,
  display,
});

export const PROFESSIONS = {
  physician: profession('10', 'Médecin'),
  pharmacist: profession('21', 'Pharmacien'),
  midwife: profession('50', 'Sage-femme'),
  nurse: profession('60', 'Infirmier'),
  physio: profession('70', 'Masseur-kinésithérapeute'),
  occupationalTherapist: profession('94', 'Ergothérapeute'),
};

export const SPECIALTIES = {
  generalPractice: specialty('SM26', 'Médecine générale'),
  internalMedicine: specialty('SM27', 'Médecine interne'),
  cardiology: specialty('SM04', 'Cardiologie'),
};

export const PCP_ROLE: LabelledCode = { code: 'PCP', system: SYSTEMS.roleCode };

export const ROLE_CHOICES: LabelledCode[] = [
  { code: 'ATND', system: SYSTEMS.roleCode, display: 'Intervenant' },
  { code: 'CON', system: SYSTEMS.roleCode, display: 'Consultant' },
  { code: 'REF', system: SYSTEMS.roleCode, display: 'Adresseur' },
];

const DAY = 24 * 3600e3;
/** An ISO date `days` days before now. */
export const daysAgo = (days: number): string => new Date(Date.now() - days * DAY).toISOString();

let counter = 0;

/** A member with sensible defaults; override any field. */
export function member(overrides: Partial<CareCircleMember> = {}): CareCircleMember {
  counter += 1;
  return {
    key: `m${counter}`,
    reference: `PractitionerRole/pr-${counter}`,
    kind: 'practitioner',
    name: { prefix: 'Dr', given: 'Marie', family: 'Dupont', text: 'Marie Dupont' },
    profession: PROFESSIONS.physician,
    phones: [],
    roles: [],
    isGeneralPractitioner: false,
    since: daysAgo(95),
    active: true,
    isCurrentUser: false,
    ...overrides,
  };
}

const chuLyon = {
  reference: 'Organization/chu-lyon',
  name: 'Hôpital Édouard-Herriot (HCL)',
  kind: 'hospital' as const,
  city: 'Lyon',
};

/** A care circle of seven members (one former), with the médecin traitant and the caller. */
export function sampleCircle(): CareCircle {
  return {
    patient: 'Patient/123',
    careTeam: 'CareTeam/ct-123',
    version: '4',
    name: 'Cercle de soins de Jeanne MARTIN',
    members: [
      member({
        key: 'nurse',
        name: { given: 'Claire', family: 'Roux', text: 'Claire Roux' },
        profession: PROFESSIONS.nurse,
        organization: {
          reference: 'Organization/cab-inf',
          name: 'Cabinet infirmier de la Croix-Rousse',
          kind: 'community',
          city: 'Lyon',
        },
        mssante: 'claire.roux@infirmier.mssante.fr',
        phones: ['04 78 00 00 01'],
        since: daysAgo(40),
      }),
      member({
        key: 'cardio',
        name: { prefix: 'Dr', given: 'Jean', family: 'Martin', text: 'Jean Martin' },
        specialty: SPECIALTIES.cardiology,
        organization: chuLyon,
        mssante: 'jean.martin@chu-lyon.mssante.fr',
        phones: ['04 72 11 00 00'],
        since: daysAgo(400),
      }),
      member({
        key: 'pcp',
        name: { prefix: 'Dr', given: 'Marie', family: 'Dupont', text: 'Marie Dupont' },
        specialty: SPECIALTIES.generalPractice,
        organization: {
          reference: 'Organization/cab-med',
          name: 'Cabinet médical des Pentes',
          kind: 'community',
          city: 'Lyon',
        },
        roles: [PCP_ROLE],
        isGeneralPractitioner: true,
        mssante: 'marie.dupont@medecin.mssante.fr',
        phones: ['+33 4 78 00 00 02'],
        since: daysAgo(900),
      }),
      member({
        key: 'internist',
        name: { prefix: 'Dr', given: 'Amina', family: 'Benali', text: 'Amina Benali' },
        specialty: SPECIALTIES.internalMedicine,
        organization: chuLyon,
        phones: ['04 72 11 00 10'],
        since: daysAgo(12),
        isCurrentUser: true,
      }),
      member({
        key: 'hospital-nurse',
        name: { given: 'Lucas', family: 'Petit', text: 'Lucas Petit' },
        profession: PROFESSIONS.nurse,
        organization: chuLyon,
        since: daysAgo(12),
      }),
      member({
        key: 'pharmacist',
        name: { given: 'Sophie', family: 'Leroy', text: 'Sophie Leroy' },
        profession: PROFESSIONS.pharmacist,
        organization: {
          reference: 'Organization/pharma',
          name: 'Pharmacie du Plateau',
          kind: 'community',
          city: 'Lyon',
        },
        mssante: 'pharmacie.plateau@pharmacien.mssante.fr',
        since: daysAgo(200),
      }),
      member({
        key: 'former-physio',
        name: { given: 'Paul', family: 'Girard', text: 'Paul Girard' },
        profession: PROFESSIONS.physio,
        organization: {
          reference: 'Organization/kine',
          name: 'Cabinet de kinésithérapie Saint-Paul',
          kind: 'community',
          city: 'Lyon',
        },
        since: daysAgo(500),
        until: daysAgo(100),
        active: false,
      }),
    ],
  };
}

const GIVEN = ['Louise', 'Hugo', 'Chloé', 'Nathan', 'Inès', 'Léo', 'Jade', 'Gabriel', 'Lina'];
const FAMILY = ['Bernard', 'Thomas', 'Robert', 'Richard', 'Durand', 'Moreau', 'Simon', 'Laurent'];

/** A large care circle (`extra` more members than the sample), to show the filter. */
export function largeCircle(extra = 8): CareCircle {
  const circle = sampleCircle();
  const kinds = [
    PROFESSIONS.nurse,
    PROFESSIONS.physio,
    PROFESSIONS.pharmacist,
    PROFESSIONS.midwife,
  ];
  for (let i = 0; i < extra; i++) {
    const given = GIVEN[i % GIVEN.length] ?? 'Louise';
    const family = FAMILY[i % FAMILY.length] ?? 'Bernard';
    circle.members.push(
      member({
        key: `extra-${i}`,
        name: { given, family, text: `${given} ${family}` },
        profession: kinds[i % kinds.length],
        organization: {
          reference: `Organization/o${i}`,
          name: i % 2 ? 'Centre de santé Villeurbanne' : 'Maison de santé Vaise',
          kind: 'community',
          city: i % 2 ? 'Villeurbanne' : 'Lyon',
        },
        since: daysAgo(30 + i * 20),
      }),
    );
  }
  return circle;
}

/** A care circle with no active member (one former). */
export function emptyCircle(): CareCircle {
  const circle = sampleCircle();
  return { ...circle, members: circle.members.filter((m) => !m.active) };
}

export const PHYSICIAN_USER: CurrentUser = {
  reference: 'PractitionerRole/pr-benali',
  name: 'Amina Benali',
  professionCode: '10',
  rpps: '10001234567',
};

export const NURSE_USER: CurrentUser = {
  reference: 'PractitionerRole/pr-petit',
  name: 'Lucas Petit',
  professionCode: '60',
  rpps: '10007654321',
};

/** A 403 as the client reports it, with the remedies the server offers. */
export function forbiddenError(remedies: ('declare-actor' | 'break-the-glass')[]): LienError {
  return new LienError('Access to this patient’s data is not authorised.', {
    code: 'forbidden',
    status: 403,
    issues: [
      {
        severity: 'error',
        code: 'forbidden',
        diagnostics: 'Le patient n’a pas autorisé votre accès.',
        details: { coding: remedies.map((code) => ({ system: SYSTEMS.accessRemedy, code })) },
      },
    ],
  });
}
