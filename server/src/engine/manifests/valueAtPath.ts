import type { YamlPath } from '../validation/Finding';

/** valueAtPath reads a nested value from plain data, or undefined when the path does not exist. */
export function valueAtPath(value: unknown, path: YamlPath): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}
