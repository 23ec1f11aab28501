import type { FieldPath } from '../drift/FieldPath';
import { isBuiltInGroup } from '../drift/isBuiltInGroup';
import { listSemantics, type ListSemantics } from '../drift/listSemantics';

/** ObjectKind is what list semantics depend on: the object's API group and kind. */
export interface ObjectKind {
  group: string;
  kind: string;
}

/** schemaPathOf is the field names of a path prefix, list items skipped (as listSemantics takes them). */
export function schemaPathOf(path: FieldPath): string[] {
  return path.flatMap((segment) => ('field' in segment ? [segment.field] : []));
}

/** listSemanticsAt is how drift matched the list at a path prefix (the path up to, not including, the list item segment). */
export function listSemanticsAt(args: { object: ObjectKind; listPath: FieldPath }): ListSemantics {
  return listSemantics({ builtIn: isBuiltInGroup(args.object.group), kind: args.object.kind, schemaPath: schemaPathOf(args.listPath) });
}

/** valueAtDotted reads a dotted key field (`resource.name`) of a list item. */
export function valueAtDotted(item: unknown, dotted: string): unknown {
  let current: unknown = item;
  for (const name of dotted.split('.')) current = current !== null && typeof current === 'object' && !Array.isArray(current) ? (current as Record<string, unknown>)[name] : undefined;
  return current;
}

/**
 * matchesListKey says whether a list item is the one a `[name=api]` segment names: every key field
 * has the key's value, a missing (or empty) key field counting as its default (ports' `protocol: TCP`),
 * as drift matched them.
 */
export function matchesListKey(args: { item: unknown; key: Record<string, unknown>; semantics: ListSemantics }): boolean {
  const defaults = args.semantics.type === 'map' ? (args.semantics.keyDefaults ?? {}) : {};
  return Object.entries(args.key).every(([field, wanted]) => {
    const found = valueAtDotted(args.item, field);
    const value = (found === undefined || found === null || found === '') && field in defaults ? defaults[field] : found;
    return value === wanted || (value !== undefined && value !== null && typeof value !== 'object' && String(value) === String(wanted) && typeof wanted !== 'object');
  });
}

/** isMergeKeyedList says whether kustomize's strategic merge merges a list item by item (built-in merge keys), rather than replacing the list. */
export function isMergeKeyedList(semantics: ListSemantics, builtIn: boolean): boolean {
  return builtIn && semantics.type === 'map' && !semantics.extrasAreDrift && semantics.partialKeys !== true;
}
