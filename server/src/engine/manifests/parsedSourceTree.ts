import { LineCounter, parseDocument } from 'yaml';
import type { ManifestDocument, SourceTree } from './ManifestDocument';
import { carefulParseOptions } from './parseDocumentChunk';

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
    // The careful parse's options: the same nodes at the same offsets.
    tree.yamlDocument = parseDocument(text, { ...carefulParseOptions, lineCounter });
    tree.lineCounter = lineCounter;
  } catch {
    // Left without a tree: callers fall back to the document's first line.
  }
  return tree;
}
