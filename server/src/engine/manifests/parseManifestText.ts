import { LineCounter, parseAllDocuments } from 'yaml';
import type { Finding, Range } from '../validation/Finding';
import type { ManifestDocument, SourceTree } from './ManifestDocument';
import { flowNestingDepth } from './flowNestingDepth';
import { firstLineRange, parseDocumentChunk, plainValueOf, yamlProblems, type ChunkProblem } from './parseDocumentChunk';
import { maxFlowNesting } from './parseLimits';
import { resourceIdentity } from './resourceIdentity';
import { splitDocuments, type DocumentChunk } from './splitDocuments';

/** ParsedManifestFile is a file's documents as plain data and its syntax findings. */
export interface ParsedManifestFile {
  documents: ManifestDocument[];
  /** Findings of rule "yaml-syntax", with file ranges. */
  problems: Finding[];
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

/** parseManifestText parses every document of a YAML file; it never throws on bad input. */
export function parseManifestText(args: { file: string; text: string; cache?: ChunkCache }): ParsedManifestFile {
  const { file, text } = args;
  const chunks = splitDocuments(text);
  if (!chunks) return parseWhole(file, text);
  const documents: ManifestDocument[] = [];
  const problems: Finding[] = [];
  chunks.forEach((chunk: DocumentChunk, index) => {
    let parsed = args.cache?.get(chunk.text);
    if (!parsed) {
      const fresh = parseDocumentChunk(chunk.text);
      parsed = { value: fresh.value, problems: fresh.problems, tree: { yamlDocument: fresh.yamlDocument, lineCounter: fresh.lineCounter } };
      args.cache?.set(chunk.text, parsed);
    }
    for (const problem of parsed.problems) problems.push(syntaxFinding(file, problem, chunk.startLine));
    const document: ManifestDocument = { file, index, startLine: chunk.startLine, value: parsed.value, source: { text: chunk.text, startLine: chunk.startLine, tree: parsed.tree } };
    const scalarProblem = notAMapping(document);
    if (scalarProblem) problems.push(scalarProblem);
    if (parsed.value !== undefined && parsed.value !== null) {
      document.identity = resourceIdentity(parsed.value);
      documents.push(document);
    }
  });
  return { documents, problems };
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
    parsedDocuments = parseAllDocuments(text, { lineCounter, uniqueKeys: true, merge: true, strict: true, prettyErrors: false, logLevel: 'error' });
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

const notAMappingMessage = 'this document is a plain value, not a mapping: is this file YAML? A Kubernetes manifest is a mapping with apiVersion and kind';

function notAMapping(document: ManifestDocument): Finding | undefined {
  const { value } = document;
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return undefined;
  const range = firstLineRange(document.source.text);
  return syntaxFinding(document.file, { range, severity: 'warning', message: notAMappingMessage }, document.startLine);
}

/** syntaxFinding turns a chunk-relative problem into a file finding of rule "yaml-syntax". */
export function syntaxFinding(file: string, problem: ChunkProblem, startLine: number): Finding {
  return {
    file,
    rule: 'yaml-syntax',
    severity: problem.severity,
    message: problem.message,
    range: {
      start: { line: problem.range.start.line + startLine, character: problem.range.start.character },
      end: { line: problem.range.end.line + startLine, character: problem.range.end.character },
    },
  };
}
