import type { CareCircle, CareCircleMember } from '@lien/client';

/** Detail of {@link LienActorDeclaredEvent} and {@link LienActorWithdrawnEvent}. */
export interface LienActorChangeDetail {
  /** The patient as the element was given it (`Patient/123` or an INS `system|value`). */
  readonly patient: string;
  /** The patient's resolved reference (`Patient/123`). */
  readonly patientReference: string;
  /** The caller's member entry after the change (absent after a withdrawal). */
  readonly member: CareCircleMember | undefined;
  /** The CareTeam (`CareTeam/…`). */
  readonly careTeam: string | null;
  /** The CareTeam version after the change (`meta.versionId`). */
  readonly version: string | null;
  /** The care circle after the change. */
  readonly careCircle: CareCircle;
}

/**
 * Fired when the current user declared themselves an actor of the patient's care. Bubbles and
 * crosses shadow roots: care circles of the same patient on the page refresh on it.
 */
export class LienActorDeclaredEvent extends Event {
  static readonly eventName = 'lien-actor-declared';
  readonly detail: LienActorChangeDetail;

  constructor(detail: LienActorChangeDetail) {
    super(LienActorDeclaredEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lien-actor-declared': LienActorDeclaredEvent;
  }
}
