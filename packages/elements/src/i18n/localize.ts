/**
 * The one localisation layer of the elements: translated terms, and `Intl` formatting of dates,
 * durations, lists, numbers and names, in the language that applies to the host element.
 *
 * The language is the nearest `lang`: the element's own attribute, then its ancestors'
 * (the closest `[lang]`, crossing shadow roots up to the document), then `<html lang>`.
 * One `MutationObserver` watches `lang` attributes in the document and in the shadow roots that
 * contain connected hosts, and re-renders the hosts whose language changed.
 */
import type { LabelledCode } from '@lien/client';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { fr } from './fr.js';
import type {
  CoreTranslation,
  FeatureTerms,
  NameParts,
  PartialTranslation,
  TermArgs,
  TranslationInput,
  TermKey,
} from './types.js';

const translations = new Map<string, PartialTranslation>([['fr', fr]]);

/**
 * Built-in tables of languages other than French, loaded on demand: a page in French (the
 * elements' first language) never downloads them. An element waits for its language's table
 * before rendering ({@link languageReady}), so it never shows French first.
 */
const onDemand = new Map<string, () => Promise<TranslationInput>>([
  ['en', () => import('./en.js').then((module) => module.en)],
]);
/** Tables registered for a language whose built-in table is loading: applied on top of it. */
const waiting = new Map<string, TranslationInput[]>();
const loading = new Map<string, Promise<void>>();

/**
 * Loads the built-in table of `lang`'s base language (`en` for `en-GB`) when it comes on demand.
 * Returns a promise that settles once it is registered, or `undefined` when there is nothing to
 * wait for. A failed load settles too (the text stays French) and is tried again next time.
 */
export function languageReady(lang: string): Promise<void> | undefined {
  const code = lang.toLowerCase().split('-')[0] ?? '';
  const load = onDemand.get(code);
  if (!load) return undefined;
  let pending = loading.get(code);
  if (!pending) {
    pending = load().then(
      (table) => {
        onDemand.delete(code);
        loading.delete(code);
        const later = waiting.get(code) ?? [];
        waiting.delete(code);
        registerTranslation(table, ...later);
      },
      () => void loading.delete(code),
    );
    loading.set(code, pending);
  }
  return pending;
}

/** The table used when no registered table matches the language, and for missing terms. */
export const fallbackTranslation: CoreTranslation = fr;

/** The French table as registered (with the host's overrides): where missing terms come from. */
let french: PartialTranslation = fr;
/** Bumped by each registration, so that every connected element takes it into account. */
let registrations = 0;

/**
 * Registers translation tables: a new language (a German table), a regional variant (`fr-CA`,
 * `en-GB`), or overrides of some terms of a language already registered (`fr`, `en`…).
 *
 * - A table for a language already registered is merged into it: the terms and `$codes` labels it
 *   gives replace those of the same key; the others stay. Registering `{ $code: 'en',
 *   careCircleTitle: 'Care team' }` changes that one English term.
 * - A term missing from a regional table comes from its base language's table (`en-GB` → `en`),
 *   then from French, as for any missing term.
 * - `$name` and `$dir` are needed for a new language only (defaults: the code, `ltr`).
 * - A table for English, whose built-in table is loaded on demand, is applied once that table
 *   is there (registering it starts the loading).
 *
 * Connected elements re-render.
 */
export function registerTranslation(...tables: TranslationInput[]): void {
  for (const table of tables) {
    const code = table.$code.toLowerCase();
    if (onDemand.has(code)) {
      waiting.set(code, [...(waiting.get(code) ?? []), table]);
      void languageReady(code);
      continue;
    }
    const existing = translations.get(code);
    const $codes: Record<string, Record<string, string>> = {};
    for (const source of [existing?.$codes, table.$codes])
      for (const [system, labels] of Object.entries(source ?? {}))
        $codes[system] = { ...$codes[system], ...labels };
    translations.set(code, {
      $name: table.$code,
      $dir: 'ltr',
      ...existing,
      ...table,
      $codes,
    } as PartialTranslation);
    if (code === 'fr') french = translations.get(code) ?? fr;
  }
  registrations++;
  for (const controller of connected) controller.refresh(true);
}

/** The languages with a table (`fr`, `en`, and any registered by the host). */
export function availableLanguages(): string[] {
  return [...new Set([...translations.keys(), ...onDemand.keys()])];
}

const NON_EMPTY_LANG = '[lang]:not([lang=""])';

/** The language that applies to `element`: own or closest ancestor `lang`, crossing shadow roots. */
export function resolveLang(element: Element): string {
  let node: Element | null = element;
  while (node) {
    const found = node.closest(NON_EMPTY_LANG);
    if (found) return found.getAttribute('lang') ?? '';
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return element.ownerDocument.documentElement.lang || fallbackTranslation.$code;
}

/** The table of a language tag, and the table of its base language when they differ. */
function tablesFor(lang: string): [PartialTranslation, PartialTranslation | undefined] {
  const lower = lang.toLowerCase();
  const base = translations.get(lower.split('-')[0] ?? '');
  const own = translations.get(lower);
  return own ? [own, base === own ? undefined : base] : [base ?? french, undefined];
}

function canonicalLocale(lang: string, table: PartialTranslation): string {
  try {
    const [canonical] = Intl.getCanonicalLocales(lang);
    // The language's own locale only when it is the table's language (fr-BE for French…);
    // for an unsupported language the text is French, so French formats follow.
    if (canonical && canonical.toLowerCase().split('-')[0] === table.$code.split('-')[0]) {
      return canonical;
    }
  } catch {
    // invalid tag: use the table's language
  }
  return table.$code;
}

// --- One observer for every connected controller -------------------------------------------

const connected = new Set<LocalizeController>();
const observedRoots = new WeakSet<Node>();
let observer: MutationObserver | undefined;

function observeRootsOf(element: Element): void {
  observer ??= new MutationObserver(() => {
    for (const controller of connected) controller.refresh(true);
  });
  let root: Node = element.getRootNode();
  for (;;) {
    const target = root instanceof Document ? root.documentElement : root;
    if (!observedRoots.has(target)) {
      observedRoots.add(target);
      observer.observe(target, { attributes: true, attributeFilter: ['lang'], subtree: true });
    }
    if (!(root instanceof ShadowRoot)) break;
    root = root.host.getRootNode();
  }
}

/** Units used for "member for 3 months", largest first. */
const DURATION_UNITS: [Intl.RelativeTimeFormatUnit & string, number][] = [
  ['year', 365.25 * 24 * 3600e3],
  ['month', 30.44 * 24 * 3600e3],
  ['week', 7 * 24 * 3600e3],
  ['day', 24 * 3600e3],
  ['hour', 3600e3],
  ['minute', 60e3],
];

type DateInput = string | number | Date;
const toDate = (value: DateInput) => (value instanceof Date ? value : new Date(value));

/** A host the controller can attach to: a Lit element (or any reactive host that is an element). */
export type LocalizeHost = ReactiveControllerHost & HTMLElement;

/** Intl formatters are costly to build: one per constructor, locale and options, reused. */
const formatters = new Map<string, unknown>();

function intl<T, O>(Ctor: new (locale: string, options?: O) => T, locale: string, options?: O): T {
  const key = `${Ctor.name}|${locale}|${JSON.stringify(options ?? {})}`;
  let formatter = formatters.get(key) as T | undefined;
  if (!formatter) {
    formatter = new Ctor(locale, options);
    formatters.set(key, formatter);
  }
  return formatter;
}

/**
 * Reactive controller giving an element its language, terms and `Intl` formatters.
 *
 * ```ts
 * private readonly localize = new LocalizeController(this);
 * render() { return html`<h2>${this.localize.term('careCircleTitle')}</h2>`; }
 * ```
 */
export class LocalizeController implements ReactiveController {
  /** The clock used for relative dates; tests and stories may replace it. */
  static now: () => number = () => Date.now();

  private readonly host: LocalizeHost;
  private currentLang = '';
  private table: PartialTranslation = fallbackTranslation;
  /** The base language's table, for a regional table (`en` for `en-GB`). */
  private baseTable: PartialTranslation | undefined;
  /** The registrations this controller's tables reflect. */
  private registrations = -1;
  private intlLocale: string = fallbackTranslation.$code;

  private readonly terms: FeatureTerms | undefined;

  /**
   * @param host the element to localise.
   * @param terms the element's own terms by language (an element that is not always on the page,
   *   such as the discharge summary, brings its terms with it). A registered table's terms win.
   */
  constructor(host: LocalizeHost, terms?: FeatureTerms) {
    this.host = host;
    this.terms = terms;
    host.addController(this);
  }

  hostConnected(): void {
    connected.add(this);
    observeRootsOf(this.host);
    this.refresh(false);
  }

  hostDisconnected(): void {
    connected.delete(this);
  }

  hostUpdate(): void {
    this.refresh(false);
  }

  /** Re-reads the language; re-renders the host when it changed and `update` is true. */
  refresh(update: boolean): void {
    // The host's own `lang` property first: it is current before being reflected to the attribute.
    const lang = this.host.lang || resolveLang(this.host);
    if (lang === this.currentLang && this.registrations === registrations) return;
    // A language loaded on demand: its registration re-renders the host.
    void languageReady(lang);
    const [table, baseTable] = tablesFor(lang);
    this.registrations = registrations;
    this.currentLang = lang;
    this.table = table;
    this.baseTable = baseTable;
    this.intlLocale = canonicalLocale(lang, table);
    if (update) this.host.requestUpdate();
  }

  /** The language that applies (`lang` as written, e.g. `fr-FR`). */
  get lang(): string {
    return this.currentLang || fallbackTranslation.$code;
  }

  /** The locale used by `Intl` formatters (a valid tag of the table's language). */
  get locale(): string {
    return this.intlLocale;
  }

  /** The base language of the translation table in use (`fr`, `en`…). */
  get language(): string {
    return this.table.$code.split('-')[0] ?? fallbackTranslation.$code;
  }

  /** Text direction of the language. */
  get dir(): 'ltr' | 'rtl' {
    return this.table.$dir === 'rtl' ? 'rtl' : 'ltr';
  }

  /** A translated term; function-valued terms take their arguments. */
  term<K extends TermKey>(key: K, ...args: TermArgs<K>): string {
    const value = (this.table[key] ??
      this.baseTable?.[key] ??
      this.terms?.[this.language]?.[key] ??
      french[key] ??
      this.terms?.fr[key]) as unknown;
    if (typeof value === 'function') {
      return (value as (...a: unknown[]) => string)(...args);
    }
    return String(value);
  }

  /** A person's name, formatted per the language's conventions ("Dr Marie DUPONT"). */
  name(parts: NameParts): string {
    return this.term('personName', parts);
  }

  /**
   * The label of a coded value in the current language: the table's label for the codes it knows
   * (`$codes`: the registered table's, then the element's own terms'), else the label the source
   * gave (`display`), else the French label, else the code itself.
   */
  label(code: LabelledCode): string {
    const known = (table: Partial<Pick<CoreTranslation, '$codes'>> | undefined) =>
      table?.$codes?.[code.system]?.[code.code];
    return (
      known(this.table) ??
      known(this.baseTable) ??
      known(this.terms?.[this.language]) ??
      code.display ??
      known(french) ??
      known(this.terms?.fr) ??
      code.code
    );
  }

  /** A number. */
  number(value: number, options?: Intl.NumberFormatOptions): string {
    return intl(Intl.NumberFormat, this.intlLocale, options).format(value);
  }

  /** A date (default: day month year, e.g. "12 mars 2025"). */
  date(value: DateInput, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }): string {
    return intl(Intl.DateTimeFormat, this.intlLocale, options).format(toDate(value));
  }

  /** A time of day ("14:30" / "2:30 pm"). */
  time(value: DateInput, options: Intl.DateTimeFormatOptions = { timeStyle: 'short' }): string {
    return intl(Intl.DateTimeFormat, this.intlLocale, options).format(toDate(value));
  }

  /**
   * The time of day when the instant falls today (by the controller's clock, {@link
   * LocalizeController.now}), else its date and time: "14:30", or "23 nov. 2026, 00:04" for an
   * access that ends after midnight.
   */
  timeOrDate(value: DateInput): string {
    const date = toDate(value);
    return date.toDateString() === new Date(LocalizeController.now()).toDateString()
      ? this.time(date)
      : this.date(date, { dateStyle: 'medium', timeStyle: 'short' });
  }

  /** A date range, shortened where both ends share parts ("12 mars – 3 juin 2025"). */
  dateRange(
    start: DateInput,
    end: DateInput,
    options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' },
  ): string {
    return intl(Intl.DateTimeFormat, this.intlLocale, options).formatRange(
      toDate(start),
      toDate(end),
    );
  }

  /** Relative time from now ("il y a 3 mois", "dans 4 heures"), in the largest fitting unit. */
  relativeTime(value: DateInput): string {
    const delta = toDate(value).getTime() - LocalizeController.now();
    const [unit, ms] = DURATION_UNITS.find(([, size]) => Math.abs(delta) >= size) ?? [
      'minute',
      60e3,
    ];
    return intl(Intl.RelativeTimeFormat, this.intlLocale, { numeric: 'auto' }).format(
      Math.round(delta / ms),
      unit,
    );
  }

  /**
   * The time elapsed since a date, as a duration in its largest whole unit ("3 mois",
   * "1 year"), or `null` when less than a day has passed.
   */
  durationSince(value: DateInput): string | null {
    const elapsed = LocalizeController.now() - toDate(value).getTime();
    const found = DURATION_UNITS.slice(0, 4).find(([, size]) => elapsed >= size);
    if (!found) return null;
    const [unit, size] = found;
    return intl(Intl.NumberFormat, this.intlLocale, {
      style: 'unit',
      unit,
      unitDisplay: 'long',
    }).format(Math.floor(elapsed / size));
  }

  /** A list ("A, B et C" / "A, B, and C"). */
  list(items: readonly string[], type: Intl.ListFormatType = 'conjunction'): string {
    return intl(Intl.ListFormat, this.intlLocale, { style: 'long', type }).format(items);
  }

  /** A collator for sorting names and labels in the current language. */
  collator(options: Intl.CollatorOptions = { sensitivity: 'base' }): Intl.Collator {
    return intl(Intl.Collator, this.intlLocale, options);
  }
}
