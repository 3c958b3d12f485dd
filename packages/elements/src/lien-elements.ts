/**
 * Entry of the single-file bundle (`dist/lien-elements.js`): registers every element and
 * exports the whole public API (classes, events, contexts, `createLienClient`).
 */
import './define.js';

export * from './index.js';
export { createLienClient, LienError } from '@lien/client';
