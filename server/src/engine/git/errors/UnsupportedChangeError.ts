/** UnsupportedChangeError says a merge met a change shape the engine cannot merge (e.g. a file replaced by a directory). */
export class UnsupportedChangeError extends Error {
  readonly code = 'UnsupportedChange';

  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedChangeError';
  }
}
