import * as path from 'node:path';

/** InvalidRepoPathError says a path is not a repository-relative path inside the work tree. */
export class InvalidRepoPathError extends Error {
  readonly code = 'InvalidRepoPath';

  constructor(readonly repoPath: string) {
    super(`"${repoPath}" is not a path inside the repository (use a path relative to the repository root)`);
    this.name = 'InvalidRepoPathError';
  }
}

/**
 * normalizeRepoPaths turns repository-relative files or directories ("./apps/staging/",
 * "apps\\staging") into git's form ("apps/staging"), drops duplicates and paths already covered
 * by another one, and sorts them. "" or "." stands for the whole repository and covers all.
 */
export function normalizeRepoPaths(paths: readonly string[]): string[] {
  const normal = new Set<string>();
  for (const raw of paths) {
    const slashed = raw.replace(/\\/g, '/');
    if (slashed.startsWith('/') || /^[A-Za-z]:\//.test(slashed)) throw new InvalidRepoPathError(raw);
    const clean = path.posix.normalize(slashed).replace(/\/+$/, '');
    if (clean === '..' || clean.startsWith('../')) throw new InvalidRepoPathError(raw);
    if (clean === '.' || clean === '') return [''];
    if (clean.split('/').includes('.git')) throw new InvalidRepoPathError(raw);
    normal.add(clean);
  }
  const sorted = [...normal].sort();
  // "apps" covers "apps/web"; sorting puts a parent right before its children.
  return sorted.filter((candidate) => !sorted.some((other) => other !== candidate && candidate.startsWith(`${other}/`)));
}

/** isUnderRepoPaths says whether a file path is one of the paths or inside one of them. */
export function isUnderRepoPaths(file: string, paths: readonly string[]): boolean {
  return paths.some((entry) => entry === '' || file === entry || file.startsWith(`${entry}/`));
}
