import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { Range, YamlPath } from '../validation/Finding';
import type { ManifestDocument } from './ManifestDocument';
import { firstLineRange } from './parseDocumentChunk';
import { locateQuickly } from './locateQuickly';
import { parsedSourceTree } from './parsedSourceTree';
import { positionIn } from './positionIn';

/**
 * locateInDocument finds the file range of the node at `path` in a document (the key of its map
 * entry when target is 'key'). A path that goes past what exists resolves to its deepest existing
 * ancestor, so a "missing field" finding lands on the object that lacks it.
 */
export function locateInDocument(args: { document: ManifestDocument; path: YamlPath; target?: 'key' | 'value' }): Range {
  const { source } = args.document;
  const shift = (range: Range): Range => ({
    start: { line: range.start.line + source.startLine, character: range.start.character },
    end: { line: range.end.line + source.startLine, character: range.end.character },
  });
  // A document the quick parser read has no tree yet: most paths are found without one.
  const quick = source.tree.yamlDocument ? undefined : locateQuickly({ text: source.text, path: args.path, target: args.target });
  if (quick) return shift(rangeOf({ text: source.text, start: quick.start, end: quick.end, scalar: quick.scalar, positionOf: (offset) => positionIn(source.text, offset) }));
  const { yamlDocument, lineCounter } = parsedSourceTree(args.document);
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
  return shift(rangeOf({
    text: source.text, start: offsets[0], end: offsets[1], scalar: isScalar(chosen),
    positionOf: (offset) => {
      const position = lineCounter.linePos(offset);
      return { line: position.line - 1, character: position.col - 1 };
    },
  }));
}

/** rangeOf turns a node's offsets into the range shown: a collection's first line, a scalar without its final line breaks. */
function rangeOf(args: { text: string; start: number; end: number; scalar: boolean; positionOf: (offset: number) => { line: number; character: number } }): Range {
  const { text, start: startOffset } = args;
  let endOffset = args.end;
  // Collections span many lines; underline only their first line.
  if (!args.scalar) {
    const lineEnd = text.indexOf('\n', startOffset);
    if (lineEnd !== -1 && lineEnd < endOffset) endOffset = lineEnd;
  } else {
    // A block scalar's value ends after its last line break: end on its last line instead.
    while (endOffset > startOffset && (text.charCodeAt(endOffset - 1) === 10 || text.charCodeAt(endOffset - 1) === 13)) endOffset--;
  }
  const start = args.positionOf(startOffset);
  const end = args.positionOf(Math.max(endOffset, startOffset));
  let endCharacter = end.character;
  if (end.line === start.line && text.charCodeAt(Math.max(endOffset, startOffset) - 1) === 13) endCharacter -= 1;
  return { start, end: { line: end.line, character: endCharacter } };
}

function scalarValue(node: unknown): string | undefined {
  return isScalar(node) ? String(node.value) : undefined;
}
