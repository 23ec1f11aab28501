import * as jsYaml from 'js-yaml';
import { hasUnusualFlowSyntax } from './hasUnusualFlowSyntax';

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
 * parseQuickly parses one document text with js-yaml when the text is usual YAML that js-yaml reads
 * exactly as the `yaml` package does, and the result is a mapping or a sequence. Undefined means
 * "use the careful parser" (parseCarefully), which also reports problems with their positions.
 * The nesting limit is the caller's to check first. It needs only js-yaml: a parse worker loads it
 * without the `yaml` package.
 */
export function parseQuickly(text: string): object | undefined {
  if (needsCarefulParse(text) || hasUnusualFlowSyntax(text)) return undefined;
  try {
    const value = jsYaml.load(text, { schema: yaml12CoreSchema });
    // A document that is one scalar is rare (and reported): the parsers differ on odd ones.
    if (value !== null && typeof value === 'object') return value;
  } catch {
    // The careful parser reports the problem with its exact position.
  }
  return undefined;
}
