/** Minifies one static chunk of CSS text (between interpolations); keeps its line breaks. */
export function minifyCssText(text: string): string;
/** Minifies the static parts of each `css` tagged template in `code`; null when there is none. */
export function minifyCssLiterals(code: string): string | null;
/** The rollup plugin. */
export default function minifyCss(): { name: string; transform(code: string, id: string): unknown };
