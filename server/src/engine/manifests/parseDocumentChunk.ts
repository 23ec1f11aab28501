import * as jsYaml from 'js-yaml';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { Range } from '../validation/Finding';
import { flowNestingDepth } from './flowNestingDepth';
import { maxAliasCount, maxFlowNesting } from './parseLimits';

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

// Aliases, anchors, tags and merge keys need the careful parser: alias bombs, `<<` semantics.
const needsCarefulParse = /(?:^|[\s[{,])[&*!][^\s,[\]{}]|<<\s*:/;

/**
 * parseDocumentChunk parses one document: js-yaml first (fast) and, when the text is unusual or
 * has a problem, the `yaml` package, which reports every problem with its position.
 */
export function parseDocumentChunk(text: string): ParsedChunk {
  const depth = flowNestingDepth(text);
  if (depth > maxFlowNesting) {
    return {
      value: undefined,
      problems: [{ range: firstLineRange(text), severity: 'error', message: `document nests ${depth} levels deep, more than the ${maxFlowNesting} this validator accepts; not parsed` }],
    };
  }
  if (!needsCarefulParse.test(text)) {
    try {
      return { value: jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA }), problems: [] };
    } catch {
      // Fall through: the careful parser reports the problem with its exact position.
    }
  }
  return parseCarefully(text);
}

/** parseCarefully parses with the `yaml` package, keeping the document for node positions. */
export function parseCarefully(text: string): ParsedChunk {
  const lineCounter = new LineCounter();
  let yamlDocument: Document.Parsed;
  try {
    yamlDocument = parseDocument(text, { lineCounter, uniqueKeys: true, merge: true, prettyErrors: false, strict: true, keepSourceTokens: false });
  } catch (error) {
    return { value: undefined, problems: [{ range: firstLineRange(text), severity: 'error', message: `YAML could not be parsed: ${messageOf(error)}` }] };
  }
  const problems: ChunkProblem[] = [];
  const rangeOf = (pos: [number, number]): Range => {
    const start = lineCounter.linePos(pos[0]);
    const end = lineCounter.linePos(Math.max(pos[1], pos[0]));
    return { start: { line: start.line - 1, character: start.col - 1 }, end: { line: end.line - 1, character: end.col - 1 } };
  };
  for (const error of yamlDocument.errors) problems.push({ range: rangeOf(error.pos), severity: 'error', message: yamlMessage(error.message) });
  for (const warning of yamlDocument.warnings) problems.push({ range: rangeOf(warning.pos), severity: 'warning', message: yamlMessage(warning.message) });
  let value: unknown;
  if (yamlDocument.errors.length === 0) {
    try {
      value = yamlDocument.toJS({ maxAliasCount });
    } catch (error) {
      const message = error instanceof ReferenceError && /alias/i.test(error.message)
        ? `aliases expand to too many nodes (more than ${maxAliasCount} per alias): a "billion laughs" document is not expanded`
        : `YAML could not be converted: ${messageOf(error)}`;
      problems.push({ range: firstLineRange(text), severity: 'error', message });
    }
  }
  return { value, problems, yamlDocument, lineCounter };
}

function yamlMessage(message: string): string {
  // The yaml package appends a code frame and position; our ranges already carry them.
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '').trim();
}

function messageOf(error: unknown): string {
  if (error instanceof RangeError) return 'the document is nested too deeply';
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}

/** firstLineRange covers the first non-blank line of a text, for problems about the whole document. */
export function firstLineRange(text: string): Range {
  const lines = text.split('\n');
  let line = lines.findIndex((candidate) => candidate.trim() !== '' && !candidate.trimStart().startsWith('#'));
  if (line === -1) line = 0;
  const content = lines[line].replace(/\r$/, '');
  return { start: { line, character: 0 }, end: { line, character: Math.min(content.length, 200) } };
}
