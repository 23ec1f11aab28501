import { asMap, type PlainMap } from '../../manifests/plainData';
import type { FieldPath, PathSegment } from '../FieldPath';

function jsonEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function childFor(node: PlainMap, segment: PathSegment): PlainMap | undefined {
  if ('field' in segment) return asMap(node[`f:${segment.field}`]);
  if ('index' in segment) return asMap(node[`i:${segment.index}`]);
  for (const [name, child] of Object.entries(node)) {
    if ('value' in segment && name.startsWith('v:')) {
      try {
        if (jsonEqual(JSON.parse(name.slice(2)), segment.value)) return asMap(child);
      } catch {
        continue;
      }
    }
    if ('key' in segment && name.startsWith('k:')) {
      let key: PlainMap | undefined;
      try {
        key = asMap(JSON.parse(name.slice(2)));
      } catch {
        continue;
      }
      if (!key) continue;
      const wanted = Object.entries(segment.key);
      if (wanted.length === Object.keys(key).length && wanted.every(([field, value]) => jsonEqual(key![field], value))) return asMap(child);
    }
  }
  return undefined;
}

/**
 * isOwnedPath tells whether a field path is owned according to FieldsV1 tries: the walk reaches an empty
 * node (a leaf: the field, or an atomic list or map, is owned whole) or ends on a node that owns itself
 * (`.`). List items are matched by merge key (`k:{"name":"api"}`), set value (`v:"x"`) or index (`i:0`).
 */
export function isOwnedPath(args: { tries: readonly PlainMap[]; path: FieldPath }): boolean {
  return args.tries.some((trie) => {
    let node: PlainMap = trie;
    for (const segment of args.path) {
      const child = childFor(node, segment);
      if (!child) return false;
      if (Object.keys(child).length === 0) return true;
      node = child;
    }
    return args.path.length > 0 && Object.prototype.hasOwnProperty.call(node, '.');
  });
}
