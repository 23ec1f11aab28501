import * as jsYaml from 'js-yaml';
import { isScalar, LineCounter, parseDocument, visit, type Document, type YAMLError } from 'yaml';
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
// So do explicit `? ` keys and null or empty keys, which the two parsers turn into different
// strings, a sequence item left empty (`-` alone at the end of a line), after which js-yaml
// nests the next less-indented item wrongly, a tab in a line's indentation and a lone CR.
const needsCarefulParse = /(?:^|[\s[{,])[&*!]|<<\s*:|(?:^|[\s[{,])\?(?:\s|$)|(?:^|[\s[{,])(?:~|null|Null|NULL)[ \t]*:(?:\s|$)|(?:^|\n)[ \t]*:(?:\s|$)|[[{,][ \t]*:|(?:^|\n)[ \t]*(?:-[ \t]+)*-[ \t]*(?:#[^\n]*)?\r?(?:\n|$)|(?:^|[\r\n]) *\t|\r(?!\n)/;

/**
 * YAML 1.2 core numbers exactly as the `yaml` package resolves them. js-yaml's CORE_SCHEMA also
 * takes `1_000`, `0b101` and `-0x1` as numbers and `-.5` as a string, so the two paths would
 * disagree on the value (and the findings) of the same document.
 */
const coreInt = new jsYaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/.test(data),
  construct: (data: string) => (data.startsWith('0o') ? parseInt(data.slice(2), 8) : data.startsWith('0x') ? parseInt(data.slice(2), 16) : parseInt(data, 10)),
});
const coreFloat = new jsYaml.Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/.test(data),
  construct: (data: string) => (/nan$/i.test(data) ? NaN : /inf$/i.test(data) ? (data.startsWith('-') ? -Infinity : Infinity) : parseFloat(data)),
});
const coreNull = new jsYaml.Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (data: unknown) => data === null || (typeof data === 'string' && /^(?:~|null|Null|NULL)?$/.test(data)),
  construct: () => null,
});
const coreBool = new jsYaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(data),
  construct: (data: string) => data === 'true' || data === 'True' || data === 'TRUE',
});
const yaml12CoreSchema = jsYaml.FAILSAFE_SCHEMA.extend({ implicit: [coreNull, coreBool, coreInt, coreFloat] });

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
  if (!needsCarefulParse.test(text) && !hasUnusualFlowSyntax(text)) {
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

/**
 * hasUnusualFlowSyntax tells whether a document has a flow node js-yaml accepts where the `yaml`
 * package reports a problem or builds another value: a quoted scalar or a `[`/`{` collection that
 * continues on another line (YAML wants more indentation than js-yaml checks), `#` right after a
 * closing quote or bracket, a collection used as a key, a keep-chomping (`|+`) block scalar. Such
 * documents take the careful path, so that both paths give the same value and findings. Block
 * scalar texts are skipped; a false positive only costs speed. One pass over the text.
 */
export function hasUnusualFlowSyntax(text: string): boolean {
  let offset = 0;
  // When >= -1, the lines indented more than this (and blank lines) are block scalar text.
  let blockOwner = -2;
  while (offset < text.length) {
    let lineEnd = text.indexOf('\n', offset);
    if (lineEnd === -1) lineEnd = text.length;
    let indent = offset;
    while (indent < lineEnd && text.charCodeAt(indent) === 32) indent++;
    if (blockOwner >= -1 && (indent - offset > blockOwner || /^[ \t]*\r?$/.test(text.slice(indent, lineEnd)))) {
      offset = lineEnd + 1;
      continue;
    }
    blockOwner = -2;
    // The flow collections open on this line ('[' or '{'); a multi-line one returns true.
    const open: string[] = [];
    let tokenStart = true;
    let owner = -1;
    let previous = '';
    for (let i = indent; i < lineEnd; i++) {
      const c = text[i];
      if (c === ' ' || c === '\t' || c === '\r') continue;
      const next = i + 1 < lineEnd ? text[i + 1] : ' ';
      const inFlow = open.length > 0;
      if (c === '#' && (i === offset || text[i - 1] === ' ' || text[i - 1] === '\t')) break;
      if ((c === '|' || c === '>') && tokenStart && !inFlow && blockScalarHeader.test(text.slice(i + 1, lineEnd))) {
        if (text.slice(i + 1, i + 3).includes('+')) return true;
        // The text must be indented more than the key or `-` that owns it (any, at the root).
        blockOwner = owner;
        break;
      }
      if (tokenStart && !inFlow) owner = i - offset;
      if ((c === '"' || c === "'") && tokenStart) {
        const close = closingQuote(text, i, lineEnd);
        if (close === -1 || text[close + 1] === '#') return true;
        i = close;
        tokenStart = false;
      } else if ((c === '[' || c === '{') && (tokenStart || inFlow)) {
        // A collection where a flow map expects a key is a complex key.
        if (open[open.length - 1] === '{' && (previous === '{' || previous === ',')) return true;
        open.push(c);
        tokenStart = true;
      } else if ((c === ']' || c === '}') && inFlow) {
        open.pop();
        let after = i + 1;
        while (after < lineEnd && (text[after] === ' ' || text[after] === '\t')) after++;
        // `#` glued to a collection is no comment; a collection followed by `:` is a complex key.
        if (next === '#' || (text[after] === ':' && (after + 1 >= lineEnd || /[ \t\r,\]}]/.test(text[after + 1])))) return true;
        tokenStart = false;
      } else if (c === ',' && inFlow) {
        tokenStart = true;
      } else if ((c === '-' || c === '?' || c === ':') && /[ \t\r,\]}]/.test(next)) {
        tokenStart = true;
      } else {
        tokenStart = false;
      }
      previous = c;
    }
    if (open.length > 0) return true;
    offset = lineEnd + 1;
  }
  return false;
}

const blockScalarHeader = /^[-+0-9]*[ \t]*(?:#.*)?\r?$/;

function closingQuote(text: string, at: number, lineEnd: number): number {
  const quote = text[at];
  for (let j = at + 1; j < lineEnd; j++) {
    if (quote === '"' && text[j] === '\\') j++;
    else if (text[j] === quote) {
      if (quote === "'" && text[j + 1] === "'") j++;
      else return j;
    }
  }
  return -1;
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
  return [
    ...yamlDocument.errors.map((error): ChunkProblem => ({ range: rangeOf(error.pos[0], endOf(error)), severity: 'error', message: yamlMessage(error.message) })),
    ...yamlDocument.warnings.map((warning): ChunkProblem => ({ range: rangeOf(warning.pos[0], warning.pos[1]), severity: 'warning', message: yamlMessage(warning.message) })),
  ];
}

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
