/**
 * Registers every Lien element. Safe to import twice, and alongside another copy of the
 * library: a tag already registered is left as is.
 */
import './provider/define.js';
import './declare-actor/define.js';
import './declare-actor/define-break-the-glass.js';
import './care-circle/define.js';
import './discharge-summary/define.js';
