/** PlainMap is a YAML mapping as plain data. */
export type PlainMap = Record<string, unknown>;

/** asMap returns the value when it is a mapping (not a sequence, not null), else undefined. */
export function asMap(value: unknown): PlainMap | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as PlainMap) : undefined;
}

/** asList returns the value when it is a sequence, else an empty list. */
export function asList(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** asText returns the value when it is a non-empty string, else undefined. */
export function asText(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** valueAt walks map keys and sequence indexes; undefined as soon as the shape does not fit. */
export function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[segment];
    } else {
      const map = asMap(current);
      if (!map || !Object.prototype.hasOwnProperty.call(map, segment)) return undefined;
      current = map[segment];
    }
  }
  return current;
}
