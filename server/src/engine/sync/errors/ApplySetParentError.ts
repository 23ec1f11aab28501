/** ApplySetParentError says the ApplySet parent could not be written before any member was applied (its namespace missing, refused…). */
export class ApplySetParentError extends Error {
  readonly code = 'ApplySetParent';

  constructor(message: string) {
    super(message);
    this.name = 'ApplySetParentError';
  }
}
