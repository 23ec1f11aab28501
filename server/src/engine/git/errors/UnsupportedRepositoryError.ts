/** UnsupportedRepositoryError says a repository has a shape the git engine cannot work on safely. */
export class UnsupportedRepositoryError extends Error {
  readonly code = 'UnsupportedRepository';

  constructor(readonly directory: string, readonly reason: string) {
    super(`${directory}: ${reason}`);
    this.name = 'UnsupportedRepositoryError';
  }
}
