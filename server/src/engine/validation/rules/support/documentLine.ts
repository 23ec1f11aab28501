import type { ManifestDocument } from '../../../manifests/ManifestDocument';

/**
 * documentLine is the one-based line where a document's content starts, for messages that name
 * another document ("already defined at base/app.yaml:3"). Leading blank and comment lines of a
 * split document are skipped.
 */
export function documentLine(document: ManifestDocument): number {
  const { source } = document;
  if (document.startLine !== source.startLine) return document.startLine + 1;
  const lines = source.text.split('\n');
  let offset = 0;
  while (offset < lines.length && /^\s*(#.*)?\r?$/.test(lines[offset] ?? '')) offset++;
  if (offset >= lines.length) offset = 0;
  return document.startLine + offset + 1;
}
