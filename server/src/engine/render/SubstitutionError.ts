/** SubstitutionError: Flux postBuild substitution failed (bad syntax, invalid variable name, unset variable in strict mode). */
export class SubstitutionError extends Error {
  readonly code = 'SubstitutionFailed';
}
