import type { PathSegment } from '../drift/FieldPath';
import { AdoptionRefusedError } from './errors/AdoptionRefusedError';

/** nestedValue builds the plain value that declares `value` at a relative path: maps for fields, a one-item list for list segments. */
export function nestedValue(path: readonly PathSegment[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [segment, ...rest] = path;
  if ('field' in segment) return { [segment.field]: nestedValue(rest, value) };
  if ('value' in segment) return [segment.value];
  if ('index' in segment) {
    if (segment.index !== 0) throw new AdoptionRefusedError(`cannot create item ${segment.index} of a list that Git does not declare`);
    return [nestedValue(rest, value)];
  }
  const item = rest.length === 0 ? value : nestedValue(rest, value);
  return [mergePlain(expandKey(segment.key), item)];
}

/** expandKey turns merge key fields (dotted for nested ones) into the item's fields. */
export function expandKey(key: Record<string, unknown>): Record<string, unknown> {
  const item: Record<string, unknown> = {};
  for (const [dotted, value] of Object.entries(key)) {
    const names = dotted.split('.');
    let at = item;
    for (const name of names.slice(0, -1)) at = (at[name] ??= {}) as Record<string, unknown>;
    at[names[names.length - 1]] = value;
  }
  return item;
}

export function mergePlain(base: unknown, over: unknown): unknown {
  if (base && over && typeof base === 'object' && typeof over === 'object' && !Array.isArray(base) && !Array.isArray(over)) {
    const merged: Record<string, unknown> = { ...(base as Record<string, unknown>) };
    for (const [key, value] of Object.entries(over as Record<string, unknown>)) merged[key] = key in merged ? mergePlain(merged[key], value) : value;
    return merged;
  }
  return over === undefined ? base : over;
}

