import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db, Queryable } from '../db/types.js';
import { LETTER_TYPES, SYSTEMS } from '../fhir/codes.js';
import type { CareTeamParticipant, Resource } from '../fhir/types.js';
import { CARE_TEAM_CATEGORY, PROFESSIONS } from '../service/careteam.js';
import { store } from '../store/store.js';
import { FAMILY, GIVEN_F, GIVEN_M, slug } from './names.js';
import { must } from '../util.js';

/** What {@link seedDemo} did. */
export interface SeedReport {
  /** Resources created by this run (0 when the seed was already there). */
  created: number;
  /** Resources already present, left untouched. */
  skipped: number;
  patients: number;
  professionals: number;
  letters: string[];
}

/** Options of the demo seed. */
export interface SeedOptions {
  /** Fixtures root holding `cda/LDL-SES_*.xml`; default LIEN_FIXTURES_DIR or `<repo>/../shared/fixtures`. */
  fixturesDir?: string;
  now?: Date;
}

/** Fixed instant of the seed's versions: the data set is identical on every machine. */
export const SEED_INSTANT = new Date('2025-06-02T08:00:00.000Z');
const DOMAIN = 'lien-demo.mssante.fr';
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Mulberry32: a small deterministic PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Luhn check digit. */
function luhn(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** A fictitious 11-digit RPPS (prefix 10, Luhn key). */
export function rppsFor(n: number): string {
  const body = `1099${String(n).padStart(6, '0')}`;
  return body + luhn(body);
}

/** INS-NIR of 13 digits + its key (97 − NIR mod 97). */
export function insFor(nir13: string): string {
  const key = 97 - Number(BigInt(nir13) % 97n);
  return nir13 + String(key).padStart(2, '0');
}

interface Org {
  id: string;
  name: string;
  kind: 'hospital' | 'community';
  finess?: string;
  category?: { code: string; display: string };
  city: string;
  postalCode: string;
  line: string;
  phone: string;
}

const ORGS: Org[] = [
  {
    id: 'chu-lyon-sud',
    name: 'Centre hospitalier universitaire Lyon-Sud',
    kind: 'hospital',
    finess: '690784152',
    category: { code: '101', display: 'Centre Hospitalier Régional (C.H.R.)' },
    city: 'Pierre-Bénite',
    postalCode: '69310',
    line: '165 chemin du Grand Revoyet',
    phone: '04 78 86 10 00',
  },
  {
    id: 'ch-fourviere',
    name: 'Centre hospitalier de Fourvière',
    kind: 'hospital',
    finess: '690781234',
    category: { code: '355', display: 'Centre Hospitalier (C.H.)' },
    city: 'Lyon',
    postalCode: '69005',
    line: '8 montée du Gourguillon',
    phone: '04 72 10 20 30',
  },
  {
    id: 'clinique-du-parc',
    name: 'Clinique du Parc',
    kind: 'hospital',
    finess: '690793468',
    category: { code: '365', display: 'Etablissement de Soins Pluridisciplinaire' },
    city: 'Lyon',
    postalCode: '69006',
    line: '155 boulevard de Stalingrad',
    phone: '04 72 83 40 00',
  },
  {
    id: 'cabinet-croix-rousse',
    name: 'Cabinet médical de la Croix-Rousse',
    kind: 'community',
    city: 'Lyon',
    postalCode: '69004',
    line: '3 place de la Croix-Rousse',
    phone: '04 78 12 34 50',
  },
  {
    id: 'msp-villeurbanne',
    name: 'Maison de santé pluriprofessionnelle des Gratte-Ciel',
    kind: 'community',
    city: 'Villeurbanne',
    postalCode: '69100',
    line: '12 avenue Henri Barbusse',
    phone: '04 78 84 21 00',
  },
  {
    id: 'pharmacie-terreaux',
    name: 'Pharmacie des Terreaux',
    kind: 'community',
    city: 'Lyon',
    postalCode: '69001',
    line: '2 place des Terreaux',
    phone: '04 78 28 11 22',
  },
  {
    id: 'cabinet-infirmier-saint-jean',
    name: 'Cabinet infirmier Saint-Jean',
    kind: 'community',
    city: 'Lyon',
    postalCode: '69005',
    line: '27 rue Saint-Jean',
    phone: '04 78 42 55 66',
  },
  {
    id: 'cabinet-kine-gerland',
    name: 'Cabinet de kinésithérapie de Gerland',
    kind: 'community',
    city: 'Lyon',
    postalCode: '69007',
    line: '40 avenue Tony Garnier',
    phone: '04 78 72 33 44',
  },
  {
    id: 'centre-sante-bron',
    name: 'Centre de santé de Bron',
    kind: 'community',
    city: 'Bron',
    postalCode: '69500',
    line: '5 rue Paul Pic',
    phone: '04 78 26 90 10',
  },
];

/** [profession, specialty?, organisation id, female?] of the 40 named professionals. */
const NAMED: Array<[string, string | null, string, boolean]> = [
  ['10', 'SM26', 'cabinet-croix-rousse', false],
  ['10', 'SM26', 'cabinet-croix-rousse', true],
  ['10', 'SM26', 'msp-villeurbanne', true],
  ['10', 'SM26', 'centre-sante-bron', false],
  ['10', 'SM27', 'ch-fourviere', true],
  ['10', 'SM04', 'chu-lyon-sud', false],
  ['10', 'SM27', 'chu-lyon-sud', false],
  ['10', 'SM04', 'clinique-du-parc', true],
  ['10', 'SM27', 'clinique-du-parc', false],
  ['10', 'SM26', 'msp-villeurbanne', false],
  ['60', null, 'cabinet-infirmier-saint-jean', true],
  ['60', null, 'cabinet-infirmier-saint-jean', false],
  ['60', null, 'msp-villeurbanne', true],
  ['60', null, 'ch-fourviere', true],
  ['60', null, 'chu-lyon-sud', false],
  ['60', null, 'centre-sante-bron', true],
  ['21', null, 'pharmacie-terreaux', false],
  ['21', null, 'pharmacie-terreaux', true],
  ['21', null, 'chu-lyon-sud', true],
  ['21', null, 'msp-villeurbanne', false],
  ['21', null, 'ch-fourviere', false],
  ['70', null, 'cabinet-kine-gerland', false],
  ['70', null, 'cabinet-kine-gerland', true],
  ['70', null, 'msp-villeurbanne', true],
  ['70', null, 'chu-lyon-sud', false],
  ['50', null, 'clinique-du-parc', true],
  ['50', null, 'msp-villeurbanne', true],
  ['50', null, 'chu-lyon-sud', true],
  ['40', null, 'centre-sante-bron', false],
  ['40', null, 'cabinet-croix-rousse', true],
  ['40', null, 'msp-villeurbanne', false],
  ['80', null, 'msp-villeurbanne', true],
  ['80', null, 'centre-sante-bron', false],
  ['91', null, 'msp-villeurbanne', true],
  ['91', null, 'centre-sante-bron', true],
  ['91', null, 'cabinet-croix-rousse', false],
  ['92', null, 'ch-fourviere', true],
  ['94', null, 'chu-lyon-sud', false],
  ['96', null, 'msp-villeurbanne', true],
  ['95', null, 'ch-fourviere', true],
];

const SPECIALTIES: Record<string, string> = {
  SM26: 'Qualifié en Médecine Générale',
  SM27: 'Médecine interne',
  SM04: 'Cardiologie et maladies vasculaires',
};

interface Pro {
  n: number;
  given: string;
  family: string;
  practitionerId: string;
  roleId: string;
  profession: string;
  specialty: string | null;
  org: Org;
  named: boolean;
}

interface PatientSeed {
  id: string;
  given: string[];
  family: string;
  gender: 'male' | 'female';
  birthDate: string;
  nir13?: string;
  ins?: string;
  city: string;
  postalCode: string;
  line: string;
  /** Active members, former members. null = no CareTeam at all. */
  circle: [number, number] | null;
}

const PATIENTS: PatientSeed[] = [
  {
    id: 'marie-durand',
    given: ['Marie', 'Louise'],
    family: 'Durand',
    gender: 'female',
    birthDate: '1951-03-12',
    ins: '251036912338151',
    city: 'Lyon',
    postalCode: '69004',
    line: '12 rue des Tisserands',
    circle: [15, 3],
  },
  {
    id: 'dominique-pat-trois',
    given: ['Dominique', 'Marie-Louise'],
    family: 'Pat-Trois',
    gender: 'female',
    birthDate: '1979-03-28',
    ins: '279035121518989',
    city: 'Paris',
    postalCode: '75007',
    line: '28 avenue de Breteuil',
    circle: [3, 0],
  },
  {
    id: 'ruth-decourcy',
    given: ['Ruth', 'Isabelle'],
    family: 'Decourcy',
    gender: 'female',
    birthDate: '1977-07-14',
    ins: '277076322082910',
    city: 'Paris',
    postalCode: '75007',
    line: '28 avenue de Breteuil',
    circle: [1, 1],
  },
  {
    id: 'lucien-morel',
    given: ['Lucien'],
    family: 'Morel',
    gender: 'male',
    birthDate: '1938-11-02',
    nir13: '1381169123045',
    city: 'Villeurbanne',
    postalCode: '69100',
    line: '4 rue Francis de Pressensé',
    circle: [120, 12],
  },
  {
    id: 'ines-haddad',
    given: ['Inès'],
    family: 'Haddad',
    gender: 'female',
    birthDate: '1990-05-21',
    nir13: '2900569381017',
    city: 'Lyon',
    postalCode: '69007',
    line: '61 rue de Gerland',
    circle: null,
  },
  {
    id: 'gerard-blanc',
    given: ['Gérard', 'Henri'],
    family: 'Blanc',
    gender: 'male',
    birthDate: '1946-09-30',
    nir13: '1460969029112',
    city: 'Bron',
    postalCode: '69500',
    line: '9 rue Guynemer',
    circle: [0, 2],
  },
  {
    id: 'theo-nguyen',
    given: ['Théo'],
    family: 'Nguyen',
    gender: 'male',
    birthDate: '2016-02-08',
    nir13: '1160269123210',
    city: 'Lyon',
    postalCode: '69003',
    line: '18 cours Lafayette',
    circle: [6, 0],
  },
];

function mssante(
  given: string,
  family: string,
  n: number,
  listeRouge: boolean,
): Record<string, unknown> {
  return {
    extension: [
      {
        url: SYSTEMS.emailTypeExtension,
        valueCoding: { system: SYSTEMS.emailType, code: 'MSSANTE', display: 'Adresse MSSanté' },
      },
      ...(listeRouge
        ? [
            {
              url: SYSTEMS.mailboxMetadataExtension,
              extension: [{ url: 'listeRouge', valueBoolean: true }],
            },
          ]
        : []),
    ],
    system: 'email',
    value: `${slug(given)}.${slug(family)}${n > 40 ? `.${n}` : ''}@${DOMAIN}`,
    use: 'work',
  };
}

function phone(rand: () => number, mobile: boolean): string {
  const d = () => String(Math.floor(rand() * 90) + 10);
  return `${mobile ? '06' : '04'} ${d()} ${d()} ${d()} ${d()}`;
}

function organizationResource(o: Org): Resource {
  const kindDisplay = o.kind === 'hospital' ? 'Établissement de santé' : 'Ville';
  return {
    resourceType: 'Organization',
    id: o.id,
    ...(o.finess
      ? { identifier: [{ use: 'official', system: SYSTEMS.finess, value: o.finess }] }
      : {}),
    active: true,
    type: [
      {
        coding: [
          ...(o.category
            ? [
                {
                  system:
                    'https://mos.esante.gouv.fr/NOS/TRE_R66-CategorieEtablissement/FHIR/TRE-R66-CategorieEtablissement',
                  ...o.category,
                },
              ]
            : []),
          { system: SYSTEMS.organizationKind, code: o.kind, display: kindDisplay },
        ],
      },
    ],
    name: o.name,
    telecom: [{ system: 'phone', value: o.phone, use: 'work' }],
    address: [
      { use: 'work', line: [o.line], city: o.city, postalCode: o.postalCode, country: 'FRA' },
    ],
  };
}

function professionals(rand: () => number, generated: number): Pro[] {
  const pros: Pro[] = [];
  const usedNames = new Set<string>();
  const pick = <T>(list: T[]) => must(list[Math.floor(rand() * list.length)], 'pick');
  const uniqueName = (female: boolean) => {
    for (;;) {
      const given = pick(female ? GIVEN_F : GIVEN_M);
      const family = pick(FAMILY);
      const key = `${given}|${family}`;
      if (!usedNames.has(key)) {
        usedNames.add(key);
        return { given, family };
      }
    }
  };
  NAMED.forEach(([profession, specialty, orgId, female], i) => {
    const { given, family } = uniqueName(female);
    const practitionerId = `${slug(given)}-${slug(family)}`;
    pros.push({
      n: i + 1,
      given,
      family,
      practitionerId,
      roleId: `${practitionerId}-${orgId}`,
      profession,
      specialty,
      org: must(
        ORGS.find((o) => o.id === orgId),
        orgId,
      ),
      named: true,
    });
  });
  const professionCycle = [
    '60',
    '10',
    '21',
    '70',
    '60',
    '10',
    '91',
    '50',
    '80',
    '40',
    '92',
    '94',
    '95',
    '96',
    '26',
    '28',
  ];
  for (let k = 0; k < generated; k++) {
    const profession = must(professionCycle[k % professionCycle.length], 'profession');
    const female = rand() < 0.6;
    const { given, family } = uniqueName(female);
    const n = 41 + k;
    const practitionerId = `pro-${String(n).padStart(3, '0')}`;
    const org = must(ORGS[k % ORGS.length], 'org');
    pros.push({
      n,
      given,
      family,
      practitionerId,
      roleId: `${practitionerId}-${org.id}`,
      profession,
      specialty: profession === '10' ? pick(['SM26', 'SM27', 'SM04']) : null,
      org,
      named: false,
    });
  }
  return pros;
}

function proResources(p: Pro, rand: () => number): Resource[] {
  const rpps = rppsFor(p.n);
  const doctor = p.profession === '10';
  const listeRouge = p.n % 7 === 3;
  return [
    {
      resourceType: 'Practitioner',
      id: p.practitionerId,
      identifier: [
        { use: 'official', system: SYSTEMS.rpps, value: rpps },
        { use: 'official', system: SYSTEMS.idnps, value: `8${rpps}` },
      ],
      active: true,
      name: [
        {
          use: 'official',
          family: p.family.toUpperCase(),
          given: [p.given],
          ...(doctor ? { prefix: ['Dr'] } : {}),
        },
      ],
    },
    {
      resourceType: 'PractitionerRole',
      id: p.roleId,
      active: true,
      practitioner: {
        reference: `Practitioner/${p.practitionerId}`,
        display: `${doctor ? 'Dr ' : ''}${p.given} ${p.family.toUpperCase()}`,
      },
      organization: { reference: `Organization/${p.org.id}`, display: p.org.name },
      code: [
        {
          coding: [
            { system: SYSTEMS.profession, code: p.profession, display: PROFESSIONS[p.profession] },
          ],
        },
      ],
      ...(p.specialty
        ? {
            specialty: [
              {
                coding: [
                  {
                    system: SYSTEMS.specialty,
                    code: p.specialty,
                    display: SPECIALTIES[p.specialty],
                  },
                ],
              },
            ],
          }
        : {}),
      telecom: [
        {
          system: 'phone',
          value: phone(rand, p.org.kind === 'community' && rand() < 0.5),
          use: 'work',
        },
        mssante(p.given, p.family, p.n, listeRouge),
      ],
    },
  ];
}

function patientResource(p: PatientSeed): Resource {
  const ins = p.ins ?? insFor(must(p.nir13, 'nir'));
  return {
    resourceType: 'Patient',
    id: p.id,
    extension: [
      {
        extension: [
          {
            url: 'identityStatus',
            valueCoding: {
              system: 'https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0445',
              code: 'VALI',
              display: 'Identité validée',
            },
          },
        ],
        url: 'https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-identity-reliability',
      },
    ],
    identifier: [
      {
        use: 'official',
        type: {
          coding: [
            {
              system: 'https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203',
              code: 'INS-NIR',
            },
          ],
        },
        system: SYSTEMS.insNirTest,
        value: ins,
      },
    ],
    name: [{ use: 'official', family: p.family.toUpperCase(), given: p.given }],
    gender: p.gender,
    birthDate: p.birthDate,
    address: [
      { use: 'home', line: [p.line], city: p.city, postalCode: p.postalCode, country: 'FRA' },
    ],
  };
}

function isoDay(base: number, days: number): string {
  return new Date(base + days * 86_400_000).toISOString().slice(0, 10);
}

/** Builds the CareTeam of a patient and its participations. */
function careTeam(
  p: PatientSeed,
  pros: Pro[],
  rand: () => number,
  related: Resource | null,
): {
  resource: Resource;
  participations: Array<{ roleId: string; start: string; end: string | null }>;
} {
  const [active, former] = must(p.circle, 'circle');
  const base = Date.UTC(2019, 0, 1);
  const created = isoDay(base, Math.floor(rand() * 200));
  const patientName = `${p.given[0]} ${p.family.toUpperCase()}`;
  // Members: a GP first (médecin traitant), then a deterministic shuffle of the others.
  const gps = pros.filter((x) => x.profession === '10' && x.specialty === 'SM26' && x.named);
  const others = pros.filter((x) => !gps.includes(x) && (active + former > 30 || x.named));
  const shuffled = [...others];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [shuffled[i], shuffled[j]] = [must(shuffled[j], 'j'), must(shuffled[i], 'i')];
  }
  const gp = must(gps[Math.floor(rand() * gps.length)], 'gp');
  const members =
    active > 0 ? [gp, ...shuffled.slice(0, active + former - 1)] : shuffled.slice(0, former);
  const participant: CareTeamParticipant[] = [];
  const participations: Array<{ roleId: string; start: string; end: string | null }> = [];
  members.forEach((m, i) => {
    const formerMember = active > 0 ? i >= active : true;
    const startDays = Math.floor(rand() * 1500);
    const start = isoDay(Date.parse(created), i === 0 ? 0 : startDays);
    const end = formerMember ? isoDay(Date.parse(start), 30 + Math.floor(rand() * 300)) : null;
    const pcp = i === 0 && active > 0;
    participant.push({
      id: `p${participant.length + 1}`,
      role: [
        pcp
          ? {
              coding: [
                { system: SYSTEMS.roleCode, code: 'PCP', display: 'primary care physician' },
              ],
              text: 'Médecin traitant',
            }
          : {
              coding: [
                {
                  system: SYSTEMS.profession,
                  code: m.profession,
                  display: PROFESSIONS[m.profession],
                },
              ],
            },
      ],
      member: {
        reference: `PractitionerRole/${m.roleId}`,
        display: `${m.profession === '10' ? 'Dr ' : ''}${m.given} ${m.family.toUpperCase()}`,
      },
      period: { start, ...(end ? { end } : {}) },
    });
    participations.push({ roleId: m.roleId, start, end });
  });
  if (related) {
    participant.push({
      id: `p${participant.length + 1}`,
      role: [
        {
          coding: [{ system: SYSTEMS.roleCode, code: 'DAU', display: 'natural daughter' }],
          text: 'Fille',
        },
      ],
      member: { reference: `RelatedPerson/${related.id}`, display: 'Julie DURAND' },
      period: { start: created },
    });
  }
  return {
    resource: {
      resourceType: 'CareTeam',
      id: `cds-${p.id}`,
      identifier: [
        {
          system: 'urn:ietf:rfc:3986',
          value: `urn:uuid:00000000-0000-4000-8000-${String(PATIENTS.indexOf(p) + 1).padStart(12, '0')}`,
        },
      ],
      status: 'active',
      category: CARE_TEAM_CATEGORY,
      name: `Cercle de soins de ${patientName}`,
      subject: { reference: `Patient/${p.id}`, display: patientName },
      period: { start: created },
      participant,
      ...(active > 0
        ? {
            managingOrganization: [
              { reference: `Organization/${gp.org.id}`, display: gp.org.name },
            ],
          }
        : {}),
    },
    participations,
  };
}

/** CDA timestamp (`20191203133000+0100`) → FHIR dateTime. */
function cdaTime(v: string | undefined): string | undefined {
  if (!v) return undefined;
  const m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?([+-]\d{4})?/.exec(v);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, tz] = m;
  if (!h) return `${y}-${mo}-${d}`;
  const zone = tz ? `${tz.slice(0, 3)}:${tz.slice(3)}` : 'Z';
  return `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${zone}`;
}

interface LetterMeta {
  ins?: string;
  title?: string;
  date?: string;
  periodStart?: string;
  periodEnd?: string;
  custodian?: string;
  custodianFiness?: string;
}

/** Reads the header of a CDA letter with a few regular expressions (metadata only, no narrative). */
export function cdaMetadata(xml: string): LetterMeta {
  const header = xml.split(/<component>\s*<structuredBody/)[0] ?? xml;
  const record = /<recordTarget>[\s\S]*?<\/recordTarget>/.exec(header)?.[0] ?? '';
  const ins =
    /<id\s+extension="(\d{15})"\s+root="1\.2\.250\.1\.213\.1\.4\.(?:8|10)"/.exec(record)?.[1] ??
    /<id\s+root="1\.2\.250\.1\.213\.1\.4\.(?:8|10)"\s+extension="(\d{15})"/.exec(record)?.[1];
  const custodian = /<custodian[\s\S]*?<\/custodian>/.exec(header)?.[0] ?? '';
  const service = /<serviceEvent[\s\S]*?<\/serviceEvent>/.exec(header)?.[0] ?? '';
  return {
    ins,
    title: /<title>([^<]*)<\/title>/.exec(header)?.[1]?.trim(),
    date: cdaTime(/<effectiveTime\s+value="([^"]+)"/.exec(header)?.[1]),
    periodStart: cdaTime(/<low\s+value="([^"]+)"/.exec(service)?.[1]),
    periodEnd: cdaTime(/<high\s+value="([^"]+)"/.exec(service)?.[1]),
    custodian: /<name>([^<]*)<\/name>/.exec(custodian)?.[1]?.trim(),
    custodianFiness: /root="1\.2\.250\.1\.71\.4\.2\.2"\s+extension="([^"]+)"/.exec(custodian)?.[1],
  };
}

/** A FHIR instant for a date or dateTime (a date alone becomes midnight UTC). */
function instantOf(v: string | undefined): string | undefined {
  if (!v) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return `${v}T00:00:00Z`;
  if (/T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v)) return v;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

interface LetterFile {
  path: string;
  kind: 'cda' | 'bundle' | 'pdf';
  source: string;
  /** For the ANS examples: where they come from. */
  origin?: string;
}

function fixturesRoot(opt?: string): string {
  if (opt) return opt;
  if (process.env.LIEN_FIXTURES_DIR) return process.env.LIEN_FIXTURES_DIR;
  return resolve(PACKAGE_ROOT, '..', '..', '..', 'shared', 'fixtures');
}

function letterFiles(options: SeedOptions): LetterFile[] {
  const out: LetterFile[] = [];
  const dir = join(PACKAGE_ROOT, 'seed', 'letters');
  if (existsSync(dir)) {
    for (const f of readdirSync(dir).sort()) {
      const kind = f.endsWith('.cda.xml')
        ? 'cda'
        : f.endsWith('.bundle.json')
          ? 'bundle'
          : f.endsWith('.pdf')
            ? 'pdf'
            : null;
      if (kind) out.push({ path: join(dir, f), kind, source: f });
    }
  }
  const cda = join(fixturesRoot(options.fixturesDir), 'cda');
  const ans: Array<[string, string]> = [
    ['LDL-SES_2022.01.xml', 'ANS, exemple TestContenuCDA-3-0 (ExemplesCDA/LDL-SES_2022.01.xml)'],
    ['LDL-SES_2020.01.xml', 'ANS, exemple TestContenuCDA-2-41 (ExemplesCDA/LDL-SES_2020.01.xml)'],
  ];
  for (const [f, origin] of ans) {
    const p = join(cda, f);
    if (existsSync(p)) out.push({ path: p, kind: 'cda', source: f, origin });
  }
  return out;
}

function letterResources(
  file: LetterFile,
  patientsByIns: Map<string, PatientSeed>,
  fallback: PatientSeed,
): { content: Resource; docRef: Resource; patientId: string } {
  const name = slug(basename(file.source).replace(/\.(cda\.xml|bundle\.json|pdf|xml)$/, ''));
  const docId = `letter-${name}`.slice(0, 64);
  const bytes = readFileSync(file.path);
  let meta: LetterMeta = {};
  let type: string = LETTER_TYPES.dischargeSummary;
  let typeDisplay = "Lettre de liaison à la sortie d'un établissement de soins";
  let bundle: Resource | null = null;
  if (file.kind === 'cda') {
    meta = cdaMetadata(bytes.toString('utf8'));
  } else if (file.kind === 'bundle') {
    bundle = JSON.parse(bytes.toString('utf8')) as Resource;
    const entries =
      (bundle.entry as Array<{ resource?: Record<string, unknown> }> | undefined) ?? [];
    const composition = entries.find((e) => e.resource?.resourceType === 'Composition')?.resource;
    const patient = entries.find((e) => e.resource?.resourceType === 'Patient')?.resource as
      { identifier?: Array<{ value?: string }> } | undefined;
    type = LETTER_TYPES.hospitalDischargeReport;
    typeDisplay = 'Hospital discharge summary';
    const encounter = entries.find((e) => e.resource?.resourceType === 'Encounter')?.resource as
      { period?: { start?: string; end?: string } } | undefined;
    const custodianRef = (composition?.custodian as { reference?: string } | undefined)?.reference;
    const custodian = entries.find(
      (e) =>
        e.resource?.resourceType === 'Organization' &&
        custodianRef !== undefined &&
        (custodianRef.endsWith(`/${String(e.resource.id)}`) ||
          (e as { fullUrl?: string }).fullUrl === custodianRef),
    )?.resource as
      { name?: string; identifier?: Array<{ system?: string; value?: string }> } | undefined;
    meta = {
      ins: patient?.identifier?.find((i) => /^\d{15}$/.test(i.value ?? ''))?.value,
      title: typeof composition?.title === 'string' ? composition.title : undefined,
      date: typeof composition?.date === 'string' ? composition.date : undefined,
      periodStart: encounter?.period?.start,
      periodEnd: encounter?.period?.end,
      custodian: custodian?.name,
      custodianFiness: custodian?.identifier?.find((i) => i.system === SYSTEMS.finess)?.value,
    };
  }
  if (file.kind === 'pdf') {
    // A PDF has no structured header: look for a known INS and hospital in its (uncompressed) text.
    const text = bytes.toString('latin1');
    meta.ins = [...patientsByIns.keys()].find((ins) => text.includes(ins));
    const org = ORGS.find((o) => o.kind === 'hospital' && text.includes(o.name));
    if (org) {
      meta.custodianFiness = org.finess;
      meta.custodian = org.name;
    }
    // The document date is the PDF's /CreationDate (D:YYYYMMDDHHmmSS…), when it has one.
    const created =
      /\/CreationDate\s*\(D:(\d{4})(\d{2})(\d{2})(\d{2})?(\d{2})?(\d{2})?(?:([+-])(\d{2})'?(\d{2})?)?/.exec(
        text,
      );
    if (created) {
      const [, y, mo, d, h = '00', mi = '00', sec = '00', sign, tzh, tzm = '00'] = created;
      meta.date = `${y}-${mo}-${d}T${h}:${mi}:${sec}${sign ? `${sign}${tzh}:${tzm}` : 'Z'}`;
    }
  }
  const patient = (meta.ins && patientsByIns.get(meta.ins)) || fallback;
  const patientRef = {
    reference: `Patient/${patient.id}`,
    display: `${patient.given[0]} ${patient.family.toUpperCase()}`,
  };
  const contentId = `${docId}-${file.kind === 'bundle' ? 'doc' : 'bin'}`.slice(0, 64);
  const contentType =
    file.kind === 'cda'
      ? 'application/xml'
      : file.kind === 'pdf'
        ? 'application/pdf'
        : 'application/fhir+json';
  const custodianOrg = ORGS.find((o) => o.finess && o.finess === meta.custodianFiness);
  const description = file.origin
    ? `${meta.title ?? 'Lettre de liaison'} — ${file.origin}`
    : `${meta.title ?? (file.kind === 'pdf' ? 'Lettre de liaison (PDF)' : 'Lettre de liaison de sortie')} — jeu de démonstration Lien (${file.source})`;
  const docRef: Resource = {
    resourceType: 'DocumentReference',
    id: docId,
    status: 'current',
    type: { coding: [{ system: SYSTEMS.loinc, code: type, display: typeDisplay }] },
    subject: patientRef,
    date: instantOf(meta.date) ?? SEED_INSTANT.toISOString(),
    ...(meta.custodian || custodianOrg
      ? {
          custodian: custodianOrg
            ? { reference: `Organization/${custodianOrg.id}`, display: custodianOrg.name }
            : { display: meta.custodian },
        }
      : {}),
    description,
    content: [
      {
        attachment: {
          contentType,
          language: 'fr-FR',
          url: `${file.kind === 'bundle' ? 'Bundle' : 'Binary'}/${contentId}`,
          title: meta.title ?? 'Lettre de liaison de sortie',
          size: bytes.length,
        },
        ...(file.kind === 'cda'
          ? {
              format: {
                system: 'http://ihe.net/fhir/ValueSet/IHE.FormatCode.codesystem',
                code: file.source.includes('2020')
                  ? 'urn:asip:ci-sis:ldl-ses:2020'
                  : 'urn:asip:ci-sis:ldl-ses:2022',
              },
            }
          : {}),
      },
    ],
    ...(meta.periodStart
      ? {
          context: {
            period: { start: meta.periodStart, ...(meta.periodEnd ? { end: meta.periodEnd } : {}) },
          },
        }
      : {}),
  };
  const content: Resource = bundle
    ? { ...bundle, id: contentId }
    : {
        resourceType: 'Binary',
        id: contentId,
        contentType,
        securityContext: { reference: `Patient/${patient.id}` },
        data: bytes.toString('base64'),
      };
  return { content, docRef, patientId: patient.id };
}

/**
 * Loads the demo data set (idempotent: existing resources are left alone, so restarting with
 * `--seed demo` changes nothing): 7 patients with INS (test OID), 40 named professionals of 13
 * professions (TRE_G15) plus generated ones, 9 hospital and community organisations, care circles of 0, 1, 3,
 * 6, 15 and 120 active members (with former members), and the discharge letters found on disk.
 * Deterministic: a seeded PRNG and a fixed instant.
 */
export async function seedDemo(db: Db, options: SeedOptions = {}): Promise<SeedReport> {
  const rand = prng(20250602);
  const pros = professionals(rand, 110);
  const resources: Array<{ resource: Resource; patientId?: string | null }> = [];
  for (const o of ORGS) resources.push({ resource: organizationResource(o) });
  for (const p of pros) for (const r of proResources(p, rand)) resources.push({ resource: r });
  const related: Resource = {
    resourceType: 'RelatedPerson',
    id: 'julie-durand',
    patient: { reference: 'Patient/marie-durand' },
    relationship: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode',
            code: 'DAU',
            display: 'natural daughter',
          },
        ],
        text: 'Fille',
      },
    ],
    name: [{ use: 'official', family: 'DURAND', given: ['Julie'] }],
    telecom: [{ system: 'phone', value: '06 23 45 67 89', use: 'mobile' }],
  };
  const teams: Array<{
    patient: PatientSeed;
    resource: Resource;
    participations: Array<{ roleId: string; start: string; end: string | null }>;
  }> = [];
  for (const p of PATIENTS) {
    resources.push({ resource: patientResource(p) });
    if (p.circle) {
      const rel = p.id === 'marie-durand' ? related : null;
      const t = careTeam(p, pros, rand, rel);
      teams.push({ patient: p, ...t });
    }
  }
  resources.push({ resource: related });
  const byIns = new Map(PATIENTS.map((p) => [p.ins ?? insFor(must(p.nir13, 'nir')), p]));
  const letters: string[] = [];
  for (const f of letterFiles(options)) {
    const { content, docRef, patientId } = letterResources(f, byIns, must(PATIENTS[0], 'patient'));
    resources.push({ resource: content, patientId });
    resources.push({ resource: docRef, patientId });
    letters.push(must(docRef.id, 'id'));
  }

  const now = SEED_INSTANT;
  return db.transaction(async (tx: Queryable) => {
    // Servers seeding an empty PostgreSQL at once take turns (as for migrate, another key): the next
    // one then finds every resource present instead of inserting it a second time.
    if (db.kind === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(4242002)');
    let created = await store.bulkCreate(tx, resources, now);
    for (const t of teams) {
      const n = await store.bulkCreate(tx, [{ resource: t.resource }], now);
      if (n === 0) continue;
      created += n;
      await tx.query(
        `INSERT INTO care_team_participation
           (care_team_id, patient_id, member_type, member_id, period_start, period_end, started_version, ended_version)
         SELECT $1, $2, 'PractitionerRole', r, s, e, 1, CASE WHEN e IS NULL THEN NULL ELSE 1 END
           FROM unnest($3::text[], $4::text[], $5::text[]) AS x(r, s, e)`,
        [
          t.resource.id,
          t.patient.id,
          t.participations.map((x) => x.roleId),
          t.participations.map((x) => x.start),
          t.participations.map((x) => x.end),
        ],
      );
    }
    const total = resources.length + teams.length;
    await tx.query(
      `INSERT INTO seed_run (name, applied_at, resources) VALUES ('demo', $1::timestamptz, $2)
       ON CONFLICT (name) DO UPDATE SET applied_at = EXCLUDED.applied_at, resources = EXCLUDED.resources`,
      [(options.now ?? new Date()).toISOString(), total],
    );
    return {
      created,
      skipped: total - created,
      patients: PATIENTS.length,
      professionals: pros.length,
      letters,
    };
  });
}

/** The seed's patients and professionals, for tests and the benchmark. */
export function demoDirectory(): {
  patients: Array<{ id: string; ins: string; activeMembers: number }>;
  professionals: Array<{ rpps: string; roleId: string; profession: string; named: boolean }>;
} {
  const rand = prng(20250602);
  const pros = professionals(rand, 110);
  return {
    patients: PATIENTS.map((p) => ({
      id: p.id,
      ins: p.ins ?? insFor(must(p.nir13, 'nir')),
      activeMembers: p.circle?.[0] ?? 0,
    })),
    professionals: pros.map((p) => ({
      rpps: rppsFor(p.n),
      roleId: p.roleId,
      profession: p.profession,
      named: p.named,
    })),
  };
}
