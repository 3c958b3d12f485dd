export { LienContactEvent } from './lien-contact.js';
export type { ContactChannel, LienContactDetail } from './lien-contact.js';
export { LienActorDeclaredEvent } from './lien-actor-declared.js';
export type { LienActorChangeDetail } from './lien-actor-declared.js';
export { LienActorWithdrawnEvent } from './lien-actor-withdrawn.js';
export { LienBreakTheGlassEvent } from './lien-break-the-glass.js';
export type { LienBreakTheGlassDetail } from './lien-break-the-glass.js';
export { LienErrorEvent } from './lien-error.js';
export type { LienErrorDetail, LienOperation } from './lien-error.js';
