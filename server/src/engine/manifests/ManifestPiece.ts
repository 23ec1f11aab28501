import type { Finding } from '../validation/Finding';
import type { DocumentPiece } from './DocumentPiece';
import type { ManifestDocument } from './ManifestDocument';
import type { CachedChunk } from './parseManifestText';

/** ManifestPiece is a DocumentPiece of a parsed file with what its text produced. */
export interface ManifestPiece extends DocumentPiece {
  /** The piece's text, from `offset` to the next piece (its `---` line and document). */
  text: string;
  /** Absent when the piece holds only blank and comment lines. */
  chunk?: PieceChunk;
}

/** PieceChunk is the parse of one piece's document text. */
export interface PieceChunk {
  text: string;
  parsed: CachedChunk;
  /** Index among the file's chunks: the ManifestDocument index. */
  index: number;
  /** Absent when the text holds no value (null, or it did not parse). */
  document?: ManifestDocument;
  /** Its yaml-syntax findings, at file positions. */
  problems: Finding[];
}
