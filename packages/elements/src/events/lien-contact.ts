import type { CareCircleMember } from '@lien/client';

/** How a member is contacted. */
export type ContactChannel = 'mssante' | 'phone';

/** Detail of {@link LienContactEvent}. */
export interface LienContactDetail {
  /** The member to contact. */
  readonly member: CareCircleMember;
  /** `mssante` (secure mail) or `phone`. */
  readonly channel: ContactChannel;
  /** The validated address: an MSSanté e-mail address or a phone number in E.164 form. */
  readonly address: string;
}

/**
 * Fired when the user activates a contact action. Cancel it (`preventDefault()`) to open the
 * host's own secure messaging or telephony; otherwise the `mailto:` / `tel:` link is followed.
 */
export class LienContactEvent extends Event {
  static readonly eventName = 'lien-contact';
  readonly detail: LienContactDetail;

  constructor(detail: LienContactDetail) {
    super(LienContactEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lien-contact': LienContactEvent;
  }
}
