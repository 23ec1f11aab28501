import { goPathPattern } from '../environments/goPathPattern';
import { SubstitutionError } from './SubstitutionError';

/** The variable names Flux accepts (kustomize-controller's varsubRegex). */
export const variableNamePattern = /^[_a-zA-Z][_a-zA-Z0-9]*$/;

/**
 * substituteVariables applies Flux postBuild substitution to a text, with the semantics of
 * fluxcd/pkg/envsubst (a fork of drone/envsubst) as kustomize-controller calls it:
 * - only `${…}` is substituted; a bare `$VAR` stays as written; `$$` is a literal `$` (so
 *   `$${VAR}` gives `${VAR}`);
 * - `${VAR}`; defaults `${VAR:=default}`, `${VAR:-default}`, `${VAR=default}` (also `:?`, `:+`,
 *   which envsubst treats as defaults): the default applies when the value is unset OR empty, and
 *   may contain `${OTHER}`; `${VAR-default}` and `${VAR+x}` are syntax errors there, and here;
 * - `${#VAR}`, `${VAR^}`, `${VAR^^}`, `${VAR,}`, `${VAR,,}`, `${VAR:offset}`, `${VAR:offset:length}`,
 *   `${VAR#glob}`, `${VAR##glob}`, `${VAR%glob}`, `${VAR%%glob}`, `${VAR/from/to}`, `${VAR//from/to}`,
 *   `${VAR/#from/to}`, `${VAR/%from/to}`;
 * - an unset variable is empty, unless `strict` (Flux's StrictPostBuildSubstitutions feature gate),
 *   where an unset variable without a default is an error.
 * Throws SubstitutionError on bad syntax.
 */
export function substituteVariables(args: { text: string; variables: Readonly<Record<string, string>>; strict?: boolean }): string {
  for (const name of Object.keys(args.variables)) {
    if (!variableNamePattern.test(name)) throw new SubstitutionError(`'${name}' var name is invalid, must match '^[_[:alpha:]][_[:alpha:][:digit:]]*$'`);
  }
  const parser = new Parser(args.text, (name) => (Object.prototype.hasOwnProperty.call(args.variables, name) ? args.variables[name] : undefined), args.strict === true);
  return parser.parseText();
}

const defaultOperators = new Set(['=', ':=', ':-', ':?', ':+']);

class Parser {
  private position = 0;

  constructor(
    private readonly text: string,
    private readonly lookup: (name: string) => string | undefined,
    private readonly strict: boolean,
  ) {}

  /** parseText reads plain text with `${…}` expressions up to the end. */
  parseText(): string {
    let out = '';
    const { text } = this;
    while (this.position < text.length) {
      const c = text[this.position];
      if (c === '$' && text[this.position + 1] === '$') {
        out += '$';
        this.position += 2;
      } else if (c === '$' && text[this.position + 1] === '{') {
        this.position += 2;
        out += this.parseExpression();
      } else {
        out += c;
        this.position++;
      }
    }
    return out;
  }

  /** parseExpression reads after `${` up to and including the closing `}`. */
  private parseExpression(): string {
    const { text } = this;
    if (text[this.position] === '#') {
      this.position++;
      const name = this.readName();
      this.expect('}');
      return String(this.value(name, '#').length);
    }
    const name = this.readName();
    const next = text[this.position];
    if (next === '}') {
      this.position++;
      return this.value(name, '');
    }
    if (next === ':' && '=-?+'.includes(text[this.position + 1] ?? '')) {
      const operator = text.slice(this.position, this.position + 2);
      this.position += 2;
      return this.defaultValue(name, operator);
    }
    if (next === '=') {
      this.position++;
      return this.defaultValue(name, '=');
    }
    if (next === ':') {
      this.position++;
      const offset = this.readArgument((c) => c !== ':' && c !== '}');
      let length: string | undefined;
      if (text[this.position] === ':') {
        this.position++;
        length = this.readArgument((c) => c !== '}');
      }
      this.expect('}');
      return substring(this.value(name, ':'), offset, length);
    }
    if (next === ',' || next === '^') {
      const operator = text[this.position + 1] === next ? next + next : next;
      this.position += operator.length;
      this.expect('}');
      const value = this.value(name, operator);
      if (operator === '^^') return value.toUpperCase();
      if (operator === ',,') return value.toLowerCase();
      const first = value.slice(0, 1);
      return (operator === '^' ? first.toUpperCase() : first.toLowerCase()) + value.slice(1);
    }
    if (next === '/') {
      this.position++;
      let operator = '/';
      const mode = text[this.position];
      if (mode === '/' || mode === '#' || mode === '%') {
        operator += mode;
        this.position++;
      }
      const pattern = text[this.position] === '/' ? '' : this.readArgument((c) => c !== '/', true);
      if (text[this.position] !== '/') throw this.error('bad substitution');
      this.position++;
      const replacement = text[this.position] === '}' ? undefined : this.readArgument((c) => c !== '}', true);
      this.expect('}');
      return replace(this.value(name, operator), operator, pattern, replacement);
    }
    if (next === '#' || next === '%') {
      const operator = text[this.position + 1] === next ? next + next : next;
      this.position += operator.length;
      const pattern = this.readArgument((c) => c !== '}');
      this.expect('}');
      return trim(this.value(name, operator), operator, pattern);
    }
    throw this.error('missing closing brace');
  }

  private defaultValue(name: string, operator: string): string {
    let fallback = '';
    while (this.position < this.text.length && this.text[this.position] !== '}') fallback += this.readArgument((c) => c !== '}');
    this.expect('}');
    const value = this.value(name, operator);
    return value === '' ? fallback : value;
  }

  /** readArgument reads text (with nested `${…}`, and escapes when `backslashEscapes`) while `accept` holds. */
  private readArgument(accept: (c: string) => boolean, backslashEscapes = false): string {
    let out = '';
    const { text } = this;
    while (this.position < text.length) {
      const c = text[this.position];
      if (c === '$' && text[this.position + 1] === '{') {
        this.position += 2;
        out += this.parseExpression();
        continue;
      }
      // envsubst scans escapes only in the arguments of a replacement (`${VAR/from/to}`).
      if (backslashEscapes && c === '$' && text[this.position + 1] === '$') {
        out += '$';
        this.position += 2;
        continue;
      }
      if (backslashEscapes && c === '\\' && (text[this.position + 1] === '\\' || text[this.position + 1] === '/')) {
        out += text[this.position + 1];
        this.position += 2;
        continue;
      }
      if (!accept(c)) break;
      out += c;
      this.position++;
    }
    return out;
  }

  private readName(): string {
    const match = /^[\p{L}\p{N}_]+/u.exec(this.text.slice(this.position, this.position + 256));
    if (!match) throw this.error('unable to parse variable name');
    this.position += match[0].length;
    return match[0];
  }

  private value(name: string, operator: string): string {
    const value = this.lookup(name);
    if (value === undefined && this.strict && !defaultOperators.has(operator)) throw new SubstitutionError(`variable substitution failed: variable not set (strict mode): "${name}"`);
    return value ?? '';
  }

  private expect(c: string): void {
    if (this.text[this.position] !== c) throw this.error(c === '}' ? 'bad substitution' : `expected ${c}`);
    this.position++;
  }

  private error(message: string): SubstitutionError {
    const line = this.text.slice(0, this.position).split('\n').length;
    return new SubstitutionError(`variable substitution failed: ${message} (line ${line} of the object)`);
  }
}

function substring(value: string, offsetText: string, lengthText: string | undefined): string {
  let offset = Number.parseInt(offsetText.trim(), 10);
  if (!/^\s*-?\d+\s*$/.test(offsetText)) return value;
  if (offset < 0) offset = Math.max(0, value.length + offset);
  if (lengthText === undefined) return offset < value.length ? value.slice(offset) : '';
  if (!/^\s*-?\d+\s*$/.test(lengthText)) return value;
  const length = Number.parseInt(lengthText.trim(), 10);
  if (length < 0) {
    const end = value.length + length;
    return end < offset ? '' : value.slice(offset, end);
  }
  return offset < value.length ? value.slice(offset, offset + length) : '';
}

function replace(value: string, operator: string, pattern: string, replacement: string | undefined): string {
  const to = replacement ?? '';
  if (operator === '//') return replacement === undefined && pattern === '' ? value : value.split(pattern).join(to);
  if (operator === '/') return value.replace(pattern, () => to);
  if (operator === '/#') return value.startsWith(pattern) ? to + value.slice(pattern.length) : value;
  return value.endsWith(pattern) ? value.slice(0, value.length - pattern.length) + to : value;
}

function trim(value: string, operator: string, pattern: string): string {
  let matcher: RegExp;
  try {
    matcher = goPathPattern(pattern);
  } catch {
    return value;
  }
  const fromEnd = operator.startsWith('%');
  const longest = operator.length === 2;
  const candidates: number[] = [];
  for (let size = 1; size <= value.length; size++) {
    const part = fromEnd ? value.slice(value.length - size) : value.slice(0, size);
    if (matcher.test(part)) candidates.push(size);
  }
  if (candidates.length === 0) return value;
  const size = longest ? candidates[candidates.length - 1] : candidates[0];
  return fromEnd ? value.slice(0, value.length - size) : value.slice(size);
}
