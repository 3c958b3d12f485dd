export { TOKENS, tokenStyles, privateName } from './tokens.js';
export type { DesignToken, TokenName } from './tokens.js';
export { sharedStyles } from './shared.js';
