/**
 * DocumentPiece is one stretch of a YAML stream that is cut at its `---` lines: from the start of
 * its `---` line (or the start of the stream) to the next piece. The pieces of a text cover it
 * without gaps, so an edit can be mapped to the pieces it touches.
 */
export interface DocumentPiece {
  /** Offset where the piece starts: the start of its `---` line, or of the scanned text. */
  offset: number;
  /** Zero-based line of `offset`. */
  line: number;
  /** Offset where the document's text starts: after the `---` line (past the end when the marker ends the text). */
  bodyOffset: number;
  /** Zero-based line of `bodyOffset`. */
  bodyLine: number;
}
