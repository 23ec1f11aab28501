import type { Finding } from '../validation/Finding';
import type { ManifestDocument } from './ManifestDocument';
import type { PieceChunk } from './ManifestPiece';
import { firstLineRange } from './firstLineRange';
import type { CachedChunk } from './parseManifestText';
import { resourceIdentity } from './resourceIdentity';
import { syntaxFinding } from './syntaxFinding';

/** notAMappingMessage is the warning for a document that is a scalar. */
export const notAMappingMessage = 'this document is a plain value, not a mapping: is this file YAML? A Kubernetes manifest is a mapping with apiVersion and kind';

/**
 * readChunk turns the parse of one document text, starting at `startLine` of the file, into its
 * ManifestDocument (when it has a value) and its yaml-syntax findings at file positions.
 */
export function readChunk(args: { file: string; index: number; text: string; startLine: number; parsed: CachedChunk }): PieceChunk {
  const { file, index, text, startLine, parsed } = args;
  const problems: Finding[] = [];
  for (const problem of parsed.problems) problems.push(syntaxFinding(file, problem, startLine));
  const { value } = parsed;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    problems.push(syntaxFinding(file, { range: firstLineRange(text), severity: 'warning', message: notAMappingMessage }, startLine));
  }
  if (value === undefined || value === null) return { text, parsed, index, problems };
  const document: ManifestDocument = { file, index, startLine, value, source: { text, startLine, tree: parsed.tree } };
  document.identity = resourceIdentity(value);
  return { text, parsed, index, document, problems };
}

