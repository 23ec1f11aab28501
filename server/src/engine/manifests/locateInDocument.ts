import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { Range, YamlPath } from '../validation/Finding';
import type { ManifestDocument } from './ManifestDocument';
import { firstLineRange } from './parseDocumentChunk';
import { parsedSourceTree } from './parsedSourceTree';

/**
 * locateInDocument finds the file range of the node at `path` in a document (the key of its map
 * entry when target is 'key'). A path that goes past what exists resolves to its deepest existing
 * ancestor, so a "missing field" finding lands on the object that lacks it.
 */
export function locateInDocument(args: { document: ManifestDocument; path: YamlPath; target?: 'key' | 'value' }): Range {
  const { source } = args.document;
  const { yamlDocument, lineCounter } = parsedSourceTree(args.document);
  const shift = (range: Range): Range => ({
    start: { line: range.start.line + source.startLine, character: range.start.character },
    end: { line: range.end.line + source.startLine, character: range.end.character },
  });
  if (!yamlDocument || !lineCounter || !yamlDocument.contents) return shift(firstLineRange(source.text));

  let node: unknown = yamlDocument.contents;
  let keyNode: unknown;
  for (const segment of args.path) {
    let next: unknown;
    let nextKey: unknown;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && scalarValue(item.key) === String(segment));
      if (pair) {
        next = pair.value ?? pair.key;
        nextKey = pair.key;
      }
    } else if (isSeq(node) && typeof segment === 'number') {
      next = node.items[segment];
    }
    if (next === undefined || next === null) break;
    node = next;
    keyNode = nextKey;
  }
  const chosen = (args.target === 'key' && keyNode ? keyNode : node) as Node;
  const offsets = chosen.range;
  if (!offsets) return shift(firstLineRange(source.text));
  const start = lineCounter.linePos(offsets[0]);
  let endOffset = offsets[1];
  // Collections span many lines; underline only their first line.
  if (!isScalar(chosen)) {
    const lineEnd = source.text.indexOf('\n', offsets[0]);
    if (lineEnd !== -1 && lineEnd < endOffset) endOffset = lineEnd;
  } else {
    // A block scalar's value ends after its last line break: end on its last line instead.
    while (endOffset > offsets[0] && (source.text.charCodeAt(endOffset - 1) === 10 || source.text.charCodeAt(endOffset - 1) === 13)) endOffset--;
  }
  const end = lineCounter.linePos(Math.max(endOffset, offsets[0]));
  let endCharacter = end.col - 1;
  if (end.line === start.line && source.text.charCodeAt(Math.max(endOffset, offsets[0]) - 1) === 13) endCharacter -= 1;
  return shift({ start: { line: start.line - 1, character: start.col - 1 }, end: { line: end.line - 1, character: endCharacter } });
}

function scalarValue(node: unknown): string | undefined {
  return isScalar(node) ? String(node.value) : undefined;
}
