import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { YamlPath } from '../validation/Finding';
import type { ManifestDocument } from './ManifestDocument';
import { parsedSourceTree } from './parsedSourceTree';

/** NodeAtPosition is the path of the deepest node under a position, and whether it is a key. */
export interface NodeAtPosition {
  path: YamlPath;
  onKey: boolean;
}

/** pathAtPosition finds which node of a document a zero-based file position points into. */
export function pathAtPosition(args: { document: ManifestDocument; line: number; character: number }): NodeAtPosition | undefined {
  const { source } = args.document;
  const { yamlDocument, lineCounter } = parsedSourceTree(args.document);
  if (!yamlDocument || !lineCounter) return undefined;
  const line = args.line - source.startLine;
  if (line < 0 || line >= lineCounter.lineStarts.length) return undefined;
  // A character past the end of the line stays on that line (before its line break).
  const lineStart = lineCounter.lineStarts[line];
  let lineEnd = line + 1 < lineCounter.lineStarts.length ? lineCounter.lineStarts[line + 1] - 1 : source.text.length;
  if (lineEnd > lineStart && source.text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
  const offset = lineStart + Math.max(0, Math.min(args.character, lineEnd - lineStart));
  const path: (string | number)[] = [];
  let node: unknown = yamlDocument.contents;
  let onKey = false;
  for (;;) {
    if (isMap(node)) {
      // Keys first: a block collection's range runs to the start of the next key's line.
      const pair = node.items.find((item) => isPair(item) && within(item.key, offset)) ?? node.items.find((item) => isPair(item) && within(item.value, offset));
      if (!pair || !isScalar(pair.key)) break;
      path.push(String(pair.key.value));
      if (within(pair.key, offset)) {
        onKey = true;
        break;
      }
      node = pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => within(item, offset));
      if (index === -1) break;
      path.push(index);
      node = node.items[index];
    } else {
      break;
    }
  }
  return { path, onKey };
}

function within(node: unknown, offset: number): boolean {
  const range = (node as Node | null)?.range;
  return !!range && offset >= range[0] && offset <= range[1];
}
