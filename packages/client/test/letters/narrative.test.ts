/** The safe narrative tree: what each allowed CDA / XHTML element becomes. */
import { describe, expect, it } from 'vitest';
import { narrativeToText, readCdaLetter, type NarrativeNode } from '../../src/letters/index.js';
import { narrativeFromXhtmlString } from '../../src/letters/narrative.js';
import type { LetterWarning } from '../../src/letters/model.js';
import { cdaWithSection, strictParser } from './helpers.js';

function cda(text: string): NarrativeNode[] {
  const letter = readCdaLetter(cdaWithSection(text), { domParser: strictParser() });
  return letter.sections[0]?.narrative ?? [];
}

function xhtml(div: string, warnings: LetterWarning[] = []): NarrativeNode[] {
  return narrativeFromXhtmlString(div, strictParser(), warnings);
}

describe('CDA narrative block', () => {
  it('turns paragraphs into paragraph nodes, with collapsed whitespace', () => {
    expect(cda('<paragraph>  Patient   stable,\n   apyrétique. </paragraph>')).toEqual([
      { kind: 'paragraph', children: [{ kind: 'text', text: 'Patient stable, apyrétique.' }] },
    ]);
  });

  it('reads listType="ordered" as an ordered list, with its caption and items', () => {
    expect(
      cda(
        '<list listType="ordered"><caption>Étapes</caption><item>Un</item><item>Deux</item></list>',
      ),
    ).toEqual([
      {
        kind: 'list',
        ordered: true,
        caption: [{ kind: 'text', text: 'Étapes' }],
        items: [
          { children: [{ kind: 'text', text: 'Un' }] },
          { children: [{ kind: 'text', text: 'Deux' }] },
        ],
      },
    ]);
  });

  it('reads a list without listType as unordered', () => {
    const [list] = cda('<list><item>A</item></list>');
    expect(list).toMatchObject({ kind: 'list', ordered: false });
  });

  it('reads tables: caption, head, several bodies, foot, th/td, colspan and rowspan as numbers', () => {
    const [table] = cda(
      '<table><caption>Bilan</caption><thead><tr><th colspan="2">Examen</th></tr></thead>' +
        '<tbody><tr><td rowspan="2">NFS</td><td>normale</td></tr></tbody><tbody><tr><td>CRP</td></tr></tbody>' +
        '<tfoot><tr><td>fin</td></tr></tfoot></table>',
    );
    expect(table).toEqual({
      kind: 'table',
      caption: [{ kind: 'text', text: 'Bilan' }],
      head: [
        { cells: [{ header: true, colspan: 2, children: [{ kind: 'text', text: 'Examen' }] }] },
      ],
      body: [
        {
          cells: [
            { header: false, rowspan: 2, children: [{ kind: 'text', text: 'NFS' }] },
            { header: false, children: [{ kind: 'text', text: 'normale' }] },
          ],
        },
        { cells: [{ header: false, children: [{ kind: 'text', text: 'CRP' }] }] },
      ],
      foot: [{ cells: [{ header: false, children: [{ kind: 'text', text: 'fin' }] }] }],
    });
  });

  it('ignores a colspan that is not a number between 1 and 1000', () => {
    const [table] = cda(
      '<table><tbody><tr><td colspan="0">a</td><td colspan="5000">b</td><td colspan="2x">c</td></tr></tbody></table>',
    );
    const cells = table?.kind === 'table' ? table.body[0]?.cells : [];
    expect(cells?.map((c) => c.colspan)).toEqual([undefined, undefined, undefined]);
  });

  it('maps styleCode Bold, Italics, Emphasis and Underline to the style enum, ignoring others', () => {
    expect(
      cda(
        '<content styleCode="Bold Underline Lrule xfoo">a</content><content styleCode="Emphasis">b</content>',
      ),
    ).toEqual([
      { kind: 'content', styles: ['bold', 'underline'], children: [{ kind: 'text', text: 'a' }] },
      { kind: 'content', styles: ['italics'], children: [{ kind: 'text', text: 'b' }] },
    ]);
  });

  it('unwraps content without a known style', () => {
    expect(cda('<paragraph>Dose <content ID="d1">5 mg</content></paragraph>')).toEqual([
      { kind: 'paragraph', children: [{ kind: 'text', text: 'Dose 5 mg' }] },
    ]);
  });

  it('keeps br, sub, sup and footnotes, and drops footnoteRef', () => {
    expect(
      cda(
        '<paragraph>H<sub>2</sub>O<br/>m<sup>2</sup><footnote>note</footnote><footnoteRef IDREF="f"/></paragraph>',
      ),
    ).toEqual([
      {
        kind: 'paragraph',
        children: [
          { kind: 'text', text: 'H' },
          { kind: 'sub', children: [{ kind: 'text', text: '2' }] },
          { kind: 'text', text: 'O' },
          { kind: 'br' },
          { kind: 'text', text: 'm' },
          { kind: 'sup', children: [{ kind: 'text', text: '2' }] },
          { kind: 'footnote', children: [{ kind: 'text', text: 'note' }] },
        ],
      },
    ]);
  });

  it('keeps an https linkHtml as a link with a normalised href', () => {
    expect(cda('<linkHtml href="https://has-sante.fr/guide">guide</linkHtml>')).toEqual([
      {
        kind: 'link',
        href: 'https://has-sante.fr/guide',
        children: [{ kind: 'text', text: 'guide' }],
      },
    ]);
  });

  it('renders a relative link as its text', () => {
    expect(cda('<linkHtml href="#section2">voir plus bas</linkHtml>')).toEqual([
      { kind: 'text', text: 'voir plus bas' },
    ]);
  });

  it('says where a renderMultiMedia was, with its caption, and never loads it', () => {
    expect(
      cda('<renderMultiMedia referencedObject="img1"><caption>Radio</caption></renderMultiMedia>'),
    ).toEqual([{ kind: 'image', alt: 'Radio' }]);
    expect(cda('<renderMultiMedia referencedObject="img1"/>')).toEqual([{ kind: 'image' }]);
  });

  it('drops an unknown element and keeps its text', () => {
    expect(cda('<paragraph>avant <unknown>dedans</unknown> après</paragraph>')).toEqual([
      { kind: 'paragraph', children: [{ kind: 'text', text: 'avant dedans après' }] },
    ]);
  });

  it('wraps text mixed with blocks into paragraphs', () => {
    expect(cda('Texte libre<table><tbody><tr><td>x</td></tr></tbody></table>suite')).toMatchObject([
      { kind: 'paragraph', children: [{ kind: 'text', text: 'Texte libre' }] },
      { kind: 'table' },
      { kind: 'paragraph', children: [{ kind: 'text', text: 'suite' }] },
    ]);
  });

  it('keeps stray text inside a table after the table', () => {
    expect(cda('<table>égaré<tbody><tr><td>x</td></tr></tbody></table>')).toMatchObject([
      { kind: 'table' },
      { kind: 'paragraph', children: [{ kind: 'text', text: 'égaré' }] },
    ]);
  });

  it('flattens nesting deeper than 64 levels to text, without a stack overflow, and warns', () => {
    const depth = 3000;
    const letter = readCdaLetter(
      cdaWithSection(
        `${'<content styleCode="Bold">'.repeat(depth)}profond${'</content>'.repeat(depth)}`,
      ),
      { domParser: strictParser() },
    );
    expect(narrativeToText(letter.sections[0]?.narrative ?? [])).toBe('profond');
    expect(letter.warnings.map((w) => w.code)).toContain('narrative-truncated');
  });
});

describe('FHIR XHTML narrative', () => {
  it('maps p, ul/ol/li, b/strong, i/em, u and headings', () => {
    expect(
      xhtml(
        '<div xmlns="http://www.w3.org/1999/xhtml"><h3>Titre</h3><p><b>gras</b> <em>it</em> <u>s</u></p><ol><li>un</li></ol></div>',
      ),
    ).toEqual([
      {
        kind: 'paragraph',
        children: [
          { kind: 'content', styles: ['bold'], children: [{ kind: 'text', text: 'Titre' }] },
        ],
      },
      {
        kind: 'paragraph',
        children: [
          { kind: 'content', styles: ['bold'], children: [{ kind: 'text', text: 'gras' }] },
          { kind: 'text', text: ' ' },
          { kind: 'content', styles: ['italics'], children: [{ kind: 'text', text: 'it' }] },
          { kind: 'text', text: ' ' },
          { kind: 'content', styles: ['underline'], children: [{ kind: 'text', text: 's' }] },
        ],
      },
      { kind: 'list', ordered: true, items: [{ children: [{ kind: 'text', text: 'un' }] }] },
    ]);
  });

  it('turns sibling divs into separate paragraphs', () => {
    expect(
      xhtml('<div xmlns="http://www.w3.org/1999/xhtml"><div>A</div><div>B</div></div>'),
    ).toEqual([
      { kind: 'paragraph', children: [{ kind: 'text', text: 'A' }] },
      { kind: 'paragraph', children: [{ kind: 'text', text: 'B' }] },
    ]);
  });

  it('accepts HTML entities such as &nbsp; and &eacute;', () => {
    expect(
      narrativeToText(
        xhtml('<div xmlns="http://www.w3.org/1999/xhtml">f&eacute;vrier&nbsp;2025</div>'),
      ),
    ).toBe('février\u00a02025');
  });

  it('shows a narrative that is not well-formed as plain text, with a warning', () => {
    const warnings: LetterWarning[] = [];
    expect(
      xhtml('<div xmlns="http://www.w3.org/1999/xhtml">Ligne<br>suite &amp; fin</div>', warnings),
    ).toEqual([{ kind: 'paragraph', children: [{ kind: 'text', text: 'Ligne suite & fin' }] }]);
    expect(warnings.map((w) => w.code)).toEqual(['narrative-not-well-formed']);
  });

  it('shows the narrative as plain text when no DOMParser is available', () => {
    const warnings: LetterWarning[] = [];
    expect(narrativeFromXhtmlString('<div><p>Texte</p></div>', undefined, warnings)).toEqual([
      { kind: 'paragraph', children: [{ kind: 'text', text: 'Texte' }] },
    ]);
    expect(warnings[0]?.code).toBe('narrative-not-well-formed');
  });
});

describe('narrativeToText', () => {
  it('puts blocks and rows on their own lines and separates cells with |', () => {
    expect(
      narrativeToText(
        cda(
          '<paragraph>Titre</paragraph><table><tbody><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></tbody></table>',
        ),
      ),
    ).toBe('Titre\na | b\nc');
  });
});
