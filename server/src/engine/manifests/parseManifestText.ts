import { LineCounter, parseAllDocuments } from 'yaml';
import type { Finding, Range } from '../validation/Finding';
import { flowNestingDepth } from './flowNestingDepth';
import { hasDocumentContent } from './hasDocumentContent';
import type { ManifestDocument, SourceTree } from './ManifestDocument';
import type { ManifestPiece } from './ManifestPiece';
import { parseChunkText } from './parseChunkText';
import { carefulParseOptions, firstLineRange, plainValueOf, yamlProblems, type ChunkProblem } from './parseDocumentChunk';
import { maxFlowNesting } from './parseLimits';
import { notAMappingMessage, readChunk } from './readChunk';
import { resourceIdentity } from './resourceIdentity';
import { scanDocumentPieces } from './scanDocumentPieces';
import { syntaxFinding } from './syntaxFinding';

/** ParsedManifestFile is a file's documents as plain data and its syntax findings. */
export interface ParsedManifestFile {
  documents: ManifestDocument[];
  /** Findings of rule "yaml-syntax", with file ranges. */
  problems: Finding[];
  /**
   * The pieces that cover a split file's text (when asked for, see `keepPieces`), so that an edit
   * can be re-parsed from the pieces it touches (reparseManifestText). Absent for files parsed whole.
   */
  pieces?: ManifestPiece[];
  /** Length of the parsed text, kept with the pieces. */
  length?: number;
}

/** CachedChunk is what parsing one document text produced, reusable while the text is unchanged. */
export interface CachedChunk {
  value: unknown;
  problems: ChunkProblem[];
  tree: SourceTree;
}

/** ChunkCache lets the editor reuse the parse of documents whose text did not change. */
export interface ChunkCache {
  get(text: string): CachedChunk | undefined;
  set(text: string, parsed: CachedChunk): void;
}

/**
 * parseManifestText parses every document of a YAML file; it never throws on bad input.
 * `keepPieces` keeps the file's layout in the result, for reparseManifestText.
 */
export function parseManifestText(args: { file: string; text: string; cache?: ChunkCache; keepPieces?: boolean }): ParsedManifestFile {
  const { file, text } = args;
  const scanned = scanDocumentPieces(text, 0, text.length, 0);
  if (!scanned) return parseWhole(file, text);
  const documents: ManifestDocument[] = [];
  const problems: Finding[] = [];
  const pieces: ManifestPiece[] | undefined = args.keepPieces ? [] : undefined;
  let index = 0;
  scanned.pieces.forEach((piece, at) => {
    const pieceEnd = at + 1 < scanned.pieces.length ? scanned.pieces[at + 1].offset : text.length;
    const body = text.slice(piece.bodyOffset, pieceEnd);
    if (!hasDocumentContent(body)) {
      pieces?.push({ ...piece, text: text.slice(piece.offset, pieceEnd) });
      return;
    }
    const chunk = readChunk({ file, index: index++, text: body, startLine: piece.bodyLine, parsed: parseChunkText(body, args.cache) });
    problems.push(...chunk.problems);
    if (chunk.document) documents.push(chunk.document);
    pieces?.push({ ...piece, text: text.slice(piece.offset, pieceEnd), chunk });
  });
  return pieces ? { documents, problems, pieces, length: text.length } : { documents, problems };
}

function parseWhole(file: string, text: string): ParsedManifestFile {
  const depth = flowNestingDepth(text);
  if (depth > maxFlowNesting) {
    const message = `document nests ${depth} levels deep, more than the ${maxFlowNesting} this validator accepts; not parsed`;
    return { documents: [], problems: [syntaxFinding(file, { range: firstLineRange(text), severity: 'error', message }, 0)] };
  }
  const lineCounter = new LineCounter();
  const problems: Finding[] = [];
  const documents: ManifestDocument[] = [];
  let parsedDocuments;
  try {
    parsedDocuments = parseAllDocuments(text, { ...carefulParseOptions, lineCounter });
  } catch (error) {
    const message = `YAML could not be parsed: ${error instanceof Error ? error.message : String(error)}`;
    return { documents: [], problems: [syntaxFinding(file, { range: firstLineRange(text), severity: 'error', message }, 0)] };
  }
  const list = Array.isArray(parsedDocuments) ? parsedDocuments : [];
  list.forEach((yamlDocument, index) => {
    for (const problem of yamlProblems(yamlDocument, lineCounter)) problems.push(syntaxFinding(file, problem, 0));
    if (yamlDocument.errors.length > 0) return;
    const contentStart = yamlDocument.contents?.range?.[0] ?? yamlDocument.range?.[0] ?? 0;
    // Whole-document problems go on the document's first line, as for split files.
    const firstLine = (): Range => {
      const line = lineCounter.linePos(contentStart).line - 1;
      return { start: { line, character: 0 }, end: { line, character: Math.min((text.split('\n')[line] ?? '').replace(/\r$/, '').length, 200) } };
    };
    const converted = plainValueOf(yamlDocument);
    if ('problem' in converted) {
      problems.push(syntaxFinding(file, { range: firstLine(), severity: 'error', message: converted.problem }, 0));
      return;
    }
    const { value } = converted;
    if (value === undefined || value === null) return;
    if (typeof value !== 'object') problems.push(syntaxFinding(file, { range: firstLine(), severity: 'warning', message: notAMappingMessage }, 0));
    const startLine = lineCounter.linePos(contentStart).line - 1;
    const document: ManifestDocument = {
      file, index, startLine, value, identity: resourceIdentity(value),
      source: { text, startLine: 0, wholeFile: true, tree: { yamlDocument, lineCounter } },
    };
    documents.push(document);
  });
  return { documents, problems };
}
