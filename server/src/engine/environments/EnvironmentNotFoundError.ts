/** EnvironmentNotFoundError: no environment of the repository has the name asked for. */
export class EnvironmentNotFoundError extends Error {
  readonly code = 'EnvironmentNotFound';
  readonly environment: string;
  readonly known: readonly string[];

  constructor(environment: string, known: readonly string[]) {
    super(known.length > 0 ? `no environment named "${environment}"; the environments are: ${known.join(', ')}` : `no environment named "${environment}": this repository has no environments`);
    this.environment = environment;
    this.known = known;
  }
}
