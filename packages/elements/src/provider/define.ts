/** Registers `<lien-provider>`. Side effect only. */
import { defineElement } from '../internal/define.js';
import { LienProvider } from './lien-provider.js';

defineElement('lien-provider', LienProvider);

declare global {
  interface HTMLElementTagNameMap {
    'lien-provider': LienProvider;
  }
}
