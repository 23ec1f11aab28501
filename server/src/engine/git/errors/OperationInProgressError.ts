/** OperationInProgressError says git is in the middle of a merge, rebase, cherry-pick or revert. */
export class OperationInProgressError extends Error {
  readonly code = 'OperationInProgress';

  constructor(readonly operation: string) {
    super(`a ${operation} is in progress in this repository; finish or abort it first`);
    this.name = 'OperationInProgressError';
  }
}
