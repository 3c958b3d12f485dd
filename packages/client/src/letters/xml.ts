/**
 * The few DOM features the readers use, so that a browser's `DOMParser` and a Node one
 * (`@xmldom/xmldom`, linkedom…) both fit; plus size, safety and encoding checks done before parsing.
 * @internal
 */
import { LetterReadError } from './errors.js';
import type { LetterWarning } from './model.js';

/** A DOM node, as far as the readers use it. */
export interface XmlNodeLike {
  readonly nodeType: number;
  readonly nodeValue: string | null;
  readonly childNodes: ArrayLike<XmlNodeLike>;
  readonly parentNode: XmlNodeLike | null;
}

/** A DOM element, as far as the readers use it. */
export interface XmlElementLike extends XmlNodeLike {
  readonly localName: string | null;
  readonly namespaceURI: string | null;
  getAttribute(name: string): string | null;
  getAttributeNS?(namespace: string | null, localName: string): string | null;
}

/** A parsed document, as far as the readers use it. */
export interface XmlDocumentLike extends XmlNodeLike {
  readonly documentElement: XmlElementLike | null;
  getElementsByTagName?(name: string): ArrayLike<unknown>;
}

/** Anything with the `DOMParser.parseFromString` method: `globalThis.DOMParser` or `@xmldom/xmldom`. */
export interface DOMParserLike {
  parseFromString(source: string, mimeType: 'application/xml'): XmlDocumentLike;
}

/** Options shared by the readers that parse XML. */
export interface XmlReadOptions {
  /** A DOMParser; defaults to `globalThis.DOMParser` (browsers). Required in Node. */
  domParser?: DOMParserLike;
  /** Largest accepted document, in bytes (default 5 MB). */
  maxBytes?: number;
}

/** Default size limit of a letter: 5 MB. */
export const MAX_LETTER_BYTES = 5 * 1024 * 1024;

export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;
export const CDATA_SECTION_NODE = 4;

/** The element children of a node. */
export function elementChildren(node: XmlNodeLike): XmlElementLike[] {
  const out: XmlElementLike[] = [];
  const list = node.childNodes;
  for (let i = 0; i < list.length; i++) {
    const child = list[i];
    if (child && child.nodeType === ELEMENT_NODE) out.push(child as XmlElementLike);
  }
  return out;
}

/** The DOMParser to use, or a `no-dom-parser` error. */
export function domParserFrom(options?: XmlReadOptions): DOMParserLike {
  if (options?.domParser) return options.domParser;
  const Ctor = (globalThis as { DOMParser?: new () => DOMParserLike }).DOMParser;
  if (typeof Ctor === 'function') return new Ctor();
  throw new LetterReadError(
    'no-dom-parser',
    'No DOMParser in this environment: pass options.domParser (e.g. new DOMParser() from @xmldom/xmldom).',
  );
}

/** True when a parsed document reports a parse error the browser way (`<parsererror>`). */
function hasParserError(doc: XmlDocumentLike): boolean {
  const root = doc.documentElement;
  if (!root) return true;
  if (root.localName === 'parsererror') return true;
  const found = doc.getElementsByTagName?.('parsererror');
  return found !== undefined && found.length > 0;
}

/**
 * Parses XML text with the given parser, refusing DOCTYPEs (no entity tricks) and reporting parse
 * errors as {@link LetterReadError}s, whatever the parser's way (exception or `<parsererror>`).
 */
export function parseXml(text: string, parser: DOMParserLike): XmlDocumentLike {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (!start.startsWith('<')) {
    throw new LetterReadError('not-xml', 'The content is not XML.');
  }
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
    throw new LetterReadError(
      'unsafe-xml',
      'The document declares a DOCTYPE or entities: refused.',
    );
  }
  let doc: XmlDocumentLike;
  try {
    doc = parser.parseFromString(text, 'application/xml');
  } catch (cause) {
    throw new LetterReadError('parse-error', `The XML does not parse: ${messageOf(cause)}`, {
      cause,
    });
  }
  if (!doc || hasParserError(doc)) {
    throw new LetterReadError('parse-error', 'The XML does not parse.');
  }
  return doc;
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? '';
}

// ---------------------------------------------------------------------------------------------
// Encodings
// ---------------------------------------------------------------------------------------------

/** Windows-1252 characters of bytes 0x80–0x9F, to undo "UTF-8 read as Windows-1252" mojibake. */
const CP1252_HIGH: Record<number, number> = {
  0x20ac: 0x80, 0x201a: 0x82, 0x0192: 0x83, 0x201e: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87,
  0x02c6: 0x88, 0x2030: 0x89, 0x0160: 0x8a, 0x2039: 0x8b, 0x0152: 0x8c, 0x017d: 0x8e, 0x2018: 0x91,
  0x2019: 0x92, 0x201c: 0x93, 0x201d: 0x94, 0x2022: 0x95, 0x2013: 0x96, 0x2014: 0x97, 0x02dc: 0x98,
  0x2122: 0x99, 0x0161: 0x9a, 0x203a: 0x9b, 0x0153: 0x9c, 0x017e: 0x9e, 0x0178: 0x9f,
}; // prettier-ignore

/** Typical sequences of UTF-8 text decoded as Latin-1 / Windows-1252 (`Ã©` for `é`, `â€™` for `’`). */
const MOJIBAKE =
  /[\u00c2\u00c3][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]|\u00e2\u20ac[\u0080-\u00bf\u2122\u0153\u009d\u02dc\u201c\u201d\u2018\u2019\u201e\u2020\u2021\u2022\u2026\u2030\u0160\u0161\u017d\u017e\u0178\u02c6\u2039\u203a]/;

/**
 * Checks decoded text for encoding damage. Text that is UTF-8 read as Windows-1252 is repaired
 * when the whole of it re-encodes to valid UTF-8 (strong evidence); otherwise it is kept, with a
 * warning. Replacement characters (U+FFFD: bytes lost by an earlier decoding) are reported.
 */
export function checkEncoding(text: string, warnings: LetterWarning[]): string {
  let result = text;
  if (MOJIBAKE.test(text)) {
    const repaired = repairMojibake(text);
    if (repaired !== undefined) {
      warnings.push({
        code: 'encoding-repaired',
        message: 'The text was UTF-8 decoded as Latin-1/Windows-1252; it has been repaired.',
      });
      result = repaired;
    } else {
      warnings.push({
        code: 'mojibake-suspected',
        message: 'Some characters look like UTF-8 decoded with the wrong encoding; check accents.',
      });
    }
  }
  if (result.includes('\uFFFD')) {
    warnings.push({
      code: 'replacement-characters',
      message: 'Some characters were lost when the letter was decoded (U+FFFD found).',
    });
  }
  return result;
}

/** Characters of Windows-1252 bytes 0x80–0x9F (undefined bytes stay U+0080–U+009F). */
const CP1252_CHARS: Record<number, number> = Object.fromEntries(
  Object.entries(CP1252_HIGH).map(([char, byte]) => [byte, Number(char)]),
);

/** Labels the WHATWG Encoding standard decodes as Windows-1252. */
const WINDOWS_1252_LABELS = new Set([
  'windows-1252', 'cp1252', 'x-cp1252', 'iso-8859-1', 'iso8859-1', 'iso_8859-1', 'latin1', 'l1',
  'us-ascii', 'ascii', 'ansi_x3.4-1968', 'iso-ir-100', 'cp819', 'ibm819', 'csisolatin1',
]); // prettier-ignore

/**
 * Decodes Windows-1252 bytes (also used for ISO-8859-1 and ASCII labels, as browsers do). Done by
 * hand because some runtimes' `TextDecoder('windows-1252')` decode 0x80–0x9F as Latin-1 controls.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] ?? 0;
    out += String.fromCharCode(byte >= 0x80 && byte <= 0x9f ? (CP1252_CHARS[byte] ?? byte) : byte);
  }
  return out;
}

function repairMojibake(text: string): string | undefined {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const byte = code <= 0xff ? code : CP1252_HIGH[code];
    if (byte === undefined) return undefined;
    bytes[i] = byte;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Decodes XML bytes: BOM first, then the XML declaration's `encoding`, else UTF-8. Bytes declared
 * UTF-8 that are not valid UTF-8 are decoded as Windows-1252 (a common export bug), with a warning.
 */
export function decodeXmlBytes(bytes: Uint8Array, warnings: LetterWarning[]): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return decode('utf-8', bytes.subarray(3));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decode('utf-16be', bytes.subarray(2));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decode('utf-16le', bytes.subarray(2));
  const head = String.fromCharCode(...bytes.subarray(0, Math.min(bytes.length, 200)));
  const declared = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
  const label = (declared ?? 'utf-8').toLowerCase();
  if (WINDOWS_1252_LABELS.has(label)) return decodeWindows1252(bytes);
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch (cause) {
    throw new LetterReadError('encoding', `Unknown or unsupported encoding "${declared ?? ''}".`, {
      cause,
    });
  }
  try {
    return decoder.decode(bytes);
  } catch (cause) {
    if (decoder.encoding !== 'utf-8') {
      throw new LetterReadError('encoding', `The bytes are not valid ${decoder.encoding}.`, {
        cause,
      });
    }
    warnings.push({
      code: 'encoding-mismatch',
      message: 'The letter is declared UTF-8 but is not; it was decoded as Windows-1252.',
    });
    return decodeWindows1252(bytes);
  }
}

function decode(label: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch (cause) {
    throw new LetterReadError('encoding', `The bytes are not valid ${label}.`, { cause });
  }
}

/** UTF-8 byte length of a string, without allocating it. */
export function utf8Length(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) length += 1;
    else if (code < 0x800) length += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      length += 4;
      i++;
    } else length += 3;
  }
  return length;
}

/** Throws `too-large` when the content exceeds the limit. */
export function checkSize(bytes: number, maxBytes = MAX_LETTER_BYTES): void {
  if (bytes > maxBytes) {
    throw new LetterReadError(
      'too-large',
      `The letter is ${bytes} bytes, more than the ${maxBytes}-byte limit.`,
    );
  }
}
