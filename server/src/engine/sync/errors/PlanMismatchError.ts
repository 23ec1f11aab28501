/** PlanMismatchError says a plan cannot be executed as asked: made for another reconciler, another environment, or a commit that is no longer HEAD. */
export class PlanMismatchError extends Error {
  readonly code = 'PlanOutdated';

  constructor(message: string) {
    super(message);
    this.name = 'PlanMismatchError';
  }
}
