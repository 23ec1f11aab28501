import type { ManifestPiece } from './ManifestPiece';

/**
 * lineOfPieces returns one line of a split file from its pieces (without its line break), or
 * undefined past the end: the file's text itself need not be read (see reparseManifestText).
 */
export function lineOfPieces(pieces: readonly ManifestPiece[], line: number): string | undefined {
  let low = 0;
  let high = pieces.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (pieces[middle].line <= line) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  if (found === -1) return undefined;
  const { text } = pieces[found];
  let start = 0;
  for (let skip = line - pieces[found].line; skip > 0; skip--) {
    const newline = text.indexOf('\n', start);
    if (newline === -1) return undefined;
    start = newline + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end === -1 ? text.length : end);
}
