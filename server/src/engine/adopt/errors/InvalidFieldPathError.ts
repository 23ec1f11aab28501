/** InvalidFieldPathError says a drift field path (`spec.template.spec.containers[name=api].image`) could not be read. */
export class InvalidFieldPathError extends Error {
  readonly code = 'InvalidFieldPath';

  constructor(readonly path: string, reason: string) {
    super(`field path "${path}" cannot be read: ${reason}`);
    this.name = 'InvalidFieldPathError';
  }
}
