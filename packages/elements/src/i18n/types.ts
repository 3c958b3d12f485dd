import type { frLetters } from '../discharge-summary/i18n/fr.js';
import type { fr } from './fr.js';

/** The parts of a person's name, as the client's view models give them. */
export interface NameParts {
  prefix?: string;
  given?: string;
  family?: string;
  /** The full name as given by the directory: the fallback. */
  text: string;
}

/** Labels of codes, by code system URL, then by code. */
export type CodeLabels = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** The common terms (care circle, declare-actor, break-the-glass, errors) of a language. */
export type CoreTranslation = { [K in keyof typeof fr]: (typeof fr)[K] };

/** The discharge summary's terms of a language (they live beside the element). */
export type LetterTranslation = { [K in keyof typeof frLetters]: (typeof frLetters)[K] };

/**
 * A complete translation table: same keys and term signatures as the French sources (the common
 * table and the discharge summary's).
 */
export type Translation = CoreTranslation & LetterTranslation;

/**
 * Terms an element brings with it, by language (`fr` required: missing terms fall back to it).
 * Only the elements a page uses load their terms.
 */
export interface FeatureTerms {
  fr: Partial<Translation>;
  [lang: string]: Partial<Translation> | undefined;
}

/** Keys of the translation table that are terms (not `$` metadata). */
export type TermKey = Exclude<keyof Translation, `$${string}`>;

/** The arguments a term takes: none for a string, the function's parameters otherwise. */
export type TermArgs<K extends TermKey> = Translation[K] extends (...args: infer A) => string
  ? A
  : [];

/**
 * A table a host registers for another language: metadata required, terms optional (missing
 * terms fall back to French).
 */
export type PartialTranslation = Pick<Translation, '$code' | '$name' | '$dir'> &
  Partial<Omit<Translation, '$code' | '$name' | '$dir'>>;

/**
 * What `registerTranslation` takes: a language code and any terms. `$name` and `$dir` are needed
 * for a new language only; for a language already registered, the table overrides its terms.
 */
export type TranslationInput = Pick<Translation, '$code'> & Partial<Omit<Translation, '$code'>>;
