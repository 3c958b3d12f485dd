import { expect } from '@open-wc/testing';
import { minifyCssLiterals, minifyCssText } from '../../scripts/minify-css-literals.mjs';

/** The rules a stylesheet holds once parsed by the browser, as text. */
function parsed(text: string): string[] {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(text);
  return Array.from(sheet.cssRules, (rule) => rule.cssText);
}

describe('minify-css-literals (elements build)', () => {
  const source = `
    /* A comment
       on two lines. */
    :host([variant='compact']) .member  >  .name ,
    .a .b:hover {
      content: ' ; { , } ';
      width: calc(100% - 2 * var(--_s));
      grid-template-columns: repeat( auto-fill, minmax(min(100%, 16rem), 1fr) );
      font-family: "Marianne", system-ui, sans-serif;
    }
    @media (prefers-reduced-motion: reduce) {
      .a { transition: none; }
    }
  `;

  it('keeps the line breaks (source maps stay exact to the line)', () => {
    expect(minifyCssText(source).split('\n')).to.have.length(source.split('\n').length);
  });

  it('drops comments and indentation', () => {
    const out = minifyCssText(source);
    expect(out).not.to.contain('comment');
    expect(out).not.to.match(/^[ \t]+\S/m);
    expect(out.length).to.be.below(source.length * 0.8);
  });

  it('keeps quoted strings, selectors and calc() byte for byte', () => {
    const out = minifyCssText(source);
    expect(out).to.contain(`content:' ; { , } '`);
    expect(out).to.contain(`:host([variant='compact']) .member > .name,`);
    expect(out).to.contain('.a .b:hover{');
    expect(out).to.contain('calc(100% - 2 * var(--_s))');
  });

  it('gives the browser the same rules', () => {
    expect(parsed(minifyCssText(source))).to.deep.equal(parsed(source));
  });

  it('minifies only css tagged templates, and leaves their interpolations as they are', () => {
    const code = [
      'const a = css`',
      '  .x {  color: red;  }',
      '  ${unsafeCSS(`  .y { }  `)}',
      '`;',
      'const b = html`  <p> keep </p>  `;',
    ].join('\n');
    expect(minifyCssLiterals(code)).to.equal(
      [
        'const a = css`',
        '.x{color: red}',
        '${unsafeCSS(`  .y { }  `)}',
        '`;',
        'const b = html`  <p> keep </p>  `;',
      ].join('\n'),
    );
    expect(minifyCssLiterals('const b = html`<p></p>`;')).to.equal(null);
  });
});
