import type { FieldPath, PathSegment } from '../drift/FieldPath';
import { InvalidFieldPathError } from './errors/InvalidFieldPathError';

const identifierStart = /[A-Za-z_$]/;
const identifierPart = /[A-Za-z0-9_$]/;

/** readBareValue reads a merge-key or set value written bare: numbers, booleans and null are typed, the rest are strings. */
function bareValue(text: string): unknown {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'null') return null;
  if (text !== '' && !Number.isNaN(Number(text))) return Number(text);
  return text;
}

/**
 * parseFieldPath reads a path the way formatFieldPath writes it back into segments:
 * `spec.template.spec.containers[name=api].image`, `spec.ports[port=80,protocol=TCP].targetPort`,
 * `metadata.labels["app.kubernetes.io/name"]`, `spec.args[0]`, `metadata.finalizers[=example.com/x]`.
 * Throws InvalidFieldPathError for text formatFieldPath cannot have written.
 */
export function parseFieldPath(text: string): FieldPath {
  const segments: PathSegment[] = [];
  let at = 0;
  const fail = (reason: string): never => {
    throw new InvalidFieldPathError(text, `${reason} at character ${at + 1}`);
  };
  /** readValue reads a JSON value or a bare value, ending before `,` or `]`. */
  const readValue = (): unknown => {
    const start = at;
    const first = text[at];
    if (first === '"' || first === '{' || first === '[') {
      let depth = 0;
      let inString = false;
      for (; at < text.length; at++) {
        const char = text[at];
        if (inString) {
          if (char === '\\') at++;
          else if (char === '"') inString = false;
        } else if (char === '"') inString = true;
        else if (char === '{' || char === '[') depth++;
        else if (char === '}' || char === ']') depth--;
        if (!inString && depth === 0 && (first === '"' ? char === '"' && at > start : true)) {
          at++;
          break;
        }
      }
      try {
        return JSON.parse(text.slice(start, at));
      } catch {
        return fail('a quoted value is not valid JSON');
      }
    }
    while (at < text.length && text[at] !== ',' && text[at] !== ']') at++;
    return bareValue(text.slice(start, at));
  };
  while (at < text.length) {
    const char = text[at];
    if (char === '.') {
      if (segments.length === 0) fail('a path cannot start with "."');
      at++;
      continue;
    }
    if (char !== '[') {
      if (!identifierStart.test(char)) fail(`unexpected "${char}"`);
      const start = at;
      while (at < text.length && identifierPart.test(text[at])) at++;
      segments.push({ field: text.slice(start, at) });
      continue;
    }
    at++;
    const next = text[at];
    if (next === '"') {
      const field = readValue();
      if (typeof field !== 'string') fail('a quoted field name must be a string');
      segments.push({ field: field as string });
    } else if (next === '=') {
      at++;
      segments.push({ value: readValue() });
    } else if (/[0-9]/.test(next ?? '') && /^[0-9]+\]/.test(text.slice(at))) {
      const digits = /^[0-9]+/.exec(text.slice(at))![0];
      at += digits.length;
      segments.push({ index: Number(digits) });
    } else {
      const key: Record<string, unknown> = {};
      for (;;) {
        const equals = text.indexOf('=', at);
        if (equals === -1) fail('a merge key needs "name=value"');
        const name = text.slice(at, equals);
        if (!/^[A-Za-z_$][A-Za-z0-9_$.]*$/.test(name)) fail(`"${name}" is not a merge key name`);
        at = equals + 1;
        key[name] = readValue();
        if (text[at] === ',') {
          at++;
          continue;
        }
        break;
      }
      segments.push({ key });
    }
    if (text[at] !== ']') fail('expected "]"');
    at++;
  }
  if (segments.length === 0) fail('the path is empty');
  return segments;
}
