import { isMap, isSeq, parseDocument, type Document, type Node, type YAMLMap } from 'yaml';
import { isBuiltInGroup } from '../drift/isBuiltInGroup';
import type { FieldPath } from '../drift/FieldPath';
import type { PlainMap } from '../manifests/plainData';
import { AdoptionRefusedError } from './errors/AdoptionRefusedError';
import { isMergeKeyedList, listSemanticsAt, matchesListKey, valueAtDotted, type ObjectKind } from './matchesListKey';

function isPlainMap(value: unknown): value is PlainMap {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * mergePatchText adds a strategic-merge patch into an existing patch file's text the way kustomize
 * would merge the two (maps key by key, merge-keyed lists item by item, other values replaced), so
 * one file per object gathers every adopted field; comments and the rest of the file stay. Read
 * and written as YAML 1.1 (as it was created), so strings kubectl would take for booleans stay quoted.
 */
export function mergePatchText(args: { text: string; patch: PlainMap; object: ObjectKind }): string {
  const document = parseDocument(args.text, { version: '1.1' });
  if (document.errors.length > 0 || !isMap(document.contents)) throw new AdoptionRefusedError('the existing patch file is not a YAML map; fix or remove it, then adopt again');
  const builtIn = isBuiltInGroup(args.object.group);
  const merge = (node: YAMLMap, patch: PlainMap, path: FieldPath): void => {
    for (const [key, value] of Object.entries(patch)) {
      const existing = node.get(key, true) as Node | undefined;
      const here: FieldPath = [...path, { field: key }];
      if (isMap(existing) && isPlainMap(value) && !('$patch' in value)) {
        merge(existing, value, here);
        continue;
      }
      const semantics = listSemanticsAt({ object: args.object, listPath: here });
      if (isSeq(existing) && Array.isArray(value) && isMergeKeyedList(semantics, builtIn) && semantics.type === 'map') {
        for (const item of value) {
          const key = Object.fromEntries(semantics.keys.map((field) => [field, valueAtDotted(item, field)]).filter(([, found]) => found !== undefined));
          const position = existing.items.findIndex((candidate) => matchesListKey({ item: toPlain(document, candidate), key, semantics }));
          const found = position === -1 ? undefined : existing.items[position];
          if (isMap(found) && isPlainMap(item) && !('$patch' in item) && !('$patch' in (toPlain(document, found) as PlainMap))) merge(found, item, [...here, { key }]);
          else if (position !== -1) existing.items[position] = document.createNode(item);
          else existing.items.push(document.createNode(item));
        }
        continue;
      }
      node.set(key, document.createNode(value));
    }
  };
  merge(document.contents, args.patch, []);
  return document.toString({ lineWidth: 0 });
}

function toPlain(document: Document, node: unknown): unknown {
  return node && typeof node === 'object' && 'toJSON' in node ? (node as Node).toJSON(document) : node;
}
