/** Registers `<lien-declare-actor>` and `<lien-break-the-glass>`. Side effect only. */
import { defineElement } from '../internal/define.js';
import { LienBreakTheGlass } from './lien-break-the-glass.js';
import { LienDeclareActor } from './lien-declare-actor.js';

defineElement('lien-break-the-glass', LienBreakTheGlass);
defineElement('lien-declare-actor', LienDeclareActor);

declare global {
  interface HTMLElementTagNameMap {
    'lien-declare-actor': LienDeclareActor;
    'lien-break-the-glass': LienBreakTheGlass;
  }
}
