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

/** A complete translation table: same keys and term signatures as the French source. */
export type Translation = { [K in keyof typeof fr]: (typeof fr)[K] };

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
