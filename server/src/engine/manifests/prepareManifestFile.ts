import * as fs from 'node:fs';
import { countFlowOpenings } from './countFlowOpenings';
import { decodeManifestBytes } from './decodeManifestBytes';
import type { DocumentChecks } from '../validation/WorkspaceValidator';
import { hasDocumentContent } from './hasDocumentContent';
import type { ManifestDocument } from './ManifestDocument';
import { maxFlowNesting } from './parseLimits';
import { parseQuickly } from './parseQuickly';
import type { PreparedChunk, PreparedManifestFile } from './PreparedManifestFile';
import { readChunk } from './readChunk';
import { scanDocumentPieces } from './scanDocumentPieces';

// Numbers JSON cannot carry: NaN and the infinities (`.nan`, `.inf`) become null, -0 becomes 0.
// Only texts with one of these spellings are walked; a false positive costs a walk.
const inexactNumberSpelling = /-\.?0|\.(?:nan|NaN|NAN|inf|Inf|INF)/;

/**
 * prepareManifestFile reads, decodes and quickly parses one file for a parse worker: the same cut
 * into document texts as parseManifestText, each usual document's value as JSON text. Whatever
 * needs the careful parser (problems, positions, aliases) is left to the thread that validates.
 */
export function prepareManifestFile(args: {
  file: string;
  maxFileSize: number;
  /** Checks each document parsed here (the document rules), for the validating thread to use. */
  check?: (document: ManifestDocument) => DocumentChecks;
}): PreparedManifestFile {
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(args.file);
  } catch (error) {
    return { unreadable: unreadableReason(error) };
  }
  const decoded = decodeManifestBytes({ file: args.file, bytes, maxFileSize: args.maxFileSize });
  const chunks: PreparedChunk[] = [];
  const { text } = decoded;
  // Files that cannot be cut (directives, `...`) are parsed whole, by the validating thread.
  const scanned = text === undefined ? undefined : scanDocumentPieces(text, 0, text.length, 0);
  if (text === undefined || !scanned) return { decoded, chunks };
  scanned.pieces.forEach((piece, at) => {
    const body = text.slice(piece.bodyOffset, at + 1 < scanned.pieces.length ? scanned.pieces[at + 1].offset : text.length);
    if (!hasDocumentContent(body)) return;
    const { chunk, value } = prepareChunk(body);
    if (value !== undefined && args.check) {
      // The document exactly as parseManifestText makes it (readChunk), for rules that read more than the value.
      const { document } = readChunk({ file: args.file, index: chunks.length, text: body, startLine: piece.bodyLine, parsed: { value, problems: [], tree: {} } });
      if (document) chunk.checked = args.check(document);
    }
    chunks.push(chunk);
  });
  return { decoded, chunks };
}

/** unreadableReason names why a file could not be read: its error code, else the error. */
export function unreadableReason(error: unknown): string {
  return error instanceof Error && 'code' in error ? String(error.code) : String(error);
}

function prepareChunk(text: string): { chunk: PreparedChunk; value?: object } {
  // Deep nesting is refused by parseDocumentChunk, with a finding: left to it.
  if (countFlowOpenings(text) > maxFlowNesting) return { chunk: { length: text.length, json: null } };
  const value = parseQuickly(text);
  if (value === undefined || (inexactNumberSpelling.test(text) && !jsonExact(value))) return { chunk: { length: text.length, json: null } };
  return { chunk: { length: text.length, json: JSON.stringify(value) }, value };
}

/** jsonExact: JSON.parse(JSON.stringify(value)) equals value (no NaN, infinity or -0 inside). */
function jsonExact(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (value === null || typeof value !== 'object') return true;
  for (const entry of Array.isArray(value) ? value : Object.values(value)) if (!jsonExact(entry)) return false;
  return true;
}
