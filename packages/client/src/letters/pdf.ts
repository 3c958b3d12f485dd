/**
 * Reads a PDF-only discharge letter: checks it is a PDF, counts its pages and extracts its text
 * (best effort: uncompressed or Flate content streams, simple fonts), as an unstructured view.
 * @module
 */
import { LetterReadError } from './errors.js';
import type { DischargeLetterView, LetterWarning, NarrativeNode } from './model.js';
import { checkSize, decodeWindows1252 } from './xml.js';

/** Default size limit of a PDF letter: 20 MB (PDFs carry images; only their text is read). */
export const MAX_PDF_BYTES = 20 * 1024 * 1024;

/** Largest amount of decompressed content read from a PDF (protection against zip bombs). */
const MAX_INFLATED_BYTES = 8 * 1024 * 1024;

/** A PDF given by bytes, Blob, or URL (a URL is never fetched: the host displays it). */
export type PdfSource = Blob | ArrayBuffer | Uint8Array | { url: string } | { blob: Blob };

/** Options of {@link readPdfLetter}. */
export interface PdfReadOptions {
  /** Largest accepted PDF, in bytes (default 20 MB). */
  maxBytes?: number;
}

/**
 * Reads a PDF letter into an unstructured {@link DischargeLetterView}: `source: 'pdf'`, the PDF
 * itself in `pdf` (for a viewer), its text as one section's narrative when it can be extracted,
 * no essentials, `missing` empty and an `unstructured` warning (a PDF's content cannot be checked).
 *
 * @throws {LetterReadError} `not-pdf` (no `%PDF-` header), `too-large`, `unreadable` (no bytes,
 * Blob or URL given, or the Blob could not be read).
 */
export async function readPdfLetter(
  source: PdfSource,
  options?: PdfReadOptions,
): Promise<DischargeLetterView> {
  const warnings: LetterWarning[] = [
    {
      code: 'unstructured',
      message: 'A PDF letter has no structured content: its mandatory items cannot be checked.',
    },
  ];
  const view: DischargeLetterView = {
    source: 'pdf',
    header: { recipients: [], model: 'PDF' },
    essentials: {},
    sections: [],
    missing: [],
    warnings,
    pdf: {},
  };
  // Called from JavaScript or with unchecked data (`{ type: 'pdf', blob: null }`): a typed error.
  const given: unknown = source;
  const inner = isObject(given) && 'blob' in given ? (given.blob as unknown) : given;
  if (!isObject(inner)) {
    throw new LetterReadError('unreadable', 'No PDF was given (no bytes, Blob or URL).');
  }
  if ('url' in source && typeof source.url === 'string') {
    view.pdf = { url: source.url };
    warnings.push({
      code: 'pdf-text-unavailable',
      message:
        'The PDF was given by URL and is not fetched by the reader: display it from its URL.',
    });
    return view;
  }
  let bytes: Uint8Array;
  try {
    if (source instanceof Uint8Array) bytes = source;
    else if (source instanceof ArrayBuffer) bytes = new Uint8Array(source);
    else {
      const blob = 'blob' in source ? source.blob : (source as Blob);
      checkSize(blob.size, options?.maxBytes ?? MAX_PDF_BYTES);
      view.pdf = { blob };
      bytes = new Uint8Array(await blob.arrayBuffer());
    }
  } catch (error) {
    if (error instanceof LetterReadError) throw error;
    throw new LetterReadError('unreadable', 'The PDF could not be read.', { cause: error });
  }
  checkSize(bytes.byteLength, options?.maxBytes ?? MAX_PDF_BYTES);
  const latin = latin1(bytes);
  const header = /%PDF-(\d\.\d)/.exec(latin.slice(0, 1024));
  if (!header) throw new LetterReadError('not-pdf', 'The content is not a PDF (no %PDF- header).');
  const pdf = view.pdf ?? {};
  pdf.version = header[1];
  pdf.pageCount = (latin.match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
  view.pdf = pdf;

  const title = /\/Title\s*\(((?:\\.|[^\\)])*)\)/.exec(latin)?.[1];
  if (title) view.header.title = decodeTextString(unescapeLiteral(title)).trim();

  let text: string | undefined;
  try {
    text = await extractText(bytes, latin);
  } catch {
    text = undefined;
  }
  if (!text) {
    warnings.push({
      code: 'pdf-text-unavailable',
      message:
        'No text could be extracted from the PDF (scanned, compressed or embedded fonts): display it.',
    });
    return view;
  }
  view.sections.push({
    kind: 'other',
    templateIds: [],
    narrative: paragraphs(text),
    observations: [],
    subsections: [],
  });
  return view;
}

function latin1(bytes: Uint8Array): string {
  let out = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    out += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return out;
}

/** WinAnsiEncoding is Windows-1252 for practical purposes. */
function decodeWinAnsi(binary: string): string {
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i) & 0xff;
  return decodeWindows1252(bytes);
}

/**
 * A PDF text string (PDF 32000-1 §7.9.2.2): UTF-16BE after the FE FF byte order mark, else
 * PDFDocEncoding, read as WinAnsi (they agree on the characters letters use).
 */
function decodeTextString(binary: string): string {
  if (!binary.startsWith('\xfe\xff')) return decodeWinAnsi(binary);
  let out = '';
  for (let i = 2; i + 1 < binary.length; i += 2) {
    out += String.fromCharCode(
      ((binary.charCodeAt(i) & 0xff) << 8) | (binary.charCodeAt(i + 1) & 0xff),
    );
  }
  // Lone surrogates (a truncated pair) are replaced rather than kept.
  return out.replace(
    /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    '\ufffd',
  );
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/** How far back from `stream` its dictionary (`<< … >>`) is looked for. */
const DICTIONARY_WINDOW = 4096;

/** Paragraphs separated by blank lines, lines joined by line breaks. */
function paragraphs(text: string): NarrativeNode[] {
  return text
    .split(/\n\s*\n/)
    .map((block) =>
      block
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
    )
    .filter((lines) => lines.length > 0)
    .map((lines) => ({
      kind: 'paragraph' as const,
      children: lines.flatMap((line, i): NarrativeNode[] =>
        i === 0 ? [{ kind: 'text', text: line }] : [{ kind: 'br' }, { kind: 'text', text: line }],
      ),
    }));
}

// ---------------------------------------------------------------------------------------------
// Text extraction
// ---------------------------------------------------------------------------------------------

async function extractText(bytes: Uint8Array, latin: string): Promise<string | undefined> {
  const streamRe = /stream\r?\n/g;
  let inflatedTotal = 0;
  const pieces: string[] = [];
  let match: RegExpExecArray | null;
  while ((match = streamRe.exec(latin)) !== null) {
    const start = match.index + match[0].length;
    const end = latin.indexOf('endstream', start);
    if (end < 0) break;
    // Within a bounded window: searching back to the file's start from every stream is quadratic.
    const windowStart = Math.max(0, match.index - DICTIONARY_WINDOW);
    const dictStart = latin.slice(windowStart, match.index).lastIndexOf('<<');
    const dict = dictStart >= 0 ? latin.slice(windowStart + dictStart, match.index) : '';
    streamRe.lastIndex = end + 9;
    const filters = [...dict.matchAll(/\/(\w+Decode)\b/g)].map((m) => m[1]);
    let content: string | undefined;
    if (filters.length === 0) content = latin.slice(start, end);
    else if (filters.length === 1 && filters[0] === 'FlateDecode') {
      const inflated = await inflate(
        bytes.subarray(start, end),
        MAX_INFLATED_BYTES - inflatedTotal,
      );
      if (!inflated) continue;
      inflatedTotal += inflated.length;
      content = latin1(inflated);
    }
    if (content && /\bBT\b/.test(content)) pieces.push(textOfContent(content));
    if (inflatedTotal >= MAX_INFLATED_BYTES) break;
  }
  const text = pieces
    .join('\n\n')
    .replace(/[ \t]+\n/g, '\n')
    .trim();
  if (!text) return undefined;
  // Text drawn with embedded 2-byte fonts comes out as control characters: not text.
  let controls = 0;
  for (let k = 0; k < text.length; k++) {
    const code = text.charCodeAt(k);
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) controls++;
  }
  return controls > text.length / 10 ? undefined : text;
}

async function inflate(data: Uint8Array, limit: number): Promise<Uint8Array | undefined> {
  const Ctor = (
    globalThis as {
      DecompressionStream?: new (format: string) => TransformStream<Uint8Array, Uint8Array>;
    }
  ).DecompressionStream;
  if (typeof Ctor !== 'function' || limit <= 0) return undefined;
  const input = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(data);
      controller.close();
    },
  });
  const reader = input.pipeThrough(new Ctor('deflate')).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > limit) {
        await reader.cancel();
        return undefined;
      }
      chunks.push(value);
    }
  } catch {
    return chunks.length > 0 ? concat(chunks, size) : undefined;
  }
  return concat(chunks, size);
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk.subarray(0, Math.min(chunk.length, size - offset)), offset);
    offset += chunk.length;
  }
  return out;
}

/** Unescapes a PDF literal string body (`\n`, `\(`, `\ddd`…), as raw bytes in a binary string. */
function unescapeLiteral(body: string): string {
  return body.replace(/\\(\d{1,3}|\r\n|[\s\S])/g, (_, esc: string) => {
    if (/^\d/.test(esc)) return String.fromCharCode(parseInt(esc, 8) & 0xff);
    const map: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
    if (esc === '\n' || esc === '\r' || esc === '\r\n') return '';
    return map[esc] ?? esc;
  });
}

/** The text shown by a content stream: `Tj`, `TJ`, `'`, `"`, with line breaks from positioning. */
function textOfContent(content: string): string {
  let out = '';
  let operands: (string | number | (string | number)[])[] = [];
  let i = 0;
  const n = content.length;
  const readString = (): string => {
    // at '('
    let depth = 1;
    let j = i + 1;
    let body = '';
    while (j < n && depth > 0) {
      const c = content[j];
      if (c === '\\') {
        body += c + (content[j + 1] ?? '');
        j += 2;
        continue;
      }
      if (c === '(') depth++;
      else if (c === ')') {
        depth--;
        if (depth === 0) break;
      }
      body += c;
      j++;
    }
    i = j + 1;
    return decodeWinAnsi(unescapeLiteral(body));
  };
  const readHex = (): string => {
    const end = content.indexOf('>', i);
    const hex = content.slice(i + 1, end < 0 ? n : end).replace(/\s+/g, '');
    i = end < 0 ? n : end + 1;
    let bin = '';
    for (let k = 0; k < hex.length; k += 2)
      bin += String.fromCharCode(parseInt(hex.slice(k, k + 2).padEnd(2, '0'), 16));
    return decodeWinAnsi(bin);
  };
  /** A line break; `force` keeps consecutive breaks (a blank line separates paragraphs). */
  const newline = (force = false) => {
    if (out && (force || !out.endsWith('\n'))) out += '\n';
  };
  while (i < n) {
    const c = content[i] ?? '';
    if (c === '(') {
      operands.push(readString());
    } else if (c === '<' && content[i + 1] !== '<') {
      operands.push(readHex());
    } else if (c === '[') {
      i++;
      const array: (string | number)[] = [];
      while (i < n && content[i] !== ']') {
        const d = content[i] ?? '';
        if (d === '(') array.push(readString());
        else if (d === '<') array.push(readHex());
        else if (/[-+.\d]/.test(d)) {
          const m = /^[-+]?\d*\.?\d+/.exec(content.slice(i, i + 32));
          array.push(Number(m?.[0] ?? 0));
          i += m?.[0].length || 1;
        } else i++;
      }
      i++;
      operands.push(array);
    } else if (c === '%') {
      const eol = content.indexOf('\n', i);
      i = eol < 0 ? n : eol + 1;
    } else if (/[-+.\d]/.test(c)) {
      const m = /^[-+]?\d*\.?\d+/.exec(content.slice(i, i + 32));
      operands.push(Number(m?.[0] ?? 0));
      i += m?.[0].length || 1;
    } else if (/[A-Za-z'"*]/.test(c)) {
      const m = /^[A-Za-z'"*]+/.exec(content.slice(i, i + 8));
      const op = m?.[0] ?? c;
      i += op.length;
      switch (op) {
        case 'Tj':
          out +=
            typeof operands[operands.length - 1] === 'string' ? operands[operands.length - 1] : '';
          break;
        case 'TJ': {
          const array = operands[operands.length - 1];
          if (Array.isArray(array)) {
            for (const part of array) {
              if (typeof part === 'string') out += part;
              else if (part < -200) out += ' ';
            }
          }
          break;
        }
        case "'":
        case '"':
          newline(true);
          out +=
            typeof operands[operands.length - 1] === 'string' ? operands[operands.length - 1] : '';
          break;
        case 'T*':
          newline(true);
          break;
        case 'BT':
          newline();
          break;
        case 'Td':
        case 'TD': {
          const ty = operands[operands.length - 1];
          if (typeof ty === 'number' && ty !== 0) newline(true);
          else if (out && !out.endsWith(' ') && !out.endsWith('\n')) out += ' ';
          break;
        }
        case 'Tm':
          newline();
          break;
        default:
          break;
      }
      operands = [];
    } else if (c === '/') {
      const m = /^\/[^\s/[\]()<>{}%]*/.exec(content.slice(i, i + 128));
      i += m?.[0].length || 1;
      operands.push(m?.[0] ?? '/');
    } else {
      i++;
    }
  }
  return out;
}
