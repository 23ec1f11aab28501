import { LineCounter, parseDocument } from 'yaml';
import type { ManifestDocument, SourceTree } from './ManifestDocument';

/**
 * parsedSourceTree is a document's `yaml` tree with node offsets, parsed on first use: documents
 * read by the quick parser have none. Only positions are wanted here (the value and the syntax
 * problems are known already), so the tree is not converted to plain data again. Its fields stay
 * undefined when the text cannot be parsed.
 */
export function parsedSourceTree(document: ManifestDocument): SourceTree {
  const { tree, text } = document.source;
  if (tree.yamlDocument && tree.lineCounter) return tree;
  const lineCounter = new LineCounter();
  try {
    // The careful parse's options (parseCarefully): the same nodes at the same offsets.
    tree.yamlDocument = parseDocument(text, { lineCounter, uniqueKeys: true, merge: true, prettyErrors: false, strict: true, keepSourceTokens: false, logLevel: 'error' });
    tree.lineCounter = lineCounter;
  } catch {
    // Left without a tree: callers fall back to the document's first line.
  }
  return tree;
}
