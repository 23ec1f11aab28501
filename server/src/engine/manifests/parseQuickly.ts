import * as jsYaml from 'js-yaml';
import { hasUnusualFlowSyntax } from './hasUnusualFlowSyntax';
import { duplicateKey, parseBlockQuickly } from './parseBlockQuickly';
import { yaml12CoreSchema } from './yaml12CoreSchema';

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


/**
 * parseQuickly parses one document text without the `yaml` package when the result is a mapping or
 * a sequence: with the block reader (parseBlockQuickly), which reads only what it reads exactly as
 * the `yaml` package does, else with js-yaml when the text is usual YAML that js-yaml reads exactly
 * as the `yaml` package does. Undefined means "use the careful parser" (parseCarefully), which also
 * reports problems with their positions. The nesting limit is the caller's to check first.
 */
export function parseQuickly(text: string): object | undefined {
  // The block reader refuses whatever the checks below look for, so it needs none of them.
  const block = parseBlockQuickly(text);
  if (block === duplicateKey) return undefined;
  if (block !== undefined) return block;
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
