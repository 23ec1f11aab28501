import * as jsYaml from 'js-yaml';

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

/** The core schema's implicit types, in the order js-yaml offers a plain scalar to them. */
const implicitTypes = [coreNull, coreBool, coreInt, coreFloat];

/**
 * yaml12CoreSchema is YAML 1.2's core schema for js-yaml, resolving plain scalars exactly as the
 * `yaml` package does (the types above).
 */
export const yaml12CoreSchema = jsYaml.FAILSAFE_SCHEMA.extend({ implicit: implicitTypes });

/** implicitTypeOf is the type that resolves a plain scalar, if any: undefined for a string. */
function implicitTypeOf(plain: string): jsYaml.Type | undefined {
  // Every null, boolean and number starts with one of these: most names and images are done here.
  switch (plain.charCodeAt(0)) {
    case 43: case 45: case 46: case 48: case 49: case 50: case 51: case 52: case 53: case 54: case 55: case 56: case 57: // +-. 0-9
    case 126: case 110: case 78: case 116: case 84: case 102: case 70: // ~ n N t T f F
      for (const type of implicitTypes) if (type.resolve(plain)) return type;
  }
  return undefined;
}

/** resolvesToNonString: a plain scalar the core schema reads as null, a boolean or a number (`1.0`, `~`, `true`). */
export function resolvesToNonString(plain: string): boolean {
  return implicitTypeOf(plain) !== undefined;
}

/** constructPlainScalar is the value of a plain scalar as js-yaml makes it with yaml12CoreSchema: the text itself when no type resolves it. */
export function constructPlainScalar(plain: string): unknown {
  const type = implicitTypeOf(plain);
  return type ? type.construct(plain) : plain;
}
