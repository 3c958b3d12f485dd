/**
 * Formatting helpers of `<lien-discharge-summary>`: letter dates of any precision, professionals'
 * names with their French title, admission/discharge modes in the letter's own words.
 */
import type { LabelledCode } from '@lien/client';
import type { LetterCodedText, LetterPersonName, LetterProfessional } from '@lien/client/letters';
import type { LocalizeController } from '../i18n/localize.js';

const YEAR = /^(\d{4})$/;
const MONTH = /^(\d{4})-(\d{2})$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/;

/** True for the ISO forms a letter gives (year, month, day, or instant), valid for `datetime`. */
export function isIsoDate(value: string | undefined): value is string {
  if (!value) return false;
  return (
    (YEAR.test(value) || MONTH.test(value) || DAY.test(value) || INSTANT.test(value)) &&
    !Number.isNaN(Date.parse(value.length === 4 ? `${value}-01-01` : value))
  );
}

/** A date as precise as the letter gives it, in UTC (as written), or null when not a date. */
export function partialDate(
  value: string,
): { date: Date; options: Intl.DateTimeFormatOptions } | null {
  const parts = (pattern: RegExp) => pattern.exec(value)?.slice(1).map(Number);
  const year = parts(YEAR);
  if (year) {
    const [y = 0] = year;
    return { date: new Date(Date.UTC(y, 0, 1)), options: { year: 'numeric', timeZone: 'UTC' } };
  }
  const month = parts(MONTH);
  if (month) {
    const [y = 0, m = 1] = month;
    return {
      date: new Date(Date.UTC(y, m - 1, 1)),
      options: { year: 'numeric', month: 'long', timeZone: 'UTC' },
    };
  }
  const day = parts(DAY);
  if (day) {
    const [y = 0, m = 1, d = 1] = day;
    return {
      date: new Date(Date.UTC(y, m - 1, d)),
      options: { dateStyle: 'medium', timeZone: 'UTC' },
    };
  }
  // An instant: its calendar day as written in the letter (not shifted to the reader's zone),
  // except a UTC instant, which names no wall-clock time: its day in the reader's zone.
  if (INSTANT.test(value) && !Number.isNaN(Date.parse(value))) {
    if (isUtcInstant(value)) {
      const local = new Date(Date.parse(value));
      return {
        date: new Date(Date.UTC(local.getFullYear(), local.getMonth(), local.getDate())),
        options: { dateStyle: 'medium', timeZone: 'UTC' },
      };
    }
    return partialDate(value.slice(0, 10));
  }
  return null;
}

/**
 * True for an instant in UTC (`Z`, `+00:00`) with a time other than midnight: a system's
 * timestamp, not the hospital's wall-clock time, so shown in the reader's time zone. Midnight UTC
 * is how many systems write a bare date: it keeps its day as written.
 */
function isUtcInstant(value: string): boolean {
  const match = /T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]00:00)$/.exec(value);
  return !!match && !(match[1] === '00' && match[2] === '00' && +(match[3] ?? 0) === 0);
}

/**
 * A letter date ("2019", "2021-02", "2025-05-12", an instant) formatted at its own precision
 * with `Intl` ("2019", "février 2021", "12 mai 2025"); `withTime` adds the time of an instant,
 * as written when it has a local offset (the hospital's wall-clock time, never shifted to the
 * reader's time zone); an instant in UTC (`Z`, `+00:00`) is shown in the reader's time zone.
 * A value that is not a date is returned as written (it is bound as text).
 */
export function formatLetterDate(t: LocalizeController, value: string, withTime = false): string {
  const parsed = partialDate(value);
  if (!parsed) return value;
  if (withTime && isUtcInstant(value)) {
    return t.date(Date.parse(value), { dateStyle: 'medium', timeStyle: 'short' });
  }
  // The time as written in the letter (the hospital's wall-clock time), not converted.
  const time = withTime ? /T(\d{2}):(\d{2})/.exec(value) : null;
  if (time && INSTANT.test(value) && !(time[1] === '00' && time[2] === '00')) {
    const day = parsed.date;
    const at = Date.UTC(
      day.getUTCFullYear(),
      day.getUTCMonth(),
      day.getUTCDate(),
      +(time[1] ?? 0),
      +(time[2] ?? 0),
    );
    return t.date(at, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
  }
  return t.date(parsed.date, parsed.options);
}

/** Admission to discharge, shortened by `Intl` where both share parts ("29 oct. – 3 déc. 2019"). */
export function formatStay(t: LocalizeController, start: string, end: string): string {
  const a = partialDate(start);
  const b = partialDate(end);
  if (!a || !b) return `${start} – ${end}`;
  return t.dateRange(a.date, b.date, { dateStyle: 'medium', timeZone: 'UTC' });
}

/** Length of stay in days through `Intl` ("35 jours"), "le jour même" for 0. */
export function formatLengthOfStay(
  t: LocalizeController,
  days: number | undefined,
): string | undefined {
  if (days === undefined || !Number.isFinite(days) || days < 0) return undefined;
  if (days === 0) return t.term('dsSameDay');
  return t.number(days, { style: 'unit', unit: 'day', unitDisplay: 'long' });
}

const TITLES: Record<string, string> = { DR: 'Dr', PR: 'Pr', 'DR.': 'Dr', 'PR.': 'Pr' };

/** A professional's name with the French title the letter gives (`suffix` DR/PR → "Dr"/"Pr"). */
export function professionalName(t: LocalizeController, name: LetterPersonName): string {
  const title =
    TITLES[(name.suffix ?? '').trim().toUpperCase()] ??
    TITLES[(name.prefix ?? '').trim().toUpperCase()];
  return t.name({
    ...(title ? { prefix: title } : {}),
    ...(name.given ? { given: name.given } : {}),
    ...(name.family ? { family: name.family } : {}),
    text: name.text,
  });
}

/** The patient's name (used given and family names; no civility). */
export function patientName(t: LocalizeController, name: LetterPersonName): string {
  return t.name({
    ...(name.given ? { given: capitalise(name.given) } : {}),
    ...(name.family ? { family: name.family } : {}),
    text: name.text,
  });
}

/** "MARIE LOUISE" → "Marie Louise" (French letters write given names in capitals). */
function capitalise(given: string): string {
  if (given !== given.toLocaleUpperCase('fr')) return given;
  return given
    .toLocaleLowerCase('fr')
    .replace(
      /(^|[\s-])(\p{L})/gu,
      (_, sep: string, letter: string) => sep + letter.toLocaleUpperCase('fr'),
    );
}

/** A professional's detail: specialty (else profession), then organisation. */
export function professionalDetail(
  t: LocalizeController,
  person: LetterProfessional,
): string | undefined {
  const parts = [
    person.specialty
      ? t.label(person.specialty)
      : person.profession
        ? t.label(person.profession)
        : undefined,
    person.organization?.name,
  ].filter((part): part is string => !!part?.trim());
  return parts.length ? parts.join(', ') : undefined;
}

const LEADING_DATE = /^\s*\d{1,2}\/\d{1,2}\/\d{2,4}\s*[,;:–-]?\s*/;

/**
 * An admission or discharge mode in the letter's words ("par les urgences"), without the date
 * LDL-SES writes first ("12/05/2025, …"); else the code's label.
 */
export function modeText(t: LocalizeController, mode: LetterCodedText): string | undefined {
  const text = mode.text?.replace(LEADING_DATE, '').trim();
  if (text) return text;
  return mode.code ? labelOf(t, mode.code) : undefined;
}

/**
 * An INS (15 characters) grouped as printed on the carte Vitale, `2 51 03 69 123 381 51` (the
 * department may be `2A`/`2B`); anything else is returned as given.
 */
export function groupIns(value: string): string {
  const parts = /^(\d)(\d{2})(\d{2})(\d[\dAB])(\d{3})(\d{3})(\d{2})$/.exec(value.trim());
  return parts ? parts.slice(1).join(' ') : value;
}

/** A code's label in the current language, else its code. */
export function labelOf(t: LocalizeController, code: LabelledCode): string {
  return t.label(code) || code.code;
}

/**
 * A `tel:` URL for a phone number as a letter writes it (`04 72 11 22 33`, `+33 (0)4 72…`), or
 * undefined when it is not only a number: digits and a leading `+` once the visual separators
 * (spaces, dots, dashes, slashes, parentheses) are gone, then checked as a URL of protocol `tel:`
 * as links are (only known protocols become links).
 */
export function telHref(phone: string): string | undefined {
  const digits = phone.trim().replace(/[\s.\-/()]/g, '');
  if (!/^\+?\d{3,20}$/.test(digits)) return undefined;
  try {
    const url = new URL(`tel:${digits}`);
    return url.protocol === 'tel:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
