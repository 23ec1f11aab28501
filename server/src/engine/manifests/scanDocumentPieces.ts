import type { DocumentPiece } from './DocumentPiece';

// `---` alone, or followed by blanks and maybe a comment; `---#x` is a plain scalar, not a marker.
const markerLine = /^---(?:[ \t]+(?:#.*)?)?\r?$/;
// Content after a marker (`--- |`, `----`) cannot be cut on lines.
const contentAfterMarker = /^---[ \t]*[^ \t#\r\n]/;

/**
 * scanDocumentPieces cuts `text` from `from` (the start of the text or of a `---` line) to `to` (the
 * start of a `---` line, or the end of the text) at its `---` lines, in one pass over the lines.
 * `fromLine` is the line of `from`. Returns the pieces and the line of `to`, or undefined when the
 * stretch uses directives, `...` or content on a marker line: such files are parsed whole.
 */
export function scanDocumentPieces(text: string, from: number, to: number, fromLine: number): { pieces: DocumentPiece[]; endLine: number } | undefined {
  const pieces: DocumentPiece[] = [{ offset: from, line: fromLine, bodyOffset: from, bodyLine: fromLine }];
  let line = fromLine;
  let offset = from;
  while (offset < to) {
    const newline = text.indexOf('\n', offset);
    const lineEnd = newline === -1 ? text.length : newline;
    // Markers, `...` and directives start at column 0: the first character decides cheaply, in
    // the same single pass that finds the lines.
    const first = text.charCodeAt(offset);
    if (first === 37 || (first === 46 && text.startsWith('...', offset))) return undefined;
    if (first === 45 && text.startsWith('---', offset)) {
      const lineText = text.slice(offset, lineEnd);
      if (markerLine.test(lineText)) {
        const piece = { offset, line, bodyOffset: lineEnd + 1, bodyLine: line + 1 };
        // A stretch that starts with a marker line is that marker's piece (the same pieces as a
        // scan of the whole text gives), not an empty piece followed by it.
        if (offset === from) pieces[0] = piece;
        else pieces.push(piece);
      } else if (contentAfterMarker.test(lineText)) {
        return undefined;
      }
    }
    if (newline === -1) break;
    offset = newline + 1;
    line++;
  }
  return { pieces, endLine: line };
}
