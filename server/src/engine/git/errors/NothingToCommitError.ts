/** NothingToCommitError says an operation would produce a commit without changes, so none was made. */
export class NothingToCommitError extends Error {
  readonly code = 'NothingToCommit';

  constructor(message: string) {
    super(message);
    this.name = 'NothingToCommitError';
  }
}
