import type { DocumentChecks } from '../validation/WorkspaceValidator';
import type { DecodedManifest } from './decodeManifestBytes';

/**
 * PreparedChunk is one document text of a file, parsed elsewhere (a parse worker): its value as
 * JSON text, or null when the text must be parsed here (unusual YAML, a problem, a value JSON
 * cannot carry exactly). `length` is the text's length, a check that both sides cut the same text.
 */
export interface PreparedChunk {
  length: number;
  json: string | null;
  /**
   * The document rules' findings on the value, per rule id (only rules that found something),
   * when the worker was asked to check documents (see prepareManifestFile's `check`).
   */
  checked?: DocumentChecks;
}

/**
 * PreparedManifestFile is what a parse worker made of one file: why it could not be read, or its
 * decoded text and, per document text with content in file order, the parse (preparedChunkCache).
 */
export type PreparedManifestFile =
  | { unreadable: string }
  | { decoded: DecodedManifest; chunks: PreparedChunk[] };
