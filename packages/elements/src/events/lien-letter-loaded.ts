import type { DischargeLetterView } from '@lien/client/letters';

/** Detail of {@link LienLetterLoadedEvent}. */
export interface LienLetterLoadedDetail {
  /** The letter now shown, as the normalised view model (patient data: do not log it). */
  readonly view: DischargeLetterView;
  /** The letter's `DocumentReference/…`, when it was loaded through the client. */
  readonly reference?: string;
}

/**
 * Fired when `<lien-discharge-summary>` shows a letter: after loading and reading it, or when a
 * `letter` or `content` is handed to it. Once per letter shown.
 */
export class LienLetterLoadedEvent extends Event {
  static readonly eventName = 'lien-letter-loaded';
  readonly detail: LienLetterLoadedDetail;

  constructor(detail: LienLetterLoadedDetail) {
    super(LienLetterLoadedEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lien-letter-loaded': LienLetterLoadedEvent;
  }
}
