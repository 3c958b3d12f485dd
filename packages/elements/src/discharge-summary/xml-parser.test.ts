import { expect } from '@open-wc/testing';
import { defuse, xmlParser } from './xml-parser.js';

describe('xml-parser defuse', () => {
  it('renames on… and style attributes inside tags', () => {
    expect(defuse('<p onclick="a()" style=\'x\' class="c">t</p>')).to.equal(
      '<p data-lien-onclick="a()" data-lien-style=\'x\' class="c">t</p>',
    );
  });

  it('renames them after a quoted value holding a ">"', () => {
    expect(defuse('<p title="a>b" style="color:red" onclick="x()">t</p>')).to.equal(
      '<p title="a>b" data-lien-style="color:red" data-lien-onclick="x()">t</p>',
    );
    expect(defuse("<p title='>' onmouseover='x()' style='c'>t</p>")).to.equal(
      "<p title='>' data-lien-onmouseover='x()' data-lien-style='c'>t</p>",
    );
  });

  it('keeps CDA attributes that only start like them (styleCode)', () => {
    expect(defuse('<content styleCode="Bold">t</content>')).to.equal(
      '<content styleCode="Bold">t</content>',
    );
  });

  it('leaves attribute values, text, CDATA and comments as they are', () => {
    const source =
      '<a href="https://x.org/?q= onclick=1">a onclick="x" b</a><![CDATA[<b style="s">]]><!-- <i onload="x"> -->';
    expect(defuse(source)).to.equal(source);
  });

  it('turns style elements (prefixed or not) into script elements, dropped by the reader', () => {
    expect(defuse('<style>*{}</style><h:style xmlns:h="x">*{}</h:style>')).to.equal(
      '<script>*{}</script><h:script xmlns:h="x">*{}</h:script>',
    );
  });

  it('defuses unclosed tags in linear time', () => {
    const source = '<a' + ' <b'.repeat(20000);
    const started = performance.now();
    expect(defuse(source)).to.equal(source);
    expect(performance.now() - started).to.be.below(200);
    expect(defuse('<a <b onclick="x()">')).to.equal('<a <b data-lien-onclick="x()">');
  });

  it('parses XML into a document whose text is unchanged', () => {
    const doc = xmlParser.parseFromString(
      '<div xmlns="http://www.w3.org/1999/xhtml"><p onclick="x()">texte</p></div>',
      'application/xml',
    );
    expect((doc as unknown as Document).documentElement.textContent).to.equal('texte');
  });
});
