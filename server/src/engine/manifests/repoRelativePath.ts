import * as path from 'node:path';

/** repoRelativePath shows an absolute path relative to the repository root, with `/`; "." for the root. */
export function repoRelativePath(root: string, absolutePath: string): string {
  const relative = path.relative(root, absolutePath).split(path.sep).join('/');
  return relative === '' ? '.' : relative;
}
