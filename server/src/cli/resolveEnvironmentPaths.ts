import { readRepoConfig } from '../engine/config/readRepoConfig';
import { UsageError } from './CliError';

/** EnvironmentPaths is an environment's name and the repository-relative paths it is built from. */
export interface EnvironmentPaths {
  name: string;
  paths: string[];
}

/**
 * resolveEnvironmentPaths finds an environment by name and returns its inputs, for the git
 * commands' --env. Environments come from the repository's .gitops-workbench.yaml
 * (`environments[].paths`); an unknown name is a usage error that lists the known ones.
 */
export function resolveEnvironmentPaths(args: { root: string; name: string }): EnvironmentPaths {
  const environments = readRepoConfig({ root: args.root }).environments.map((environment) => ({ name: environment.name, paths: environment.paths }));
  const found = environments.find((environment) => environment.name === args.name);
  if (!found) {
    const known = environments.map((environment) => environment.name);
    throw new UsageError(`no environment "${args.name}" in ${args.root}${known.length > 0 ? ` (known: ${known.join(', ')})` : ' (.gitops-workbench.yaml declares none)'}`);
  }
  if (found.paths.length === 0) throw new UsageError(`environment "${found.name}" has no paths`);
  return found;
}
