// Rollup plugin: minifies the static text of Lit `css` tagged templates in the elements' sources
// (comments, indentation, spaces around `{ } ; , :`), so that the styles shipped to every page
// weigh what the rules need, not what their formatting and comments take. Interpolations
// (`${…}`) are left as they are. Line breaks are kept, one per source line, so that source maps
// stay exact to the line. Conservative on purpose: quoted strings (`content: '…'`) are kept as
// they are, and selectors keep their meaning, because only whitespace next to `{ } ; , :` and
// comments are removed (a `/*` inside a quoted string is not supported: the styles have none).
// Tested in src/styles/minify-css-literals.test.ts.

/** A quoted CSS string (`'…'` or `"…"`, on one line). */
const STRING = /(['"])(?:\\.|(?!\1)[^\\\n])*\1/g;

/** Minifies one line of CSS outside its quoted strings, which are kept byte for byte. */
function minifyLine(line) {
  let out = '';
  let last = 0;
  const squeeze = (part) =>
    part
      .replace(/\s+/g, ' ')
      .replace(/\s*([{};,])\s*/g, '$1')
      .replace(/;(?=\})/g, '');
  for (const match of line.matchAll(STRING)) {
    out += squeeze(line.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  out += squeeze(line.slice(last));
  return out.trim().replace(/^([-a-z]+)\s*:\s+/, '$1:');
}

/** Minifies one static chunk of CSS text (between interpolations); keeps its line breaks. */
export function minifyCssText(text) {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ''))
    .split('\n')
    .map(minifyLine)
    .join('\n');
}

/**
 * Finds each `css` tagged template in `code` and minifies its static parts. Returns the new code,
 * or null when there is nothing to change.
 */
export function minifyCssLiterals(code) {
  let out = '';
  let last = 0;
  const tag = /\bcss`/g;
  let match;
  while ((match = tag.exec(code))) {
    let i = match.index + match[0].length;
    out += code.slice(last, i);
    let chunk = '';
    for (;;) {
      const ch = code[i];
      if (ch === undefined) throw new Error('Unterminated css template literal');
      if (ch === '\\') {
        chunk += ch + code[i + 1];
        i += 2;
      } else if (ch === '`') {
        out += minifyCssText(chunk) + '`';
        i += 1;
        break;
      } else if (ch === '$' && code[i + 1] === '{') {
        out += minifyCssText(chunk);
        chunk = '';
        // Copy the interpolation as is (our styles interpolate plain expressions, no templates).
        let depth = 0;
        const start = i;
        for (; i < code.length; i++) {
          if (code[i] === '{') depth++;
          else if (code[i] === '}' && --depth === 0) break;
        }
        out += code.slice(start, i + 1);
        i += 1;
      } else {
        chunk += ch;
        i += 1;
      }
    }
    last = i;
    tag.lastIndex = i;
  }
  if (last === 0) return null;
  return out + code.slice(last);
}

export default function minifyCss() {
  return {
    name: 'lien-minify-css-literals',
    transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id) || !code.includes('css`')) return null;
      const minified = minifyCssLiterals(code);
      // Lines are kept: the existing source map stays valid.
      return minified === null ? null : { code: minified, map: null };
    },
  };
}
