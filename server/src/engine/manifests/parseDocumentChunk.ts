import * as jsYaml from 'js-yaml';
import { isScalar, LineCounter, parseDocument, visit, type Document, type YAMLError } from 'yaml';
import type { Range } from '../validation/Finding';
import { countFlowOpenings } from './countFlowOpenings';
import { flowNestingDepth } from './flowNestingDepth';
import { hasUnusualFlowSyntax } from './hasUnusualFlowSyntax';
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
// An alias, anchor or tag is only one where a node may start: at a line's start, after `- `,
// `? `, `:` or a flow `[`, `{`, `,` (and spaces). Elsewhere `*`, `&` and `!` are text, as in an
// unquoted CronJob schedule (`7 * * * *`) or `a && b`; a false positive only costs speed.
// So do explicit `? ` keys and null or empty keys, which the two parsers turn into different
// strings, a sequence item left empty (`-` alone at the end of a line), after which js-yaml
// nests the next less-indented item wrongly, a tab in a line's indentation and a lone CR.
const carefulSyntax = /(?:^|[\r\n[{,:?-])[ \t]*[&*!]|<<\s*:|(?:^|[\s[{,])\?(?:\s|$)|(?:^|[\s[{,])(?:~|null|Null|NULL)[ \t]*:(?:\s|$)|(?:^|\n)[ \t]*:(?:\s|$)|[[{,][ \t]*:|(?:^|\n)[ \t]*(?:-[ \t]+)*-[ \t]*(?:#[^\n]*)?\r?(?:\n|$)|(?:^|[\r\n]) *\t|\r(?!\n)/;
// carefulSyntax tries its alternatives at almost every character (most may start with a space or
// a line break). Without any of the characters that all but three of them need, only those three
// can match: a line starting with `:` or an empty `-` item, or a flow indicator before `:`. Most
// documents have none of these characters, and this narrower pattern takes half the time.
const rareCarefulCharacters = /[&*!?~\t\r]|<<|null|Null|NULL/;
const commonCarefulSyntax = /\n[ \t]*(?::(?:\s|$)|(?:-[ \t]+)*-[ \t]*(?:#[^\n]*)?\r?(?:\n|$))|^[ \t]*(?::(?:\s|$)|(?:-[ \t]+)*-[ \t]*(?:#[^\n]*)?\r?(?:\n|$))|[[{,][ \t]*:/;

/** needsCarefulParse tells whether a text has syntax js-yaml reads differently (carefulSyntax). */
function needsCarefulParse(text: string): boolean {
  return rareCarefulCharacters.test(text) ? carefulSyntax.test(text) : commonCarefulSyntax.test(text);
}

// Every plain scalar is offered to each type below; most (names, images) fail on the first
// character, which is checked before any regex runs.
/**
 * YAML 1.2 core numbers exactly as the `yaml` package resolves them. js-yaml's CORE_SCHEMA also
 * takes `1_000`, `0b101` and `-0x1` as numbers and `-.5` as a string, so the two paths would
 * disagree on the value (and the findings) of the same document.
 */
const coreInt = new jsYaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && startsNumber(data.charCodeAt(0)) && /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/.test(data),
  construct: (data: string) => (data.startsWith('0o') ? parseInt(data.slice(2), 8) : data.startsWith('0x') ? parseInt(data.slice(2), 16) : parseInt(data, 10)),
});
const coreFloat = new jsYaml.Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && (startsNumber(data.charCodeAt(0)) || data.charCodeAt(0) === 46) && /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/.test(data),
  construct: (data: string) => (/nan$/i.test(data) ? NaN : /inf$/i.test(data) ? (data.startsWith('-') ? -Infinity : Infinity) : parseFloat(data)),
});
const coreNull = new jsYaml.Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (data: unknown) => data === null || (typeof data === 'string' && (data === '' || data === '~' || data === 'null' || data === 'Null' || data === 'NULL')),
  construct: () => null,
});
const coreBool = new jsYaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && (data === 'true' || data === 'True' || data === 'TRUE' || data === 'false' || data === 'False' || data === 'FALSE'),
  construct: (data: string) => data === 'true' || data === 'True' || data === 'TRUE',
});
/** startsNumber: a sign or a digit, the first character of every YAML 1.2 core int and most floats. */
function startsNumber(code: number): boolean {
  return code === 43 || code === 45 || (code >= 48 && code <= 57);
}

const yaml12CoreSchema = jsYaml.FAILSAFE_SCHEMA.extend({ implicit: [coreNull, coreBool, coreInt, coreFloat] });

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
  if (!needsCarefulParse(text) && !hasUnusualFlowSyntax(text)) {
    try {
      const value = jsYaml.load(text, { schema: yaml12CoreSchema });
      // A document that is one scalar is rare (and reported): the parsers differ on odd ones.
      if (value !== null && typeof value === 'object') return { value, problems: [] };
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
    yamlDocument = parseDocument(text, { lineCounter, uniqueKeys: true, merge: true, prettyErrors: false, strict: true, keepSourceTokens: false, logLevel: 'error' });
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

/** firstLineRange covers the first non-blank line of a text, for problems about the whole document. */
export function firstLineRange(text: string): Range {
  const lines = text.split('\n');
  let line = lines.findIndex((candidate) => candidate.trim() !== '' && !candidate.trimStart().startsWith('#'));
  if (line === -1) line = 0;
  const content = lines[line].replace(/\r$/, '');
  return { start: { line, character: 0 }, end: { line, character: Math.min(content.length, 200) } };
}
