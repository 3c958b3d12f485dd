import type { LienError } from '@lien/client';

/** What the element was doing when the error happened. */
export type LienOperation = 'load' | 'declare' | 'withdraw' | 'break-the-glass';

/** Detail of {@link LienErrorEvent}. */
export interface LienErrorDetail {
  /** The client's error (code, status, OperationOutcome issues, remedies). */
  readonly error: LienError;
  /** The operation that failed. */
  readonly operation: LienOperation;
}

/**
 * Fired when a request made by an element fails (the element also shows the error). Lets the
 * host react, for example renew the session on `unauthorized`.
 */
export class LienErrorEvent extends Event {
  static readonly eventName = 'lien-error';
  readonly detail: LienErrorDetail;

  constructor(detail: LienErrorDetail) {
    super(LienErrorEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lien-error': LienErrorEvent;
  }
}
