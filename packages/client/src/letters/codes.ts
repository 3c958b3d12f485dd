/**
 * Section identities, code systems and small formatting helpers shared by the readers.
 * @internal
 */
import { SYSTEMS } from '../fhir/systems.js';
import type { LabelledCode } from '../model.js';
import type { LetterSectionKind } from './model.js';

/** OIDs of the LDL-SES document model. */
export const LDL_SES_TEMPLATE = '1.2.250.1.213.1.1.1.29';

/** How each section kind is recognised: CDA template OIDs, then LOINC codes. */
interface SectionIdentity {
  kind: LetterSectionKind;
  templates: readonly string[];
  loinc: readonly string[];
}

/**
 * Section identities. Templates are checked before LOINC codes, so a section is recognised by its
 * declared template even when its code differs; the first template of an identity is the one the
 * LDL-SES model names, reported as the section's `templateId` when present.
 */
export const SECTION_IDENTITIES: readonly SectionIdentity[] = [
  { kind: 'document-status', templates: ['1.2.250.1.213.1.1.2.35'], loinc: ['33557-0'] },
  { kind: 'reason', templates: ['1.3.6.1.4.1.19376.1.5.3.1.3.1'], loinc: ['42349-1', '29299-5'] },
  {
    kind: 'synthesis',
    templates: ['1.3.6.1.4.1.19376.1.7.3.1.1.13.7', '1.3.6.1.4.1.19376.1.5.3.1.1.21.2.9'],
    loinc: ['42545-4', '8648-8', '67781-5'],
  },
  { kind: 'stopped-treatments', templates: ['1.3.6.1.4.1.19376.1.5.3.1.3.21'], loinc: ['18610-6'] },
  {
    kind: 'discharge-treatments',
    templates: ['1.3.6.1.4.1.19376.1.5.3.1.3.22'],
    loinc: ['10183-2', '75311-1'],
  },
  { kind: 'pending-results', templates: ['1.3.6.1.4.1.19376.1.5.3.1.3.27'], loinc: [] },
  {
    kind: 'follow-up',
    templates: ['1.3.6.1.4.1.19376.1.5.3.1.3.36', '2.16.840.1.113883.10.20.1.10'],
    loinc: ['18776-5'],
  },
  { kind: 'devices', templates: ['1.2.250.1.213.1.1.2.1'], loinc: ['46264-8'] },
  { kind: 'allergies', templates: ['1.3.6.1.4.1.19376.1.5.3.1.3.13'], loinc: ['48765-2'] },
  { kind: 'results', templates: [], loinc: ['30954-2'] },
  { kind: 'medications-during-stay', templates: [], loinc: ['87232-5'] },
  { kind: 'diagnoses', templates: [], loinc: ['11535-2'] },
  { kind: 'admission-evaluation', templates: [], loinc: ['67851-6', '67852-4'] },
  { kind: 'alerts', templates: [], loinc: ['104605-1'] },
];

/** The kind of a section from its templates and LOINC code, and the template that matched. */
export function sectionKind(
  templateIds: readonly string[],
  code: string | undefined,
): { kind: LetterSectionKind; templateId?: string } {
  for (const identity of SECTION_IDENTITIES) {
    const templateId = identity.templates.find((t) => templateIds.includes(t));
    if (templateId) return { kind: identity.kind, templateId };
  }
  if (code) {
    for (const identity of SECTION_IDENTITIES) {
      if (identity.loinc.includes(code)) return { kind: identity.kind, templateId: templateIds[0] };
    }
  }
  return templateIds[0] === undefined
    ? { kind: 'other' }
    : { kind: 'other', templateId: templateIds[0] };
}

// ---------------------------------------------------------------------------------------------
// Code systems
// ---------------------------------------------------------------------------------------------

/** CDA code system OIDs that have a FHIR URL. */
const OID_URLS: Record<string, string> = {
  '2.16.840.1.113883.6.1': SYSTEMS.loinc,
  '2.16.840.1.113883.6.96': 'http://snomed.info/sct',
  '2.16.840.1.113883.6.73': 'http://www.whocc.no/atc',
  '2.16.840.1.113883.6.88': 'http://www.nlm.nih.gov/research/umls/rxnorm',
  '2.16.840.1.113883.5.1': 'http://terminology.hl7.org/CodeSystem/v3-AdministrativeGender',
  '2.16.840.1.113883.5.4': 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  '2.16.840.1.113883.5.7': 'http://terminology.hl7.org/CodeSystem/v3-ActPriority',
  '2.16.840.1.113883.5.88': 'http://terminology.hl7.org/CodeSystem/v3-ParticipationFunction',
  '2.16.840.1.113883.5.111': SYSTEMS.roleCode,
  '2.16.840.1.113883.5.112': 'http://terminology.hl7.org/CodeSystem/v3-RouteOfAdministration',
};

/** A code system URL for a CDA `codeSystem` OID (`urn:oid:…` when it has no URL). */
export function systemUrl(oid: string | undefined): string {
  if (!oid) return '';
  return OID_URLS[oid] ?? `urn:oid:${oid}`;
}

/** A {@link LabelledCode} from a code, its system and the letter's label. */
export function labelled(code: string, system: string, display?: string): LabelledCode {
  const label = display?.trim();
  return { code, system, ...(label ? { display: label } : {}) };
}

/**
 * Splits an ANS profession/specialty code (`G15_10/SM27`, nomenclature 1.2.250.1.213.1.1.4.5) into
 * a profession (TRE_G15) and a specialty (TRE_R38), using the French display
 * (`Médecin - Médecine interne (SM)`) for the labels.
 */
export function professionAndSpecialty(
  code: string,
  display?: string,
): { profession?: LabelledCode; specialty?: LabelledCode } {
  const match = /^G15_(\d+)(?:\/([A-Z]{1,3}\d+))?$/.exec(code.trim());
  if (!match?.[1]) return {};
  const [professionLabel, specialtyLabel] = (display ?? '').split(/\s+-\s+/);
  const out: { profession?: LabelledCode; specialty?: LabelledCode } = {
    profession: labelled(match[1], SYSTEMS.profession, professionLabel),
  };
  if (match[2]) {
    const label = specialtyLabel?.replace(/\s*\([A-Z]{2,3}\)\s*$/, '');
    out.specialty = labelled(match[2], SYSTEMS.specialty, label);
  }
  return out;
}

/** INS identifier systems (OID), with their kind. */
export const INS_SYSTEMS: Record<string, { kind: 'INS-NIR' | 'INS-NIA'; test: boolean }> = {
  '1.2.250.1.213.1.4.8': { kind: 'INS-NIR', test: false },
  '1.2.250.1.213.1.4.9': { kind: 'INS-NIA', test: false },
  '1.2.250.1.213.1.4.10': { kind: 'INS-NIR', test: true },
  '1.2.250.1.213.1.4.11': { kind: 'INS-NIA', test: true },
};

/** OID of national professional ids (IDNPS). */
export const IDNPS_OID = '1.2.250.1.71.4.2.1';
/** OID of FINESS numbers. */
export const FINESS_OID = '1.2.250.1.71.4.2.2';

/** The RPPS inside an IDNPS (`8` + 11-digit RPPS), if it is one. */
export function rppsFromIdnps(idnps: string): string | undefined {
  return /^8\d{11}$/.test(idnps) ? idnps.slice(1) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

/**
 * An HL7 v3 TS (`20191029111700+0100`, `20191203`, `201912`) as ISO 8601
 * (`2019-10-29T11:17:00+01:00`, `2019-12-03`, `2019-12`). Undefined when it is not a TS.
 */
export function isoFromTs(ts: string | null | undefined): string | undefined {
  if (!ts) return undefined;
  const m = /^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:\.\d+)?([+-]\d{4})?$/.exec(
    ts.trim(),
  );
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, tz] = m;
  let out = y ?? '';
  if (mo) out += `-${mo}`;
  if (mo && d) out += `-${d}`;
  if (d && h) {
    out += `T${h}:${mi ?? '00'}:${s ?? '00'}`;
    if (tz) out += `${tz.slice(0, 3)}:${tz.slice(3)}`;
  }
  return out;
}

/** The calendar date part (`YYYY-MM-DD`) of an ISO date or date-time, as written (no time-zone shift). */
export function datePart(iso: string | undefined): string | undefined {
  const m = iso ? /^(\d{4}-\d{2}-\d{2})/.exec(iso) : null;
  return m?.[1];
}

/** Calendar days from one ISO date to another (date parts as written). */
export function daysBetween(from: string | undefined, to: string | undefined): number | undefined {
  const a = datePart(from);
  const b = datePart(to);
  if (!a || !b) return undefined;
  const ms = Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`);
  if (Number.isNaN(ms)) return undefined;
  return Math.round(ms / 86_400_000);
}

// ---------------------------------------------------------------------------------------------
// Medication wording (French: the letters are French documents)
// ---------------------------------------------------------------------------------------------

/** UCUM annotations and units used for doses, in French. */
const UNIT_WORDS: Record<string, [string, string]> = {
  '{tbl}': ['comprimé', 'comprimés'],
  '{comprime}': ['comprimé', 'comprimés'],
  '{cap}': ['gélule', 'gélules'],
  '{gel}': ['gélule', 'gélules'],
  '{puff}': ['bouffée', 'bouffées'],
  '{drp}': ['goutte', 'gouttes'],
  '[drp]': ['goutte', 'gouttes'],
  '{gtt}': ['goutte', 'gouttes'],
  '{sachet}': ['sachet', 'sachets'],
  '{amp}': ['ampoule', 'ampoules'],
  '{patch}': ['patch', 'patchs'],
  '{suppo}': ['suppositoire', 'suppositoires'],
  '{inj}': ['injection', 'injections'],
  '[iU]': ['UI', 'UI'],
  '[IU]': ['UI', 'UI'],
  '1': ['unité', 'unités'],
};

/** `1 comprimé`, `2 gélules`, `500 mg`. */
export function formatQuantity(value: string, unit: string | undefined): string {
  const n = Number(value);
  const shown = Number.isFinite(n) ? String(n).replace('.', ',') : value;
  if (!unit) return shown;
  const words = UNIT_WORDS[unit];
  if (words) return `${shown} ${n > 1 ? words[1] : words[0]}`;
  const annotation = /^\{(.+)\}$/.exec(unit)?.[1];
  return `${shown} ${annotation ?? unit}`;
}

/**
 * `1 à 2 comprimés` for a range (`500 mg à 1 g` when the ends have different units), or one
 * quantity when both ends are equal.
 */
export function formatRange(
  low: { value: string; unit?: string } | undefined,
  high: { value: string; unit?: string } | undefined,
): string | undefined {
  if (low?.unit && high?.unit && low.unit !== high.unit) {
    return `${formatQuantity(low.value, low.unit)} à ${formatQuantity(high.value, high.unit)}`;
  }
  if (low && high && low.value !== high.value) {
    const unit = high.unit ?? low.unit;
    return `${String(Number(low.value)).replace('.', ',')} à ${formatQuantity(high.value, unit)}`;
  }
  const one = low ?? high;
  return one ? formatQuantity(one.value, one.unit ?? high?.unit) : undefined;
}

const PERIOD_UNITS: Record<string, [string, string, 'm' | 'f']> = {
  s: ['seconde', 'secondes', 'f'],
  min: ['minute', 'minutes', 'f'],
  h: ['heure', 'h', 'f'],
  d: ['jour', 'jours', 'm'],
  wk: ['semaine', 'semaines', 'f'],
  mo: ['mois', 'mois', 'm'],
  a: ['an', 'ans', 'm'],
};

/** `1 fois par jour`, `toutes les 8 h`, `tous les 2 jours`, from a period (value and UCUM unit). */
export function formatPeriod(value: string, unit: string): string | undefined {
  const n = Number(value);
  const words = PERIOD_UNITS[unit];
  if (!words || !Number.isFinite(n) || n <= 0) return undefined;
  if (n === 1) return `1 fois par ${words[0]}`;
  if (unit === 'd' && n < 1) {
    const times = Math.round(1 / n);
    if (Math.abs(times * n - 1) < 1e-9) return `${times} fois par jour`;
  }
  const every = words[2] === 'f' ? 'toutes les' : 'tous les';
  return `${every} ${String(n).replace('.', ',')} ${words[1]}`;
}

/** HL7 TimingEvent codes (EIVL_TS) in French. */
export const TIMING_EVENTS: Record<string, string> = {
  AC: 'avant les repas',
  ACM: 'avant le petit-déjeuner',
  ACD: 'avant le déjeuner',
  ACV: 'avant le dîner',
  PC: 'après les repas',
  PCM: 'après le petit-déjeuner',
  PCD: 'après le déjeuner',
  PCV: 'après le dîner',
  C: 'pendant les repas',
  CM: 'au petit-déjeuner',
  CD: 'au déjeuner',
  CV: 'au dîner',
  HS: 'au coucher',
  WAKE: 'au réveil',
  MORN: 'le matin',
  AFT: "l'après-midi",
  EVE: 'le soir',
  NIGHT: 'la nuit',
};
