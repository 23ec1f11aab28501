import type { Environment } from './Environment';
import { EnvironmentNotFoundError } from './EnvironmentNotFoundError';

/** findEnvironment picks an environment by name; throws EnvironmentNotFoundError listing the known names. */
export function findEnvironment(args: { environments: readonly Environment[]; name: string }): Environment {
  const found = args.environments.find((environment) => environment.name === args.name);
  if (!found) throw new EnvironmentNotFoundError(args.name, args.environments.map((environment) => environment.name));
  return found;
}
