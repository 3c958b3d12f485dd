import { ContextRoot } from '@lit/context';
import type { LienElement } from './lien-element.js';

const CONTEXT_ROOT = Symbol.for('lien.contextRoot');

/**
 * Buffers context requests made before a provider exists (a host that sets up its provider
 * after the elements upgrade). Attached once per document, even with two bundled copies.
 */
function ensureContextRoot(): void {
  const holder = document as unknown as Record<symbol, unknown>;
  if (holder[CONTEXT_ROOT]) return;
  holder[CONTEXT_ROOT] = true;
  new ContextRoot().attach(document.documentElement);
}

/**
 * Registers `tag` (and the elements it depends on) unless already registered. A second copy of
 * the library (two bundles on one page) keeps the first registration.
 */
export function defineElement(tag: string, ctor: typeof LienElement): void {
  ensureContextRoot();
  for (const [dependencyTag, dependency] of Object.entries(ctor.dependencies)) {
    defineElement(dependencyTag, dependency);
  }
  if (!customElements.get(tag)) {
    customElements.define(tag, ctor as unknown as CustomElementConstructor);
  }
}
