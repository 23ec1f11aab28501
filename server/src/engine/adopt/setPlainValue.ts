import type { FieldPath } from '../drift/FieldPath';
import type { ValueChange } from './editYamlValue';
import { expandKey, nestedValue } from './nestedValue';
import { stepInto } from './findPlainValue';
import type { ObjectKind } from './matchesListKey';

/**
 * setPlainValue returns a copy of plain data with the value at a drift path set (missing maps and
 * list items created) or removed, list items found by merge key, set value or index as drift found
 * them. `from` is where `path` starts inside `value` (the segments before it locate `value` itself,
 * for merge-key semantics).
 */
export function setPlainValue(args: { value: unknown; path: FieldPath; from?: number; change: ValueChange; object: ObjectKind }): unknown {
  const { path, change, object } = args;
  const apply = (container: unknown, at: number): unknown => {
    const segment = path[at];
    const last = at === path.length - 1;
    const found = stepInto({ container, path, at, object });
    if ('field' in segment) {
      const map: Record<string, unknown> = container !== null && typeof container === 'object' && !Array.isArray(container) ? { ...(container as Record<string, unknown>) } : {};
      if (last) {
        if (change.kind === 'remove') delete map[segment.field];
        else map[segment.field] = structuredClone(change.value);
      } else if (found) map[segment.field] = apply(found.value, at + 1);
      else if (change.kind === 'set') map[segment.field] = nestedValue(path.slice(at + 1), change.value);
      return map;
    }
    const list = Array.isArray(container) ? [...container] : [];
    if (last) {
      if (change.kind === 'remove') {
        if (found?.index !== undefined) list.splice(found.index, 1);
      } else {
        const item = 'key' in segment ? { ...expandKey(segment.key), ...(structuredClone(change.value) as object) } : 'value' in segment ? segment.value : structuredClone(change.value);
        if (found?.index !== undefined) list[found.index] = item;
        else list.push(item);
      }
      return list;
    }
    if (found?.index !== undefined) list[found.index] = apply(found.value, at + 1);
    else if (change.kind === 'set') list.push(...(nestedValue(path.slice(at), change.value) as unknown[]));
    return list;
  };
  return path.length <= (args.from ?? 0) ? (change.kind === 'set' ? change.value : undefined) : apply(args.value, args.from ?? 0);
}
