import { discoverEnvironments } from '../environments/discoverEnvironments';
import { findEnvironment } from '../environments/findEnvironment';
import { isUnderRepoPaths, normalizeRepoPaths } from './normalizeRepoPaths';

/** EnvironmentPaths is an environment's name, its inputs, and what else shares them. */
export interface EnvironmentPaths {
  name: string;
  /** Repository-relative files and directories the environment is made of: its paths and its inputs. */
  paths: string[];
  /** sharedWith names the other environments that have one of the files among their inputs. */
  sharedWith(files: readonly string[]): string[];
}

/**
 * resolveEnvironmentPaths finds an environment by name (discovery: .gitops-workbench.yaml, Flux,
 * Argo CD, kustomize overlays) and returns what the git operations on an environment (history,
 * revert, rollback; the CLI's --env and the language server's requests) work on: the
 * environment's paths (its directories) and its inputs (every file it pulls in, shared bases
 * included). The directories count whole because the inputs are today's: a rollback to a commit
 * whose kustomization listed a file deleted since must bring that file back too. `root` is the
 * repository's work tree. An unknown name throws EnvironmentNotFoundError, which lists the known
 * ones.
 */
export function resolveEnvironmentPaths(args: { root: string; name: string }): EnvironmentPaths {
  const { environments } = discoverEnvironments({ root: args.root });
  const environment = findEnvironment({ environments, name: args.name });
  return {
    name: environment.name,
    paths: normalizeRepoPaths([...environment.paths, ...environment.inputs]),
    sharedWith: (files) =>
      environments
        .filter((other) => other.name !== environment.name && files.some((file) => isUnderRepoPaths(file, other.inputs)))
        .map((other) => other.name),
  };
}
