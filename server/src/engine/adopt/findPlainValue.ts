import type { FieldPath } from '../drift/FieldPath';
import { listSemanticsAt, matchesListKey, type ObjectKind } from './matchesListKey';

/** PlainLookup is what a path finds in plain data: how many segments matched, and the value at the last one. */
export interface PlainLookup {
  /** True when every segment matched. */
  found: boolean;
  /** Number of segments that matched. */
  depth: number;
  /** The value at `depth` segments (the whole value for 0). */
  value: unknown;
}

/** stepInto finds one segment in a map or list of plain data; undefined when it is not there. */
export function stepInto(args: { container: unknown; path: FieldPath; at: number; object: ObjectKind }): { value: unknown; index?: number } | undefined {
  const { container, path, at } = args;
  const segment = path[at];
  if ('field' in segment) {
    if (container === null || typeof container !== 'object' || Array.isArray(container)) return undefined;
    const map = container as Record<string, unknown>;
    return Object.prototype.hasOwnProperty.call(map, segment.field) && map[segment.field] !== undefined ? { value: map[segment.field] } : undefined;
  }
  if (!Array.isArray(container)) return undefined;
  let index = -1;
  if ('index' in segment) index = segment.index < container.length ? segment.index : -1;
  else if ('value' in segment) index = container.findIndex((item) => item === segment.value);
  else {
    const semantics = listSemanticsAt({ object: args.object, listPath: path.slice(0, at) });
    index = container.findIndex((item) => matchesListKey({ item, key: segment.key, semantics }));
  }
  return index === -1 ? undefined : { value: container[index], index };
}

/** findPlainValue walks a drift path through plain data (list items by merge key, set value or index). */
export function findPlainValue(args: { value: unknown; path: FieldPath; object: ObjectKind }): PlainLookup {
  let current = args.value;
  for (let at = 0; at < args.path.length; at++) {
    const next = stepInto({ container: current, path: args.path, at, object: args.object });
    if (!next) return { found: false, depth: at, value: current };
    current = next.value;
  }
  return { found: true, depth: args.path.length, value: current };
}
