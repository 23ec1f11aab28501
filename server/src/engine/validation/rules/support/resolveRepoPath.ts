import * as path from 'node:path';

/** resolveRepoPath resolves a path written relative to the repository root (`./x`, `/x`, `x`, `.`, ``). */
export function resolveRepoPath(root: string, relative: string): string {
  const trimmed = relative.trim().replace(/^(\.\/|\/)+/, '');
  return path.resolve(root, trimmed === '' ? '.' : trimmed);
}
