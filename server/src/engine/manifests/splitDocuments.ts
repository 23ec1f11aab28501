import { hasDocumentContent } from './hasDocumentContent';
import { scanDocumentPieces } from './scanDocumentPieces';

/** DocumentChunk is the text of one `---` document of a file. */
export interface DocumentChunk {
  /** Zero-based line of the file where the chunk's text starts (the line after its `---`). */
  startLine: number;
  text: string;
}

/**
 * splitDocuments cuts a YAML stream at its `---` lines, so each document can be parsed, cached and
 * re-validated alone. Returns undefined when the stream uses directives, `...` or content on the
 * marker line: those rare files are parsed whole instead.
 */
export function splitDocuments(text: string): DocumentChunk[] | undefined {
  const scanned = scanDocumentPieces(text, 0, text.length, 0);
  if (!scanned) return undefined;
  const chunks: DocumentChunk[] = [];
  const { pieces } = scanned;
  for (let index = 0; index < pieces.length; index++) {
    const body = text.slice(pieces[index].bodyOffset, index + 1 < pieces.length ? pieces[index + 1].offset : text.length);
    if (hasDocumentContent(body)) chunks.push({ startLine: pieces[index].bodyLine, text: body });
  }
  return chunks;
}

