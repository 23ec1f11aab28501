/**
 * flowNestingDepth returns the deepest `[`/`{` nesting in a text, skipping quoted strings and
 * comments roughly; it only has to be right for the texts that could overflow a parser.
 */
export function flowNestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let quote = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
      else if (c === 10) quote = 0;
      continue;
    }
    if (c === 91 || c === 123) {
      if (++depth > deepest) deepest = depth;
    } else if (c === 93 || c === 125) {
      if (depth > 0) depth--;
    } else if (c === 34 || c === 39) {
      quote = c;
    } else if (c === 35) {
      const newline = text.indexOf('\n', i);
      if (newline === -1) break;
      i = newline;
    }
  }
  return deepest;
}
