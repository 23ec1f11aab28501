/** DocumentChunk is the text of one `---` document of a file. */
export interface DocumentChunk {
  /** Zero-based line of the file where the chunk's text starts (the line after its `---`). */
  startLine: number;
  text: string;
}

// `---` alone, or followed by blanks and maybe a comment; `---#x` is a plain scalar, not a marker.
const markerLine = /^---(?:[ \t]+(?:#.*)?)?\r?$/;
// Content after a marker (`--- |`, `----`) cannot be cut on lines.
const contentAfterMarker = /^---[ \t]*[^ \t#\r\n]/;
// Any line whose first non-blank character is content (not `#`, not a line break).
const contentLine = /(?:^|[\r\n])[ \t]*[^ \t#\r\n]/;

/**
 * splitDocuments cuts a YAML stream at its `---` lines, so each document can be parsed, cached and
 * re-validated alone. Returns undefined when the stream uses directives, `...` or content on the
 * marker line: those rare files are parsed whole instead.
 */
export function splitDocuments(text: string): DocumentChunk[] | undefined {
  const chunks: DocumentChunk[] = [];
  let chunkStart = 0;
  let chunkStartLine = 0;
  let line = 0;
  let offset = 0;
  while (offset <= text.length) {
    const newline = text.indexOf('\n', offset);
    const lineEnd = newline === -1 ? text.length : newline;
    // Markers, `...` and directives start at column 0: the first character decides cheaply, in
    // the same single pass that finds the lines.
    const first = text.charCodeAt(offset);
    if (first === 37 || (first === 46 && text.startsWith('...', offset))) return undefined;
    if (first === 45 && text.startsWith('---', offset)) {
      const lineText = text.slice(offset, lineEnd);
      if (markerLine.test(lineText)) {
        pushChunk(chunks, text.slice(chunkStart, offset), chunkStartLine);
        chunkStart = lineEnd + 1;
        chunkStartLine = line + 1;
      } else if (contentAfterMarker.test(lineText)) {
        return undefined;
      }
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
