import { isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { FieldPath } from '../drift/FieldPath';
import { listSemanticsAt, matchesListKey, type ObjectKind } from './matchesListKey';

/** YamlStep is one matched segment: the node it leads to, and the pair or list item holding it. */
export interface YamlStep {
  node: Node | null;
  /** The map entry, for a field segment. */
  pair?: Pair<Node, Node | null>;
  /** The list or map the segment was found in. */
  parent: YAMLMap | YAMLSeq;
  /** The item's position, for a list segment. */
  index?: number;
}

/** YamlLookup is how far a drift path goes into a YAML document. */
export interface YamlLookup {
  /** True when every segment matched. */
  found: boolean;
  /** The matched segments, in order (found: one per segment). */
  steps: YamlStep[];
  /** The deepest node reached: the value at the path when found, else the deepest existing ancestor. */
  node: Node | null;
}

function plainOf(document: Document, node: unknown): unknown {
  if (node === null || node === undefined) return node;
  return (node as Node).toJS(document, { maxAliasCount: 100 });
}

/**
 * findYamlNode walks a drift path (fields, list items by merge key, set values, indexes) through a
 * document's tree, so an edit or a range can address the very node. Merge keys honour drift's defaults
 * (a port without `protocol` is TCP).
 */
export function findYamlNode(args: { document: Document; path: FieldPath; object: ObjectKind; from?: Node | null }): YamlLookup {
  const { document, path } = args;
  let node: Node | null = args.from === undefined ? (document.contents as Node | null) : args.from;
  const steps: YamlStep[] = [];
  for (let at = 0; at < path.length; at++) {
    const segment = path[at];
    let step: YamlStep | undefined;
    if ('field' in segment) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === segment.field) as Pair<Node, Node | null> | undefined;
        if (pair) step = { node: pair.value, pair, parent: node };
      }
    } else if (isSeq(node)) {
      const items = node.items as (Node | null)[];
      let index = -1;
      if ('index' in segment) index = segment.index < items.length ? segment.index : -1;
      else if ('value' in segment) index = items.findIndex((item) => isScalar(item) && item.value === segment.value);
      else {
        const semantics = listSemanticsAt({ object: args.object, listPath: path.slice(0, at) });
        index = items.findIndex((item) => isMap(item) && matchesListKey({ item: plainOf(document, item), key: segment.key, semantics }));
      }
      if (index !== -1) step = { node: items[index], parent: node, index };
    }
    if (!step) return { found: false, steps, node };
    steps.push(step);
    node = step.node;
  }
  return { found: true, steps, node };
}
