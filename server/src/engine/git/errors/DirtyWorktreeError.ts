/**
 * DirtyWorktreeError says uncommitted changes (staged, unstaged or untracked) sit on files an
 * operation would rewrite; committing over them would lose them, so nothing was changed.
 */
export class DirtyWorktreeError extends Error {
  readonly code = 'DirtyWorktree';

  constructor(readonly files: string[], readonly operation: string) {
    super(`${operation} would overwrite uncommitted changes in ${files.join(', ')}; commit or stash them first`);
    this.name = 'DirtyWorktreeError';
  }
}
