export {
  LocalizeController,
  registerTranslation,
  availableLanguages,
  resolveLang,
  fallbackTranslation,
} from './localize.js';
export type { LocalizeHost } from './localize.js';
export type { NameParts, PartialTranslation, TermArgs, TermKey, Translation } from './types.js';
export { fr } from './fr.js';
export { en } from './en.js';
