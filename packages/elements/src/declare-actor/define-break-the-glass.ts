/** Registers `<lien-break-the-glass>` alone. Side effect only. */
import { defineElement } from '../internal/define.js';
import { LienBreakTheGlass } from './lien-break-the-glass.js';

defineElement('lien-break-the-glass', LienBreakTheGlass);
