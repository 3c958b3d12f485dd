/** Registers `<lien-discharge-summary>` (and the elements it renders). Side effect only. */
import { defineElement } from '../internal/define.js';
import { LienDischargeSummary } from './lien-discharge-summary.js';

defineElement('lien-discharge-summary', LienDischargeSummary);

declare global {
  interface HTMLElementTagNameMap {
    'lien-discharge-summary': LienDischargeSummary;
  }
}
