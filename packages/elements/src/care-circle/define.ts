/** Registers `<lien-care-circle>` (and the elements it renders). Side effect only. */
import { defineElement } from '../internal/define.js';
import { LienCareCircle } from './lien-care-circle.js';

defineElement('lien-care-circle', LienCareCircle);

declare global {
  interface HTMLElementTagNameMap {
    'lien-care-circle': LienCareCircle;
  }
}
