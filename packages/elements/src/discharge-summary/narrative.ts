/**
 * Renders a letter's safe narrative tree (`NarrativeNode[]` from `@lien/client/letters`) with
 * Lit templates only.
 *
 * Why this is safe without a sanitiser: no HTML string exists anywhere. The letters reader
 * turned the CDA narrative block / FHIR XHTML into a typed tree through an allow-list walk; here
 * each node kind has one fixed template and every piece of text from the letter goes through a
 * Lit **text binding** (a DOM text node: `<script>` in a letter is the text "<script>"). No
 * `unsafeHTML`, no `innerHTML`, no attribute copied from the letter: the only values from the
 * document that reach attributes are typed — `colspan`/`rowspan` (integers 1–1000), a closed set
 * of style classes, and link targets that are re-checked here to be absolute `http:`/`https:`
 * URLs (anything else is rendered as its text). DOMPurify is therefore not needed.
 */
import type {
  NarrativeNode,
  NarrativeStyle,
  NarrativeTableCell,
  NarrativeTableRow,
} from '@lien/client/letters';
import { safeHref } from '@lien/client/letters';
import type { TemplateResult } from 'lit';
import { html, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';

/** Texts the renderer needs from the element's localisation. */
export interface NarrativeTexts {
  /** Appended, visually hidden, to links that open a new tab. */
  newTab: string;
  /** Said where the letter has an image, which is never loaded. */
  imageOmitted: string;
  /** The interface's language, set on `newTab` inside the letter's text (WCAG 3.1.2). */
  lang?: string;
}

const STYLE_CLASSES: Record<NarrativeStyle, string> = {
  bold: 'n-bold',
  italics: 'n-italics',
  underline: 'n-underline',
};

/** A span (1–1000) from the tree, or undefined. */
const span = (value: number | undefined) =>
  typeof value === 'number' && Number.isInteger(value) && value > 1 && value <= 1000
    ? value
    : undefined;

/** Renders narrative nodes. */
export function renderNarrative(
  nodes: readonly NarrativeNode[],
  texts: NarrativeTexts,
): (TemplateResult | string)[] {
  return nodes.map((node) => renderNode(node, texts));
}

function renderNode(node: NarrativeNode, texts: NarrativeTexts): TemplateResult | string {
  const children = (list: readonly NarrativeNode[]) => renderNarrative(list, texts);
  switch (node.kind) {
    case 'text':
      // A string returned from a template position is a text binding.
      return node.text;
    case 'paragraph':
      return html`<p class="n-paragraph">${children(node.children)}</p>`;
    case 'br':
      return html`<br />`;
    case 'content': {
      const classes = node.styles
        .map((style) => STYLE_CLASSES[style])
        .filter(Boolean)
        .join(' ');
      return html`<span class=${classes || nothing}>${children(node.children)}</span>`;
    }
    case 'sub':
      return html`<sub>${children(node.children)}</sub>`;
    case 'sup':
      return html`<sup>${children(node.children)}</sup>`;
    case 'caption':
      return html`<span class="n-caption">${children(node.children)}</span>`;
    case 'footnote':
      return html`<small class="n-footnote">${children(node.children)}</small>`;
    case 'image':
      // Never loaded (no URL from the letter reaches the page): its place and its description.
      return html`<span class="n-image" part="narrative-image"
        ><span lang=${ifDefined(texts.lang)}>${texts.imageOmitted}</span>${
          node.alt ? html` <q>${node.alt}</q>` : nothing
        }</span
      >`;
    case 'link': {
      // Re-checked here (defence in depth): only absolute http(s) URLs become links.
      const href = safeHref(node.href);
      if (!href) return html`${children(node.children)}`;
      return html`<a href=${href} target="_blank" rel="noopener noreferrer"
        >${children(node.children)}<span class="visually-hidden" lang=${ifDefined(texts.lang)}>
          ${texts.newTab}</span
        ></a
      >`;
    }
    case 'list': {
      const caption = node.caption?.length
        ? html`<p class="n-caption">${children(node.caption)}</p>`
        : nothing;
      const items = node.items.map((item) => html`<li>${children(item.children)}</li>`);
      return node.ordered
        ? html`${caption}
            <ol class="n-list">
              ${items}
            </ol>`
        : html`${caption}
            <ul class="n-list">
              ${items}
            </ul>`;
    }
    case 'table':
      return html`<div class="table-scroll">
        <table class="n-table">
          ${
            node.caption?.length
              ? html`<caption>
                  ${children(node.caption)}
                </caption>`
              : nothing
          }
          ${
            node.head.length
              ? html`<thead>
                  ${node.head.map((row) => renderRow(row, 'head', texts))}
                </thead>`
              : nothing
          }
          <tbody>
            ${node.body.map((row) => renderRow(row, 'body', texts))}
          </tbody>
          ${
            node.foot.length
              ? html`<tfoot>
                  ${node.foot.map((row) => renderRow(row, 'foot', texts))}
                </tfoot>`
              : nothing
          }
        </table>
      </div>`;
    default:
      return '';
  }
}

function renderRow(
  row: NarrativeTableRow,
  where: 'head' | 'body' | 'foot',
  texts: NarrativeTexts,
): TemplateResult {
  return html`<tr>
    ${row.cells.map((cell, index) => renderCell(cell, where, index, texts))}
  </tr>`;
}

function renderCell(
  cell: NarrativeTableCell,
  where: 'head' | 'body' | 'foot',
  index: number,
  texts: NarrativeTexts,
): TemplateResult {
  const content = renderNarrative(cell.children, texts);
  const colspan = span(cell.colspan);
  const rowspan = span(cell.rowspan);
  if (!cell.header) {
    return html`<td colspan=${ifDefined(colspan)} rowspan=${ifDefined(rowspan)}>${content}</td>`;
  }
  // Column headers in the head; a header cell leading a body row heads that row.
  const scope = where === 'head' ? (colspan ? 'colgroup' : 'col') : index === 0 ? 'row' : 'col';
  return html`<th scope=${scope} colspan=${ifDefined(colspan)} rowspan=${ifDefined(rowspan)}>
    ${content}
  </th>`;
}
