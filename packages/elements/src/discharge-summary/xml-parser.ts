/**
 * The XML parser the element hands to `readLetter`, so that letters can be read on pages that
 * enforce **Trusted Types** (`require-trusted-types-for 'script'`).
 *
 * Under Trusted Types, `DOMParser.parseFromString` accepts only a `TrustedHTML` value, whatever
 * the MIME type. Letters are parsed as `application/xml` only: a document made by `DOMParser` is
 * inert (no script runs in it, nothing of it is attached to the page) and the letters reader
 * then walks it with an allow-list into plain data. So the element creates one Trusted Types
 * policy, **`lien-letters`**, that lets a letter's text through for that one call and that MIME
 * type only. The policy object stays private to this module (not reachable by page scripts).
 *
 * **No CSP reports from inert markup.** Elements in the XHTML namespace (FHIR narratives, XHTML
 * smuggled into a CDA) become real HTML elements in the parsed document, and Chromium checks the
 * page's CSP when such an element gets an `on…` or `style` attribute, or is a `<style>`: nothing
 * runs (the document is inert, the handlers are blocked), but each check is a CSP violation
 * report — one per `style="…"` of an ordinary FHIR narrative. Before parsing, {@link defuse}
 * therefore renames, inside tags only, `on…` and `style` attributes (to `data-lien-…`) and
 * `style` elements (to `script`, which the reader drops with its content, like `style`). The
 * reader never copies an attribute and drops both elements, so what is read is unchanged; the
 * security of the result still rests on the reader's allow-list walk, not on this step.
 *
 * A host enforcing Trusted Types allows the policy next to Lit's:
 * `trusted-types lit-html lien-letters` (add `'allow-duplicates'` if two copies of the library
 * share the page). Without Trusted Types nothing changes: the policy is created when the first
 * letter is read (in browsers that have the API) and is a no-op.
 */
import type { DOMParserLike, XmlDocumentLike } from '@lien/client/letters';

/** The name of the Trusted Types policy the element creates. */
export const LETTERS_POLICY = 'lien-letters';

interface PassThroughPolicy {
  createHTML(input: string): unknown;
}

let policy: PassThroughPolicy | null | undefined;

function lettersPolicy(): PassThroughPolicy | null {
  if (policy !== undefined) return policy;
  const trustedTypes = (
    globalThis as {
      trustedTypes?: {
        createPolicy(name: string, rules: { createHTML(input: string): string }): PassThroughPolicy;
      };
    }
  ).trustedTypes;
  try {
    policy = trustedTypes?.createPolicy(LETTERS_POLICY, { createHTML: (input) => input }) ?? null;
  } catch {
    // The page's CSP does not allow the name (or a second copy made it): parse as usual; under
    // enforcement, reading then fails and the element says the letter cannot be read.
    policy = null;
  }
  return policy;
}

/** A `DOMParserLike` for XML that works under Trusted Types. */
export const xmlParser: DOMParserLike = {
  parseFromString(source: string, mimeType: 'application/xml'): XmlDocumentLike {
    if (mimeType !== 'application/xml') throw new TypeError('Only XML is parsed here.');
    const defused = defuse(source);
    const trusted = lettersPolicy()?.createHTML(defused) ?? defused;
    return new DOMParser().parseFromString(
      trusted as string,
      mimeType,
    ) as unknown as XmlDocumentLike;
  },
};

/**
 * Markup that is not a tag (CDATA, comments, processing instructions) or a tag. A tag runs to the
 * first `>` outside quotes: XML allows `>` in an attribute value (`title="a>b"`), and the
 * attributes after it must be defused too. A tag never contains `<` (XML forbids it in attribute
 * values too): stopping there keeps the scan linear (`<a <b <b …` without `>` was quadratic).
 */
const MARKUP =
  /(<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<(?:[^<>"']|"[^"<]*"|'[^'<]*')*>)/g;
/** One attribute with its quoted value (values are consumed whole: never scanned as names). */
const ATTRIBUTE = /(\s)([^\s=/>]+)(\s*=\s*(?:"[^"]*"|'[^']*'))/g;
const HANDLER_OR_STYLE = /^(?:on[a-z]+|style)$/i;
const STYLE_ELEMENT = /^<(\/?)((?:[\w.-]+:)?)style(?=[\s/>])/i;

/**
 * Renames, inside tags only (text, CDATA and comments untouched), `on…`/`style` attributes to
 * `data-lien-on…`/`data-lien-style` and `style` elements to `script` (see the module comment).
 */
export function defuse(source: string): string {
  return source.replace(MARKUP, (markup: string) => {
    if (!markup.startsWith('<') || /^<[!?]/.test(markup)) return markup;
    return markup
      .replace(STYLE_ELEMENT, '<$1$2script')
      .replace(ATTRIBUTE, (attribute: string, space: string, name: string, value: string) =>
        HANDLER_OR_STYLE.test(name) ? `${space}data-lien-${name}${value}` : attribute,
      );
  });
}
