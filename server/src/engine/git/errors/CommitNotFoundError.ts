/** CommitNotFoundError says a revision names no commit of the repository (or more than one). */
export class CommitNotFoundError extends Error {
  readonly code = 'CommitNotFound';

  constructor(readonly revision: string, detail?: string) {
    super(detail ?? `no commit "${revision}" in this repository`);
    this.name = 'CommitNotFoundError';
  }
}
