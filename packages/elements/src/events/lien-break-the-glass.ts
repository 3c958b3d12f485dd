/** Detail of {@link LienBreakTheGlassEvent}. */
export interface LienBreakTheGlassDetail {
  /** The patient as the element was given it. */
  readonly patient: string;
  /** The patient's resolved reference (`Patient/123`), as the server granted it. */
  readonly patientReference: string;
  /** ISO instant when the emergency access ends. */
  readonly expires: string;
}

/**
 * Fired when an emergency (break-the-glass) access was granted. Bubbles and crosses shadow
 * roots: care circles of the same patient reload with the new access.
 */
export class LienBreakTheGlassEvent extends Event {
  static readonly eventName = 'lien-break-the-glass';
  readonly detail: LienBreakTheGlassDetail;

  constructor(detail: LienBreakTheGlassDetail) {
    super(LienBreakTheGlassEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lien-break-the-glass': LienBreakTheGlassEvent;
  }
}
