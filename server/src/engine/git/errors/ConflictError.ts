/**
 * ConflictError says a three-way merge (revert) found conflicting changes; `files` are the
 * repository-relative paths in conflict. Nothing was written when it is thrown.
 */
export class ConflictError extends Error {
  readonly code = 'Conflict';

  constructor(readonly files: string[], readonly operation: string) {
    super(`${operation} conflicts in ${files.length} file${files.length === 1 ? '' : 's'}: ${files.join(', ')}; nothing was changed`);
    this.name = 'ConflictError';
  }
}
