/**
 * Public API of `@lien/elements`: element classes (side-effect free; register them with
 * `@lien/elements/define`), typed events, contexts and the provider helper, localisation and
 * design tokens.
 */
export { LienProvider } from './provider/lien-provider.js';
export { LienCareCircle, FILTER_THRESHOLD } from './care-circle/lien-care-circle.js';
export { CareCircleController } from './care-circle/care-circle-controller.js';
export type { CareCircleSource } from './care-circle/care-circle-controller.js';
export { groupCareCircle, memberMatches } from './care-circle/grouping.js';
export type {
  GroupedCareCircle,
  GroupingLocale,
  ProfessionGroup,
  Setting,
  SettingGroup,
} from './care-circle/grouping.js';
export { validEmail, validPhone } from './care-circle/contact.js';
export { LienDeclareActor } from './declare-actor/lien-declare-actor.js';
export type { DeclareActorState } from './declare-actor/lien-declare-actor.js';
export { LienBreakTheGlass, MIN_REASON_LENGTH } from './declare-actor/lien-break-the-glass.js';
export { LienDischargeSummary } from './discharge-summary/lien-discharge-summary.js';
export { groupIns } from './discharge-summary/format.js';
export {
  DischargeSummaryController,
  sortLetters,
} from './discharge-summary/discharge-summary-controller.js';
export type {
  DischargeSummarySource,
  LoadedLetter,
} from './discharge-summary/discharge-summary-controller.js';
export { LienElement } from './internal/lien-element.js';
export { LienThemedElement } from './internal/lien-themed-element.js';
export { defineElement } from './internal/define.js';
export { clientContext, userContext, provideLien } from './context.js';
export type { LienContextHandle } from './context.js';
export * from './events/index.js';
export * from './i18n/index.js';
export * from './styles/index.js';
