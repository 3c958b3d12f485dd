export {
  LocalizeController,
  registerTranslation,
  availableLanguages,
  languageReady,
  resolveLang,
  fallbackTranslation,
} from './localize.js';
export type { LocalizeHost } from './localize.js';
export type {
  CoreTranslation,
  FeatureTerms,
  LetterTranslation,
  NameParts,
  PartialTranslation,
  TermArgs,
  TermKey,
  Translation,
  TranslationInput,
} from './types.js';
export { fr } from './fr.js';
export { en } from './en.js';
export { LETTER_TERMS } from '../discharge-summary/i18n/index.js';
