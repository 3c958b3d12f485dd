/**
 * The safe narrative tree: an allow-list walk of a CDA narrative block or of FHIR XHTML.
 *
 * Only the element kinds of {@link NarrativeNode} are built. Any other element is dropped and its
 * text kept (as text), except `script` and `style`, dropped with their content. No attribute is
 * copied: list order, `colspan`/`rowspan` (numbers 1–1000), `styleCode` (a closed enum) and
 * `http(s)` link targets are read into typed fields; everything else is ignored. The tree holds no
 * HTML string: elements render it with text bindings (see `model.ts` for the design).
 *
 * @module
 */
import type {
  LetterWarning,
  NarrativeListItem,
  NarrativeNode,
  NarrativeStyle,
  NarrativeTableCell as NarrativeCell,
  NarrativeTableRow,
} from './model.js';
import {
  CDATA_SECTION_NODE,
  ELEMENT_NODE,
  TEXT_NODE,
  elementChildren,
  parseXml,
  type DOMParserLike,
  type XmlElementLike,
  type XmlNodeLike,
} from './xml.js';
import { LetterReadError } from './errors.js';

/** The XHTML namespace (FHIR narrative). */
export const XHTML_NS = 'http://www.w3.org/1999/xhtml';

/** Elements dropped with their content. Compared lower-cased, in any namespace. */
const DROPPED_WITH_CONTENT = new Set(['script', 'style']);

/** Deeper nesting than this is flattened to text (a hostile document cannot exhaust the stack). */
const MAX_DEPTH = 64;
/** Longest image description kept (characters). */
const MAX_ALT = 500;

/** Which vocabulary a narrative uses. */
export type NarrativeDialect = 'cda' | 'xhtml';

/** State of one walk. */
interface Walk {
  dialect: NarrativeDialect;
  /** Namespaces whose elements may be kept (`null` = no namespace). */
  namespaces: readonly (string | null)[];
  /** Set when some content was deeper than {@link MAX_DEPTH}. */
  truncated: boolean;
}

const BLOCK_KINDS = new Set<NarrativeNode['kind']>(['paragraph', 'list', 'table']);

/** What an allowed element becomes. */
type Role =
  | 'paragraph'
  | 'block'
  | 'heading'
  | 'list-unordered'
  | 'list-ordered'
  | 'list-cda'
  | 'table'
  | 'content'
  | 'bold'
  | 'italics'
  | 'underline'
  | 'br'
  | 'sub'
  | 'sup'
  | 'caption'
  | 'footnote'
  | 'link'
  | 'image'
  | 'silent';

const CDA_ROLES: Record<string, Role> = {
  paragraph: 'paragraph',
  list: 'list-cda',
  table: 'table',
  content: 'content',
  br: 'br',
  sub: 'sub',
  sup: 'sup',
  caption: 'caption',
  footnote: 'footnote',
  linkHtml: 'link',
  renderMultiMedia: 'image',
  footnoteRef: 'silent',
};

const XHTML_ROLES: Record<string, Role> = {
  p: 'paragraph',
  blockquote: 'paragraph',
  pre: 'paragraph',
  address: 'paragraph',
  dt: 'paragraph',
  dd: 'paragraph',
  div: 'block',
  section: 'block',
  article: 'block',
  header: 'block',
  footer: 'block',
  h1: 'heading',
  h2: 'heading',
  h3: 'heading',
  h4: 'heading',
  h5: 'heading',
  h6: 'heading',
  ul: 'list-unordered',
  ol: 'list-ordered',
  table: 'table',
  b: 'bold',
  strong: 'bold',
  i: 'italics',
  em: 'italics',
  cite: 'italics',
  u: 'underline',
  br: 'br',
  sub: 'sub',
  sup: 'sup',
  caption: 'caption',
  a: 'link',
  img: 'image',
  hr: 'silent',
};

/**
 * Builds the safe tree of a CDA narrative block (a section's `<text>` element). Elements are kept
 * only in the document's CDA namespace (`cdaNamespace`, normally `urn:hl7-org:v3`).
 */
export function narrativeFromCda(
  text: XmlElementLike,
  cdaNamespace: string | null,
  warnings?: LetterWarning[],
): NarrativeNode[] {
  const walk: Walk = { dialect: 'cda', namespaces: [cdaNamespace], truncated: false };
  const nodes = finishBlock(walkChildren(text, walk, 0));
  if (walk.truncated) warnTruncated(warnings);
  return nodes;
}

/** Builds the safe tree of an XHTML element (FHIR narrative `div`): its children. */
export function narrativeFromXhtmlElement(
  div: XmlElementLike,
  warnings?: LetterWarning[],
): NarrativeNode[] {
  const walk: Walk = { dialect: 'xhtml', namespaces: [XHTML_NS, null], truncated: false };
  const nodes =
    div.localName === 'div'
      ? finishBlock(walkChildren(div, walk, 0))
      : finishBlock(walkElement(div, walk, 0));
  if (walk.truncated) warnTruncated(warnings);
  return nodes;
}

function warnTruncated(warnings: LetterWarning[] | undefined): void {
  if (warnings && !warnings.some((w) => w.code === 'narrative-truncated')) {
    warnings.push({
      code: 'narrative-truncated',
      message: `Narrative nested deeper than ${MAX_DEPTH} levels was flattened to text.`,
    });
  }
}

/**
 * Builds the safe tree of a FHIR narrative given as a string (`text.div`). Without a DOMParser, or
 * when the XHTML is not well-formed or declares a DOCTYPE, the narrative becomes plain text (tags
 * stripped, `script`/`style` content removed) and a warning says so.
 */
export function narrativeFromXhtmlString(
  div: string,
  parser: DOMParserLike | undefined,
  warnings: LetterWarning[],
): NarrativeNode[] {
  if (parser && !/<!DOCTYPE|<!ENTITY/i.test(div)) {
    try {
      const doc = parseXml(replaceHtmlEntities(div), parser);
      if (doc.documentElement) return narrativeFromXhtmlElement(doc.documentElement, warnings);
    } catch (error) {
      if (!(error instanceof LetterReadError)) throw error;
    }
  }
  if (!warnings.some((w) => w.code === 'narrative-not-well-formed')) {
    warnings.push({
      code: 'narrative-not-well-formed',
      message: parser
        ? 'A FHIR narrative is not well-formed XHTML (or declares a DOCTYPE); it is shown as plain text.'
        : 'No DOMParser was given: FHIR narratives are shown as plain text.',
    });
  }
  const text = textFromMarkup(div);
  return text ? [{ kind: 'paragraph', children: [{ kind: 'text', text }] }] : [];
}

// ---------------------------------------------------------------------------------------------
// The walk
// ---------------------------------------------------------------------------------------------

function isAllowedNamespace(el: XmlElementLike, walk: Walk): boolean {
  return walk.namespaces.includes(el.namespaceURI ?? null);
}

function roleOf(el: XmlElementLike, walk: Walk): Role | undefined {
  if (!isAllowedNamespace(el, walk)) return undefined;
  const name = el.localName ?? '';
  const table = walk.dialect === 'cda' ? CDA_ROLES : XHTML_ROLES;
  return Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
}

function isDropped(el: XmlElementLike): boolean {
  return DROPPED_WITH_CONTENT.has((el.localName ?? '').toLowerCase());
}

function collapse(text: string): string {
  return text.replace(/[ \t\n\r\f]+/g, ' ');
}

function walkChildren(node: XmlNodeLike, walk: Walk, depth: number): NarrativeNode[] {
  const out: NarrativeNode[] = [];
  const list = node.childNodes;
  for (let i = 0; i < list.length; i++) {
    const child = list[i];
    if (!child) continue;
    if (child.nodeType === TEXT_NODE || child.nodeType === CDATA_SECTION_NODE) {
      const value = child.nodeValue ?? '';
      if (value) out.push({ kind: 'text', text: collapse(value) });
    } else if (child.nodeType === ELEMENT_NODE) {
      for (const node of walkElement(child as XmlElementLike, walk, depth + 1)) out.push(node);
    }
  }
  return out;
}

function walkElement(el: XmlElementLike, walk: Walk, depth: number): NarrativeNode[] {
  if (isDropped(el)) return [];
  if (depth > MAX_DEPTH) {
    walk.truncated = true;
    const text = collapse(plainText(el));
    return text.trim() ? [{ kind: 'text', text }] : [];
  }
  const role = roleOf(el, walk);
  switch (role) {
    case 'paragraph':
      return [{ kind: 'paragraph', children: finishBlock(walkChildren(el, walk, depth)) }];
    case 'block': {
      const children = finishBlock(walkChildren(el, walk, depth));
      if (children.length === 0) return [];
      return children.some(isBlock) ? children : [{ kind: 'paragraph', children }];
    }
    case 'heading': {
      const children = finishInline(walkChildren(el, walk, depth));
      return [{ kind: 'paragraph', children: [{ kind: 'content', styles: ['bold'], children }] }];
    }
    case 'list-unordered':
    case 'list-ordered':
    case 'list-cda':
      return [buildList(el, walk, depth, role)];
    case 'table':
      return buildTable(el, walk, depth);
    case 'content': {
      const styles = stylesOf(el.getAttribute('styleCode'));
      const children = finishInline(walkChildren(el, walk, depth));
      return styles.length > 0 ? [{ kind: 'content', styles, children }] : children;
    }
    case 'bold':
    case 'italics':
    case 'underline':
      return [
        { kind: 'content', styles: [role], children: finishInline(walkChildren(el, walk, depth)) },
      ];
    case 'br':
      return [{ kind: 'br' }];
    case 'sub':
    case 'sup':
      return [{ kind: role, children: finishInline(walkChildren(el, walk, depth)) }];
    case 'caption':
      return [{ kind: 'caption', children: finishInline(walkChildren(el, walk, depth)) }];
    case 'footnote':
      return [{ kind: 'footnote', children: finishInline(walkChildren(el, walk, depth)) }];
    case 'link': {
      const children = finishInline(walkChildren(el, walk, depth));
      const href = safeHref(el.getAttribute('href'));
      return href ? [{ kind: 'link', href, children }] : children;
    }
    case 'image': {
      // Never loaded: said in place, with its description (XHTML `alt`, CDA `caption`).
      const caption = elementChildren(el).find((child) => child.localName === 'caption');
      const alt = collapse(
        walk.dialect === 'cda'
          ? caption
            ? plainText(caption)
            : ''
          : (el.getAttribute('alt') ?? ''),
      )
        .trim()
        .slice(0, MAX_ALT);
      return [alt ? { kind: 'image', alt } : { kind: 'image' }];
    }
    case 'silent':
      return [];
    default:
      // Not allowed: the element goes, its text stays.
      return walkChildren(el, walk, depth);
  }
}

function buildList(el: XmlElementLike, walk: Walk, depth: number, role: Role): NarrativeNode {
  const ordered =
    role === 'list-ordered' || (role === 'list-cda' && el.getAttribute('listType') === 'ordered');
  const itemName = walk.dialect === 'cda' ? 'item' : 'li';
  const items: NarrativeListItem[] = [];
  let caption: NarrativeNode[] | undefined;
  const list = el.childNodes;
  for (let i = 0; i < list.length; i++) {
    const child = list[i];
    if (!child) continue;
    if (child.nodeType === ELEMENT_NODE) {
      const element = child as XmlElementLike;
      if (isDropped(element)) continue;
      const allowed = isAllowedNamespace(element, walk);
      if (allowed && element.localName === itemName) {
        items.push({ children: finishBlock(walkChildren(element, walk, depth + 1)) });
        continue;
      }
      if (allowed && walk.dialect === 'cda' && element.localName === 'caption') {
        caption = finishInline(walkChildren(element, walk, depth + 1));
        continue;
      }
    }
    const stray = finishBlock(strayOf(child, walk, depth));
    if (stray.length > 0) items.push({ children: stray });
  }
  return caption ? { kind: 'list', ordered, caption, items } : { kind: 'list', ordered, items };
}

/** Content found where it does not belong (text between rows…): walked, so its text is kept. */
function strayOf(node: XmlNodeLike, walk: Walk, depth: number): NarrativeNode[] {
  if (node.nodeType === TEXT_NODE || node.nodeType === CDATA_SECTION_NODE) {
    const text = collapse(node.nodeValue ?? '');
    return text.trim() ? [{ kind: 'text', text }] : [];
  }
  if (node.nodeType === ELEMENT_NODE) return walkElement(node as XmlElementLike, walk, depth + 1);
  return [];
}

function buildTable(el: XmlElementLike, walk: Walk, depth: number): NarrativeNode[] {
  const head: NarrativeTableRow[] = [];
  const body: NarrativeTableRow[] = [];
  const foot: NarrativeTableRow[] = [];
  const stray: NarrativeNode[] = [];
  let caption: NarrativeNode[] | undefined;
  const list = el.childNodes;
  for (let i = 0; i < list.length; i++) {
    const child = list[i];
    if (!child) continue;
    if (child.nodeType === ELEMENT_NODE) {
      const element = child as XmlElementLike;
      if (isDropped(element)) continue;
      if (isAllowedNamespace(element, walk)) {
        const name = element.localName;
        if (name === 'caption') {
          caption = finishInline(walkChildren(element, walk, depth + 1));
          continue;
        }
        if (name === 'thead' || name === 'tbody' || name === 'tfoot') {
          const target = name === 'thead' ? head : name === 'tfoot' ? foot : body;
          for (const row of rowsOf(element, walk, depth + 1)) target.push(row);
          continue;
        }
        if (name === 'tr') {
          body.push(rowOf(element, walk, depth + 1));
          continue;
        }
        if (name === 'col' || name === 'colgroup') continue;
      }
    }
    for (const node of strayOf(child, walk, depth)) stray.push(node);
  }
  const table: NarrativeNode = caption
    ? { kind: 'table', caption, head, body, foot }
    : { kind: 'table', head, body, foot };
  const rest = finishBlock(stray);
  return rest.length > 0 ? [table, ...(rest.some(isBlock) ? rest : [paragraph(rest)])] : [table];
}

function rowsOf(group: XmlElementLike, walk: Walk, depth: number): NarrativeTableRow[] {
  const rows: NarrativeTableRow[] = [];
  const list = group.childNodes;
  for (let i = 0; i < list.length; i++) {
    const child = list[i];
    if (!child) continue;
    if (child.nodeType === ELEMENT_NODE) {
      const element = child as XmlElementLike;
      if (isDropped(element)) continue;
      if (isAllowedNamespace(element, walk) && element.localName === 'tr') {
        rows.push(rowOf(element, walk, depth + 1));
        continue;
      }
    }
    const stray = finishBlock(strayOf(child, walk, depth));
    if (stray.length > 0) rows.push({ cells: [{ header: false, children: stray }] });
  }
  return rows;
}

function rowOf(tr: XmlElementLike, walk: Walk, depth: number): NarrativeTableRow {
  const cells: NarrativeCell[] = [];
  const list = tr.childNodes;
  for (let i = 0; i < list.length; i++) {
    const child = list[i];
    if (!child) continue;
    if (child.nodeType === ELEMENT_NODE) {
      const element = child as XmlElementLike;
      if (isDropped(element)) continue;
      const name = element.localName;
      if (isAllowedNamespace(element, walk) && (name === 'td' || name === 'th')) {
        const cell: NarrativeCell = {
          header: name === 'th',
          children: finishBlock(walkChildren(element, walk, depth + 1)),
        };
        const colspan = spanOf(element.getAttribute('colspan'));
        const rowspan = spanOf(element.getAttribute('rowspan'));
        if (colspan !== undefined) cell.colspan = colspan;
        if (rowspan !== undefined) cell.rowspan = rowspan;
        cells.push(cell);
        continue;
      }
    }
    const stray = finishBlock(strayOf(child, walk, depth));
    if (stray.length > 0) cells.push({ header: false, children: stray });
  }
  return { cells };
}

/** `colspan`/`rowspan`: a positive integer up to 1000, else ignored. */
function spanOf(value: string | null): number | undefined {
  if (value === null || !/^\s*\d{1,4}\s*$/.test(value)) return undefined;
  const n = Number(value);
  return n >= 1 && n <= 1000 ? n : undefined;
}

/** CDA `styleCode` tokens to the closed style enum (others ignored). */
function stylesOf(styleCode: string | null): NarrativeStyle[] {
  const styles = new Set<NarrativeStyle>();
  for (const token of (styleCode ?? '').split(/\s+/)) {
    const t = token.toLowerCase();
    if (t === 'bold') styles.add('bold');
    else if (t === 'italics' || t === 'emphasis') styles.add('italics');
    else if (t === 'underline') styles.add('underline');
  }
  return [...styles];
}

/**
 * A link target, only when it is an absolute `http:` or `https:` URL. Parsed with `URL`, which
 * also removes the tabs and newlines of tricks like `java\nscript:`; the normalised URL is kept.
 */
export function safeHref(raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    const url = new URL(raw.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Elements whose text is separated from the text before them when flattened. */
const SPACED = new Set([
  'paragraph', 'p', 'div', 'br', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'list', 'item',
  'ul', 'ol', 'li', 'caption', 'footnote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'dt', 'dd',
]); // prettier-ignore

/** The text of an element, whitespace collapsed and trimmed, without `script`/`style` content. */
export function elementText(root: XmlNodeLike): string {
  return collapse(plainText(root)).trim();
}

/** The text of an element, iteratively, without `script`/`style` content. */
function plainText(root: XmlNodeLike): string {
  let out = '';
  const stack: XmlNodeLike[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) continue;
    if (node.nodeType === TEXT_NODE || node.nodeType === CDATA_SECTION_NODE) {
      out += node.nodeValue ?? '';
    } else if (node.nodeType === ELEMENT_NODE) {
      if (isDropped(node as XmlElementLike)) continue;
      if (SPACED.has((node as XmlElementLike).localName ?? '')) out += ' ';
      const list = node.childNodes;
      for (let i = list.length - 1; i >= 0; i--) {
        const child = list[i];
        if (child) stack.push(child);
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Normalisation
// ---------------------------------------------------------------------------------------------

function isBlock(node: NarrativeNode): boolean {
  return BLOCK_KINDS.has(node.kind);
}

function paragraph(children: NarrativeNode[]): NarrativeNode {
  return { kind: 'paragraph', children };
}

/**
 * Merges adjacent text nodes and collapses the spaces between them. A run of texts is joined once
 * (linear time: thousands of `<content>` pieces in a row are common in generated letters).
 */
function finishInline(nodes: NarrativeNode[]): NarrativeNode[] {
  const out: NarrativeNode[] = [];
  let texts: string[] = [];
  const flush = (): void => {
    if (texts.length === 1) out.push({ kind: 'text', text: texts[0] ?? '' });
    else if (texts.length > 1)
      out.push({ kind: 'text', text: texts.join('').replace(/ {2,}/g, ' ') });
    texts = [];
  };
  for (const node of nodes) {
    if (node.kind === 'text') {
      texts.push(node.text);
    } else {
      flush();
      out.push(node);
    }
  }
  flush();
  return out;
}

/**
 * Normalises the children of a block container: merged texts, no whitespace at the edges or
 * around blocks and line breaks, and — when blocks and inline content are mixed — inline runs
 * wrapped in paragraphs.
 */
function finishBlock(nodes: NarrativeNode[]): NarrativeNode[] {
  const merged = finishInline(nodes);
  const out: NarrativeNode[] = [];
  for (let i = 0; i < merged.length; i++) {
    const node = merged[i];
    if (!node) continue;
    if (node.kind !== 'text') {
      out.push(node);
      continue;
    }
    const prev = merged[i - 1];
    const next = merged[i + 1];
    let text = node.text;
    if (!prev || isBlock(prev) || prev.kind === 'br') text = text.replace(/^ +/, '');
    if (!next || isBlock(next) || next.kind === 'br') text = text.replace(/ +$/, '');
    if (text) out.push({ kind: 'text', text });
  }
  if (!out.some(isBlock) || out.every(isBlock)) return out;
  const grouped: NarrativeNode[] = [];
  let run: NarrativeNode[] = [];
  const flush = (): void => {
    while (run[0]?.kind === 'br') run.shift();
    while (run[run.length - 1]?.kind === 'br') run.pop();
    if (run.length > 0) grouped.push(paragraph(run));
    run = [];
  };
  for (const node of out) {
    if (isBlock(node)) {
      flush();
      grouped.push(node);
    } else {
      run.push(node);
    }
  }
  flush();
  return grouped;
}

// ---------------------------------------------------------------------------------------------
// Plain text
// ---------------------------------------------------------------------------------------------

/**
 * Plain text of a narrative: blocks and table rows on their own lines, cells separated by ` | `.
 * For search, previews and accessibility labels.
 */
export function narrativeToText(nodes: readonly NarrativeNode[]): string {
  return linesOf(nodes)
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').trim())
    .filter((line) => line.length > 0)
    .join('\n');
}

function linesOf(nodes: readonly NarrativeNode[]): string {
  let out = '';
  for (const node of nodes) {
    switch (node.kind) {
      case 'text':
        out += node.text;
        break;
      case 'br':
        out += '\n';
        break;
      case 'image':
        out += node.alt ?? '';
        break;
      case 'paragraph':
        out += `\n${linesOf(node.children)}\n`;
        break;
      case 'list':
        if (node.caption) out += `\n${linesOf(node.caption)}`;
        for (const item of node.items) out += `\n${linesOf(item.children)}`;
        out += '\n';
        break;
      case 'table':
        if (node.caption) out += `\n${linesOf(node.caption)}`;
        for (const row of [...node.head, ...node.body, ...node.foot]) out += `\n${rowText(row)}`;
        out += '\n';
        break;
      default:
        out += linesOf(node.children);
    }
  }
  return out;
}

/** Text of a table row: non-empty cells joined with ` | `. */
export function rowText(row: NarrativeTableRow): string {
  return row.cells
    .map((cell) => linesOf(cell.children).replace(/\s+/g, ' ').trim())
    .filter((text) => text.length > 0)
    .join(' | ');
}

/**
 * The items a narrative lists, for blocks whose entries are not structured: each body row of a
 * table, each list item, each paragraph; in inline text, each line (lines end at a `br`).
 */
export function narrativeItems(nodes: readonly NarrativeNode[]): string[] {
  const items: string[] = [];
  let inline: NarrativeNode[] = [];
  const flush = (): void => {
    for (const line of narrativeToText(inline).split('\n')) if (line) items.push(line);
    inline = [];
  };
  for (const node of nodes) {
    if (node.kind === 'table') {
      flush();
      for (const row of node.body) {
        const text = rowText(row);
        if (text) items.push(text);
      }
    } else if (node.kind === 'list') {
      flush();
      for (const item of node.items) {
        const text = narrativeToText(item.children).replace(/\n/g, ' ');
        if (text) items.push(text);
      }
    } else if (node.kind === 'paragraph') {
      flush();
      for (const item of narrativeItems(node.children)) items.push(item);
    } else {
      inline.push(node);
    }
  }
  flush();
  return items;
}

// ---------------------------------------------------------------------------------------------
// XHTML strings
// ---------------------------------------------------------------------------------------------

/** HTML named entities seen in narratives, beyond XML's five (which XML parsers know). */
const HTML_ENTITIES: Record<string, number> = {
  nbsp: 0xa0, laquo: 0xab, raquo: 0xbb, deg: 0xb0, copy: 0xa9, reg: 0xae, middot: 0xb7, times: 0xd7,
  agrave: 0xe0, acirc: 0xe2, auml: 0xe4, ccedil: 0xe7, egrave: 0xe8, eacute: 0xe9, ecirc: 0xea,
  euml: 0xeb, icirc: 0xee, iuml: 0xef, ocirc: 0xf4, ouml: 0xf6, ugrave: 0xf9, ucirc: 0xfb, uuml: 0xfc,
  Agrave: 0xc0, Acirc: 0xc2, Ccedil: 0xc7, Egrave: 0xc8, Eacute: 0xc9, Ecirc: 0xca, Ocirc: 0xd4,
  oelig: 0x153, OElig: 0x152, ndash: 0x2013, mdash: 0x2014, lsquo: 0x2018, rsquo: 0x2019,
  ldquo: 0x201c, rdquo: 0x201d, hellip: 0x2026, euro: 0x20ac, micro: 0xb5, plusmn: 0xb1,
  le: 0x2264, ge: 0x2265,
}; // prettier-ignore

/** Replaces known HTML named entities by numeric references, so an XML parser accepts them. */
function replaceHtmlEntities(markup: string): string {
  return markup.replace(/&([A-Za-z]+);/g, (whole, name: string) => {
    const code = HTML_ENTITIES[name];
    return code === undefined ? whole : `&#${code};`;
  });
}

/** Plain text of markup that could not be parsed: tags removed, `script`/`style` content removed. */
export function textFromMarkup(markup: string): string {
  const withoutCode = markup.replace(/<(script|style)\b[\s\S]*?(<\/\1\s*>|$)/gi, ' ');
  const withoutTags = withoutCode.replace(/<[^>]*>?/g, ' ');
  return decodeEntities(withoutTags).replace(/\s+/g, ' ').trim();
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[A-Za-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code =
        ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    const xml: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    const known =
      xml[ref] ??
      (HTML_ENTITIES[ref] === undefined ? undefined : String.fromCodePoint(HTML_ENTITIES[ref]));
    return known ?? whole;
  });
}
