/** BranchMovedError says the branch moved while an operation was preparing its commit; nothing was changed. */
export class BranchMovedError extends Error {
  readonly code = 'BranchMoved';

  constructor(readonly ref: string, readonly expected: string, readonly actual: string) {
    super(`${ref} moved from ${expected.slice(0, 12)} to ${actual.slice(0, 12)} during the operation; nothing was changed, try again`);
    this.name = 'BranchMovedError';
  }
}
