import type { LetterSummary } from '@lien/client';

/** Detail of {@link LienLetterSelectEvent}. */
export interface LienLetterSelectDetail {
  /** The letter the user chose (`DocumentReference/…`). */
  readonly reference: string;
  /** Its summary from the patient's list (date, facility, format). */
  readonly summary: LetterSummary;
}

/**
 * Fired when the user chooses another of the patient's letters in `<lien-discharge-summary>`'s
 * chooser. The element then loads it (and fires `lien-letter-loaded`).
 */
export class LienLetterSelectEvent extends Event {
  static readonly eventName = 'lien-letter-select';
  readonly detail: LienLetterSelectDetail;

  constructor(detail: LienLetterSelectDetail) {
    super(LienLetterSelectEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lien-letter-select': LienLetterSelectEvent;
  }
}
