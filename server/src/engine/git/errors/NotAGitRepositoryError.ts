/** NotAGitRepositoryError says a directory is not inside a git work tree. */
export class NotAGitRepositoryError extends Error {
  readonly code = 'NotAGitRepository';

  constructor(readonly directory: string) {
    super(`not a git repository (or any parent up to /): ${directory}`);
    this.name = 'NotAGitRepositoryError';
  }
}
