import { isScalar, LineCounter, parseDocument, visit, type Document, type YAMLError } from 'yaml';
import type { Range } from '../validation/Finding';
import { countFlowOpenings } from './countFlowOpenings';
import { flowNestingDepth } from './flowNestingDepth';
import { maxAliasCount, maxFlowNesting } from './parseLimits';
import { parseQuickly } from './parseQuickly';
import { firstLineRange } from './firstLineRange';

export { firstLineRange } from './firstLineRange';

/** ChunkProblem is a syntax problem inside one document chunk, with a chunk-relative range. */
export interface ChunkProblem {
  range: Range;
  severity: 'error' | 'warning';
  message: string;
}

/** ParsedChunk is the plain value of one document and its syntax problems. */
export interface ParsedChunk {
  /** The document's value; undefined when it could not be parsed at all. */
  value: unknown;
  problems: ChunkProblem[];
  /** The full yaml Document when the slow path ran (reused to locate nodes). */
  yamlDocument?: Document.Parsed;
  lineCounter?: LineCounter;
}

/**
 * parseDocumentChunk parses one document: js-yaml first (fast) and, when the text is unusual or
 * has a problem, the `yaml` package, which reports every problem with its position.
 */
export function parseDocumentChunk(text: string): ParsedChunk {
  // Nesting cannot be deeper than the brackets opened: counting them is much cheaper than the depth.
  const depth = countFlowOpenings(text) > maxFlowNesting ? flowNestingDepth(text) : 0;
  if (depth > maxFlowNesting) {
    return {
      value: undefined,
      problems: [{ range: firstLineRange(text), severity: 'error', message: `document nests ${depth} levels deep, more than the ${maxFlowNesting} this validator accepts; not parsed` }],
    };
  }
  const value = parseQuickly(text);
  return value !== undefined ? { value, problems: [] } : parseCarefully(text);
}

/** carefulParseOptions are the `yaml` package's options for a document's careful parse (add a lineCounter). */
export const carefulParseOptions = { uniqueKeys: true, merge: true, prettyErrors: false, strict: true, keepSourceTokens: false, logLevel: 'error' } as const;

/** parseCarefully parses with the `yaml` package, keeping the document for node positions. */
export function parseCarefully(text: string): ParsedChunk {
  const lineCounter = new LineCounter();
  let yamlDocument: Document.Parsed;
  try {
    yamlDocument = parseDocument(text, { ...carefulParseOptions, lineCounter });
  } catch (error) {
    return { value: undefined, problems: [{ range: firstLineRange(text), severity: 'error', message: `YAML could not be parsed: ${messageOf(error)}` }] };
  }
  const problems = yamlProblems(yamlDocument, lineCounter);
  let value: unknown;
  if (yamlDocument.errors.length === 0) {
    const converted = plainValueOf(yamlDocument);
    if ('problem' in converted) problems.push({ range: firstLineRange(text), severity: 'error', message: converted.problem });
    else value = converted.value;
  }
  return { value, problems, yamlDocument, lineCounter };
}

/**
 * yamlProblems lists a parsed document's errors and warnings with ranges relative to the parsed
 * text. A duplicate key is underlined whole (the package marks its first character only).
 */
export function yamlProblems(yamlDocument: Document.Parsed, lineCounter: LineCounter): ChunkProblem[] {
  const rangeOf = (from: number, to: number): Range => {
    const start = lineCounter.linePos(from);
    const end = lineCounter.linePos(Math.max(from, to));
    return { start: { line: start.line - 1, character: start.col - 1 }, end: { line: end.line - 1, character: end.col - 1 } };
  };
  let keyEnds: Map<number, number> | undefined;
  const endOf = (error: YAMLError): number => {
    if (error.code !== 'DUPLICATE_KEY') return error.pos[1];
    if (!keyEnds) {
      const ends = new Map<number, number>();
      visit(yamlDocument, { Pair: (_key, pair) => void (isScalar(pair.key) && pair.key.range && ends.set(pair.key.range[0], pair.key.range[1])) });
      keyEnds = ends;
    }
    return keyEnds.get(error.pos[0]) ?? error.pos[1];
  };
  const problems = [
    ...yamlDocument.errors.map((error): ChunkProblem => ({ range: rangeOf(error.pos[0], endOf(error)), severity: 'error', message: yamlMessage(error.message) })),
    ...yamlDocument.warnings.map((warning): ChunkProblem => ({ range: rangeOf(warning.pos[0], warning.pos[1]), severity: 'warning', message: yamlMessage(warning.message) })),
  ];
  if (problems.length <= maxProblemsPerDocument) return problems;
  // A garbage file (`[, , , …]`) has a problem per token: list the first ones, count the rest.
  const rest = problems.length - maxProblemsPerDocument;
  return [...problems.slice(0, maxProblemsPerDocument), { range: problems[maxProblemsPerDocument].range, severity: 'error', message: `${rest} more YAML problems in this document, from here on, are not listed` }];
}

/** maxProblemsPerDocument bounds the syntax findings of one document (errors come first). */
const maxProblemsPerDocument = 100;

/** plainValueOf converts a parsed document to plain data, refusing alias bombs. */
export function plainValueOf(yamlDocument: Document.Parsed): { value: unknown } | { problem: string } {
  try {
    return { value: yamlDocument.toJS({ maxAliasCount }) };
  } catch (error) {
    return {
      // Only the alias-count limit is a bomb; an alias without its anchor is an ordinary mistake.
      problem: error instanceof ReferenceError && /excessive alias count/i.test(error.message)
        ? `aliases expand to too many nodes (more than ${maxAliasCount} per alias): a "billion laughs" document is not expanded`
        : `YAML could not be converted: ${messageOf(error)}`,
    };
  }
}

/** yamlMessage is the first line of a `yaml` package message, without its position. */
export function yamlMessage(message: string): string {
  // The yaml package appends a code frame and position; our ranges already carry them.
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '').trim();
}

function messageOf(error: unknown): string {
  if (error instanceof RangeError) return 'the document is nested too deeply';
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}
