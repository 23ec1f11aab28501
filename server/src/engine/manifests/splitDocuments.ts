/** DocumentChunk is the text of one `---` document of a file. */
export interface DocumentChunk {
  /** Zero-based line of the file where the chunk's text starts (the line after its `---`). */
  startLine: number;
  text: string;
}

// `---` alone, or followed by blanks and maybe a comment; `---#x` is a plain scalar, not a marker.
const markerLine = /^---(?:[ \t]+(?:#.*)?)?\r?$/;
const unsplittable = /^(---[ \t]*[^ \t#\r\n]|\.\.\.|%)/m;
// Any line whose first non-blank character is content (not `#`, not a line break).
const contentLine = /(?:^|[\r\n])[ \t]*[^ \t#\r\n]/;

/**
 * splitDocuments cuts a YAML stream at its `---` lines, so each document can be parsed, cached and
 * re-validated alone. Returns undefined when the stream uses directives, `...` or content on the
 * marker line: those rare files are parsed whole instead.
 */
export function splitDocuments(text: string): DocumentChunk[] | undefined {
  if (unsplittable.test(text)) return undefined;
  const chunks: DocumentChunk[] = [];
  let chunkStart = 0;
  let chunkStartLine = 0;
  let line = 0;
  let offset = 0;
  while (offset <= text.length) {
    const newline = text.indexOf('\n', offset);
    const lineEnd = newline === -1 ? text.length : newline;
    // A marker needs "---" at column 0; checking the first char first keeps the scan cheap.
    if (text.charCodeAt(offset) === 45 && markerLine.test(text.slice(offset, lineEnd))) {
      pushChunk(chunks, text.slice(chunkStart, offset), chunkStartLine);
      chunkStart = lineEnd + 1;
      chunkStartLine = line + 1;
    }
    if (newline === -1) break;
    offset = newline + 1;
    line++;
  }
  if (chunkStart <= text.length) pushChunk(chunks, text.slice(chunkStart), chunkStartLine);
  return chunks;
}

function pushChunk(chunks: DocumentChunk[], text: string, startLine: number): void {
  // Empty documents (before the first marker, between markers, after the last) hold no object.
  // A linear scan: a nested-quantifier "every line is blank or a comment" pattern backtracks
  // exponentially on comment lines followed by content.
  if (!contentLine.test(text)) return;
  chunks.push({ startLine, text });
}
