import type { YamlPath } from '../validation/Finding';

/** valueAtPath reads a nested value from plain data, or undefined when the path does not exist. */
export function valueAtPath(value: unknown, path: YamlPath): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    // Own entries only: no `length` of a list, no `constructor` or `__proto__` of a map.
    if (Array.isArray(current) ? typeof segment !== 'number' : !Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}
