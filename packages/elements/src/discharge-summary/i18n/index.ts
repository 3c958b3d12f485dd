import type { FeatureTerms } from '../../i18n/types.js';
import { enLetters } from './en.js';
import { frLetters } from './fr.js';

/** The discharge summary's terms, by language, for its {@link LocalizeController}. */
export const LETTER_TERMS: FeatureTerms = { fr: frLetters, en: enLetters };
