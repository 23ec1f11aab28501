import { isBuiltInGroup } from '../drift/isBuiltInGroup';
import type { FieldPath } from '../drift/FieldPath';
import type { PlainMap } from '../manifests/plainData';
import { AdoptionRefusedError } from './errors/AdoptionRefusedError';
import type { ValueChange } from './editYamlValue';
import { expandKey } from './nestedValue';
import { stepInto } from './findPlainValue';
import { isMergeKeyedList, listSemanticsAt, type ObjectKind } from './matchesListKey';
import { setPlainValue } from './setPlainValue';

/** PatchTarget is how a patch names its object: as the declaring document does (kustomize matches patches by original names too). */
export interface PatchTarget {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/**
 * buildDriftPatch writes a strategic-merge patch (as kustomize applies it) that puts one live value
 * into an object: nested maps down to the field; a list that kustomize merges by key (containers by
 * name, ports by containerPort…) as the one item, named by its merge key; any other list (args,
 * custom resources' lists, sets) whole, as it should become, from the rendered object. Removing sets
 * a map field to null and marks a merged list item `$patch: delete`.
 */
export function buildDriftPatch(args: { target: PatchTarget; rendered: PlainMap; path: FieldPath; change: ValueChange; object: ObjectKind }): PlainMap {
  const { path, change, object } = args;
  const builtIn = isBuiltInGroup(object.group);
  const fragment = (rendered: unknown, at: number): PlainMap => {
    const segment = path[at];
    if (!('field' in segment)) throw new AdoptionRefusedError('a patch cannot address a list inside a list; edit it by hand');
    const child = stepInto({ container: rendered, path, at, object })?.value;
    if (at === path.length - 1) return { [segment.field]: change.kind === 'set' ? structuredClone(change.value) : null };
    const next = path[at + 1];
    if ('field' in next) return { [segment.field]: fragment(child, at + 1) };
    const semantics = listSemanticsAt({ object, listPath: path.slice(0, at + 1) });
    if ('key' in next && isMergeKeyedList(semantics, builtIn)) {
      const key = expandKey(next.key);
      let item: PlainMap;
      if (at + 1 === path.length - 1) item = change.kind === 'set' ? { ...key, ...(structuredClone(change.value) as PlainMap) } : { ...key, $patch: 'delete' };
      else item = deepMerge(key, fragment(stepInto({ container: child, path, at: at + 1, object })?.value, at + 2));
      return { [segment.field]: [item] };
    }
    // Lists kustomize replaces whole: write the list as it should become.
    return { [segment.field]: setPlainValue({ value: Array.isArray(child) ? child : [], path, from: at + 1, change, object }) };
  };
  const metadata: PlainMap = { name: args.target.name, ...(args.target.namespace ? { namespace: args.target.namespace } : {}) };
  return deepMerge({ apiVersion: args.target.apiVersion, kind: args.target.kind, metadata }, fragment(args.rendered, 0));
}

function deepMerge(base: PlainMap, over: PlainMap): PlainMap {
  const merged: PlainMap = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const existing = merged[key];
    merged[key] =
      existing && value && typeof existing === 'object' && typeof value === 'object' && !Array.isArray(existing) && !Array.isArray(value) ? deepMerge(existing as PlainMap, value as PlainMap) : value;
  }
  return merged;
}
