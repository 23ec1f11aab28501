/**
 * hasUnusualFlowSyntax tells whether a document has a flow node js-yaml accepts where the `yaml`
 * package reports a problem or builds another value: a quoted scalar or a `[`/`{` collection that
 * continues on another line (YAML wants more indentation than js-yaml checks), `#` right after a
 * closing quote or bracket, a collection used as a key, a keep-chomping (`|+`) block scalar. Such
 * documents take the careful path, so that both paths give the same value and findings. Block
 * scalar texts are skipped; a false positive only costs speed. One pass over the text.
 */
export function hasUnusualFlowSyntax(text: string): boolean {
  let offset = 0;
  // When >= -1, the lines indented more than this (and blank lines) are block scalar text.
  let blockOwner = -2;
  // Where the next quote, bracket or block scalar indicator is: a line without one (most lines,
  // `key: value`) can neither be unusual nor start a block scalar, and is not read character by
  // character. Searched again only once passed, so the whole text is searched once.
  let nextSpecial = -1;
  while (offset < text.length) {
    let lineEnd = text.indexOf('\n', offset);
    if (lineEnd === -1) lineEnd = text.length;
    let indent = offset;
    while (indent < lineEnd && text.charCodeAt(indent) === 32) indent++;
    if (blockOwner >= -1 && (indent - offset > blockOwner || /^[ \t]*\r?$/.test(text.slice(indent, lineEnd)))) {
      offset = lineEnd + 1;
      continue;
    }
    blockOwner = -2;
    if (nextSpecial < offset) {
      special.lastIndex = offset;
      nextSpecial = special.exec(text)?.index ?? text.length;
    }
    if (nextSpecial >= lineEnd) {
      offset = lineEnd + 1;
      continue;
    }
    // The flow collections open on this line ('[' or '{'); a multi-line one returns true.
    const open: string[] = [];
    let tokenStart = true;
    let owner = -1;
    let previous = '';
    for (let i = indent; i < lineEnd; i++) {
      const c = text[i];
      if (c === ' ' || c === '\t' || c === '\r') continue;
      const next = i + 1 < lineEnd ? text[i + 1] : ' ';
      const inFlow = open.length > 0;
      if (c === '#' && (i === offset || text[i - 1] === ' ' || text[i - 1] === '\t')) break;
      if ((c === '|' || c === '>') && tokenStart && !inFlow && blockScalarHeader.test(text.slice(i + 1, lineEnd))) {
        if (text.slice(i + 1, i + 3).includes('+')) return true;
        // The text must be indented more than the key or `-` that owns it (any, at the root).
        blockOwner = owner;
        break;
      }
      if (tokenStart && !inFlow) owner = i - offset;
      if ((c === '"' || c === "'") && tokenStart) {
        const close = closingQuote(text, i, lineEnd);
        if (close === -1 || text[close + 1] === '#') return true;
        i = close;
        tokenStart = false;
      } else if ((c === '[' || c === '{') && (tokenStart || inFlow)) {
        // A collection where a flow map expects a key is a complex key.
        if (open[open.length - 1] === '{' && (previous === '{' || previous === ',')) return true;
        open.push(c);
        tokenStart = true;
      } else if ((c === ']' || c === '}') && inFlow) {
        open.pop();
        let after = i + 1;
        while (after < lineEnd && (text[after] === ' ' || text[after] === '\t')) after++;
        // `#` glued to a collection is no comment; a collection followed by `:` is a complex key.
        if (next === '#' || (text[after] === ':' && (after + 1 >= lineEnd || /[ \t\r,\]}]/.test(text[after + 1])))) return true;
        tokenStart = false;
      } else if (c === ',' && inFlow) {
        tokenStart = true;
      } else if ((c === '-' || c === '?' || c === ':') && /[ \t\r,\]}]/.test(next)) {
        tokenStart = true;
      } else {
        tokenStart = false;
      }
      previous = c;
    }
    if (open.length > 0) return true;
    offset = lineEnd + 1;
  }
  return false;
}

const blockScalarHeader = /^[-+0-9]*[ \t]*(?:#.*)?\r?$/;
const special = /["'[\]{}|>]/g;

function closingQuote(text: string, at: number, lineEnd: number): number {
  const quote = text[at];
  for (let j = at + 1; j < lineEnd; j++) {
    if (quote === '"' && text[j] === '\\') j++;
    else if (text[j] === quote) {
      if (quote === "'" && text[j + 1] === "'") j++;
      else return j;
    }
  }
  return -1;
}
