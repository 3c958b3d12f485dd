/**
 * XSS corpus: hostile CDA and FHIR narratives yield a tree with no dangerous node or attribute.
 * The tree only ever holds the allowed node kinds, known keys, typed values and http(s) links.
 */
import { describe, expect, it } from 'vitest';
import {
  readCdaLetter,
  type LetterReadError,
  type NarrativeNode,
} from '../../src/letters/index.js';
import { narrativeFromXhtmlString } from '../../src/letters/narrative.js';
import { allNodes, cdaWithSection, strictParser } from './helpers.js';

const ALLOWED_KINDS = new Set([
  'text', 'paragraph', 'list', 'table', 'content', 'br', 'sub', 'sup', 'caption', 'footnote', 'link',
  'image',
]); // prettier-ignore
const ALLOWED_KEYS = new Set([
  'kind', 'text', 'children', 'ordered', 'caption', 'items', 'head', 'body', 'foot', 'cells', 'header',
  'colspan', 'rowspan', 'styles', 'href', 'alt',
]); // prettier-ignore

/** Every object key in the tree, recursively. */
function keysOf(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) keysOf(v, out);
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      out.add(key);
      keysOf(v, out);
    }
  }
  return out;
}

/** Asserts the invariants every narrative tree must hold, whatever its input. */
function expectSafe(nodes: NarrativeNode[]): void {
  for (const node of allNodes(nodes)) {
    expect(ALLOWED_KINDS.has(node.kind)).toBe(true);
    if (node.kind === 'link') expect(node.href).toMatch(/^https?:\/\//);
    if (node.kind === 'content')
      for (const s of node.styles) expect(['bold', 'italics', 'underline']).toContain(s);
  }
  for (const key of keysOf(nodes)) expect(ALLOWED_KEYS.has(key)).toBe(true);
  const json = JSON.stringify(nodes);
  expect(json).not.toMatch(/\bon[a-z]+\s*=|javascript:|vbscript:|data:text/i);
}

function cda(text: string): NarrativeNode[] {
  return (
    readCdaLetter(cdaWithSection(text), { domParser: strictParser() }).sections[0]?.narrative ?? []
  );
}

function fhir(div: string): NarrativeNode[] {
  return narrativeFromXhtmlString(div, strictParser(), []);
}

const X = 'xmlns="http://www.w3.org/1999/xhtml"';

describe('XSS corpus in a CDA narrative block', () => {
  it('drops a script element with its content', () => {
    const nodes = cda('<paragraph>a<script>alert(1)</script>b</paragraph>');
    expectSafe(nodes);
    expect(JSON.stringify(nodes)).not.toContain('alert');
  });

  it('drops an upper-case SCRIPT element with its content', () => {
    expect(JSON.stringify(cda('<SCRIPT>alert(2)</SCRIPT>ok'))).not.toContain('alert');
  });

  it('drops an XHTML script smuggled into the CDA with its own namespace', () => {
    const nodes = cda(`<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(3)</h:script>ok`);
    expectSafe(nodes);
    expect(JSON.stringify(nodes)).not.toContain('alert');
  });

  it('drops a style element with its content', () => {
    expect(
      JSON.stringify(cda('<style>p{background:url(javascript:alert(4))}</style>ok')),
    ).not.toContain('background');
  });

  it('never copies on* handlers or other attributes', () => {
    const nodes = cda(
      '<content styleCode="Bold" onmouseover="alert(5)" ID="x" style="color:red" class="c">gras</content>' +
        '<paragraph onclick="alert(5)" language="fr">p</paragraph>',
    );
    expectSafe(nodes);
    expect(JSON.stringify(nodes)).not.toMatch(/alert|color|style"|class/);
  });

  it.each([
    ['javascript:', 'javascript:alert(6)'],
    ['mixed-case javascript with leading spaces', '  JaVaScRiPt:alert(6)'],
    ['javascript split by an encoded tab', 'java&#x09;script:alert(6)'],
    ['javascript split by an encoded newline', 'java&#10;script:alert(6)'],
    ['vbscript:', 'vbscript:msgbox(6)'],
    ['a data: URL', 'data:text/html;base64,PHNjcmlwdD5hbGVydCg2KTwvc2NyaXB0Pg=='],
    ['a protocol-relative URL', '//evil.example/x'],
    [
      'an entity-encoded javascript:',
      '&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(6)',
    ],
  ])('renders a link to %s as plain text', (_label, href) => {
    const nodes = cda(`<linkHtml href="${href}">cliquer</linkHtml>`);
    expectSafe(nodes);
    expect(nodes).toEqual([{ kind: 'text', text: 'cliquer' }]);
  });

  it('keeps an https link whose href tries to break out of the attribute, percent-encoded', () => {
    const nodes = cda(
      '<linkHtml href="https://example.org/&quot;onmouseover=&quot;alert(7)">lien</linkHtml>',
    );
    expect(nodes[0]).toMatchObject({
      kind: 'link',
      href: 'https://example.org/%22onmouseover=%22alert(7)',
    });
  });

  it('drops an SVG with its onload handler and its script, keeping only its text', () => {
    const nodes = cda(
      '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(8)"><script>alert(8)</script><text>graphique</text></svg>',
    );
    expectSafe(nodes);
    expect(nodes).toEqual([{ kind: 'text', text: 'graphique' }]);
  });

  it('drops XHTML img, iframe and object elements and their attributes', () => {
    const nodes = cda(
      `<img ${X} src="x" onerror="alert(9)"/><iframe ${X} srcdoc="&lt;script&gt;alert(9)&lt;/script&gt;"/>` +
        `<object ${X} data="javascript:alert(9)">objet</object>`,
    );
    expectSafe(nodes);
    expect(nodes).toEqual([{ kind: 'text', text: 'objet' }]);
  });

  it('keeps an XHTML a element in a CDA narrative as text only', () => {
    expect(cda(`<a ${X} href="https://example.org">texte</a>`)).toEqual([
      { kind: 'text', text: 'texte' },
    ]);
  });

  it('drops MathML and the script inside it', () => {
    const nodes = cda(
      '<math xmlns="http://www.w3.org/1998/Math/MathML"><mtext><script>alert(10)</script>x</mtext></math>',
    );
    expect(nodes).toEqual([{ kind: 'text', text: 'x' }]);
  });

  it('keeps an encoded <script> as the text it is, never as an element', () => {
    const nodes = cda('<paragraph>&lt;script&gt;alert(11)&lt;/script&gt;</paragraph>');
    expect(nodes).toEqual([
      { kind: 'paragraph', children: [{ kind: 'text', text: '<script>alert(11)</script>' }] },
    ]);
  });

  it('keeps a double-encoded payload as its once-decoded text', () => {
    const nodes = cda('<paragraph>&amp;lt;img src=x onerror=alert(12)&amp;gt;</paragraph>');
    expect(nodes).toEqual([
      {
        kind: 'paragraph',
        children: [{ kind: 'text', text: '&lt;img src=x onerror=alert(12)&gt;' }],
      },
    ]);
  });

  it('keeps CDATA markup as text', () => {
    const nodes = cda('<paragraph><![CDATA[<img src=x onerror=alert(13)>]]></paragraph>');
    expect(nodes).toEqual([
      { kind: 'paragraph', children: [{ kind: 'text', text: '<img src=x onerror=alert(13)>' }] },
    ]);
  });

  it('ignores a colspan carrying an injected attribute', () => {
    const nodes = cda(
      '<table><tbody><tr><td colspan="2&quot; onclick=&quot;alert(14)">x</td></tr></tbody></table>',
    );
    expectSafe(nodes);
    expect(nodes[0]?.kind === 'table' && nodes[0].body[0]?.cells[0]?.colspan).toBeUndefined();
  });

  it('ignores styleCode values outside the enum', () => {
    const nodes = cda('<content styleCode="expression(alert(15)) Bold">x</content>');
    expect(nodes).toEqual([
      { kind: 'content', styles: ['bold'], children: [{ kind: 'text', text: 'x' }] },
    ]);
  });

  it('refuses a document declaring entities (entity expansion tricks)', () => {
    const xml = cdaWithSection('&xss;').replace(
      '<ClinicalDocument',
      '<!DOCTYPE ClinicalDocument [<!ENTITY xss "&lt;script&gt;alert(16)&lt;/script&gt;">]>\n<ClinicalDocument',
    );
    expect(() => readCdaLetter(xml, { domParser: strictParser() })).toThrow(
      expect.objectContaining({ reason: 'unsafe-xml' }) as LetterReadError,
    );
  });

  it('keeps every tree of the corpus within the allowed kinds, keys and links', () => {
    const corpus = [
      '<paragraph onclick="x">a<script>b</script></paragraph>',
      '<list listType="ordered" onclick="x"><item style="x">i</item><script>s</script></list>',
      '<table onclick="x"><script>s</script><tr onmouseover="x"><td colspan="3">c</td><script>s</script></tr></table>',
      '<linkHtml href="javascript:x" onclick="x">l</linkHtml><linkHtml href="http://ok.example">ok</linkHtml>',
    ];
    for (const text of corpus) expectSafe(cda(text));
  });
});

describe('XSS corpus in a FHIR narrative (text.div)', () => {
  it('drops script and style elements with their content', () => {
    const nodes = fhir(`<div ${X}><script>alert(20)</script><style>*{}</style><p>ok</p></div>`);
    expect(nodes).toEqual([{ kind: 'paragraph', children: [{ kind: 'text', text: 'ok' }] }]);
  });

  it('never copies on* handlers, style or class attributes', () => {
    const nodes = fhir(
      `<div ${X}><p onclick="alert(21)" style="x" class="c"><b onmouseover="alert(21)">g</b></p></div>`,
    );
    expectSafe(nodes);
    expect(JSON.stringify(nodes)).not.toContain('alert');
  });

  it('renders a javascript: anchor as its text', () => {
    expect(fhir(`<div ${X}><a href="javascript:alert(22)">clic</a></div>`)).toEqual([
      { kind: 'text', text: 'clic' },
    ]);
  });

  it('renders a data: anchor as its text', () => {
    expect(
      fhir(`<div ${X}><a href="data:text/html,&lt;script&gt;alert(23)&lt;/script&gt;">d</a></div>`),
    ).toEqual([{ kind: 'text', text: 'd' }]);
  });

  it('keeps an https anchor as a link', () => {
    expect(fhir(`<div ${X}><a href="https://example.org/a?b=1">lien</a></div>`)).toEqual([
      {
        kind: 'link',
        href: 'https://example.org/a?b=1',
        children: [{ kind: 'text', text: 'lien' }],
      },
    ]);
  });

  it('drops img, iframe, form, input, base and meta elements', () => {
    const nodes = fhir(
      `<div ${X}><img src="x" onerror="alert(24)"/><iframe src="javascript:alert(24)">i</iframe>` +
        `<form action="https://evil.example"><input value="v"/></form><base href="https://evil.example/"/>` +
        `<meta http-equiv="refresh" content="0;url=javascript:alert(24)"/>fin</div>`,
    );
    expectSafe(nodes);
    expect(nodes).toEqual([{ kind: 'image' }, { kind: 'text', text: 'ifin' }]);
  });

  it('keeps an image’s description as text only, never its source', () => {
    const nodes = fhir(
      `<div ${X}><p>ECG : <img src="https://evil.example/x.png" onerror="alert(26)" alt=" Rythme  &lt;b&gt;sinusal&lt;/b&gt; "/></p></div>`,
    );
    expectSafe(nodes);
    expect(nodes).toEqual([
      {
        kind: 'paragraph',
        children: [
          { kind: 'text', text: 'ECG : ' },
          { kind: 'image', alt: 'Rythme <b>sinusal</b>' },
        ],
      },
    ]);
  });

  it('drops inline SVG with its script', () => {
    const nodes = fhir(
      `<div ${X}><svg xmlns="http://www.w3.org/2000/svg"><script>alert(25)</script><a href="javascript:alert(25)">s</a></svg></div>`,
    );
    expect(nodes).toEqual([{ kind: 'text', text: 's' }]);
  });

  it('keeps an encoded script as text', () => {
    expect(fhir(`<div ${X}>&lt;script&gt;alert(26)&lt;/script&gt;</div>`)).toEqual([
      { kind: 'text', text: '<script>alert(26)</script>' },
    ]);
  });

  it('shows a malformed narrative with a script as text without the script', () => {
    const nodes = fhir(`<div ${X}><script>alert(27)</script><p>texte<br></p></div>`);
    expect(nodes).toEqual([{ kind: 'paragraph', children: [{ kind: 'text', text: 'texte' }] }]);
  });

  it('does not expand entities declared in a DOCTYPE, and shows the narrative as text', () => {
    const nodes = fhir(
      `<!DOCTYPE div [<!ENTITY x "<script>alert(28)</script>">]><div ${X}>&x;</div>`,
    );
    expectSafe(nodes);
    expect(JSON.stringify(nodes)).not.toContain('alert(28)');
  });
});
