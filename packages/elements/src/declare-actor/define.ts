/** Registers `<lien-declare-actor>` and the `<lien-break-the-glass>` it renders. Side effect only. */
import { defineElement } from '../internal/define.js';
import type { LienBreakTheGlass } from './lien-break-the-glass.js';
import { LienDeclareActor } from './lien-declare-actor.js';

defineElement('lien-declare-actor', LienDeclareActor);

declare global {
  interface HTMLElementTagNameMap {
    'lien-declare-actor': LienDeclareActor;
    'lien-break-the-glass': LienBreakTheGlass;
  }
}
