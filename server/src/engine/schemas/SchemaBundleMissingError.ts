/** SchemaBundleMissingError says the schema bundle was not found next to the program or in the repository. */
export class SchemaBundleMissingError extends Error {
  readonly code = 'SCHEMA_BUNDLE_MISSING';

  constructor(readonly searched: readonly string[]) {
    super(`The schema bundle is missing (looked in ${searched.join(', ')}); reinstall GitOps Workbench or run "npm run schemas".`);
    this.name = 'SchemaBundleMissingError';
  }
}
