import type { LetterReadErrorReason } from '@lien/client/letters';

/**
 * Why a letter could not be read: a `LetterReadError` reason, or `unsupported-format` when the
 * server lists the letter in a format the elements cannot read.
 */
export type LetterUnreadableReason = LetterReadErrorReason | 'unsupported-format';

/** Detail of {@link LienLetterErrorEvent}. */
export interface LienLetterErrorDetail {
  /** The error: a `LienError` (a request failed) or a `LetterReadError` (unreadable document). */
  readonly error: unknown;
  /** Set when the document itself could not be read (the request, if any, succeeded). */
  readonly reason?: LetterUnreadableReason;
  /** The letter's `DocumentReference/…`, when known. */
  readonly reference?: string;
}

/**
 * Fired when `<lien-discharge-summary>` cannot show a letter: the list or the letter could not
 * be fetched, or the document could not be read. The element shows the error too. Request
 * failures also fire `lien-error`, like every element.
 */
export class LienLetterErrorEvent extends Event {
  static readonly eventName = 'lien-letter-error';
  readonly detail: LienLetterErrorDetail;

  constructor(detail: LienLetterErrorDetail) {
    super(LienLetterErrorEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lien-letter-error': LienLetterErrorEvent;
  }
}
