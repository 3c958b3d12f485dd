import type { LienActorChangeDetail } from './lien-actor-declared.js';

/**
 * Fired when the current user withdrew from the patient's care circle (history is kept).
 * Bubbles and crosses shadow roots: care circles of the same patient refresh on it.
 */
export class LienActorWithdrawnEvent extends Event {
  static readonly eventName = 'lien-actor-withdrawn';
  readonly detail: LienActorChangeDetail;

  constructor(detail: LienActorChangeDetail) {
    super(LienActorWithdrawnEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lien-actor-withdrawn': LienActorWithdrawnEvent;
  }
}
