import { discoverEnvironments } from '../engine/environments/discoverEnvironments';
import { findEnvironment } from '../engine/environments/findEnvironment';
import { isUnderRepoPaths } from '../engine/git/normalizeRepoPaths';

/** EnvironmentPaths is an environment's name, its inputs, and what else shares them. */
export interface EnvironmentPaths {
  name: string;
  /** Repository-relative files and directories the environment is built from (its `inputs`). */
  paths: string[];
  /** sharedWith names the other environments that have one of the files among their inputs. */
  sharedWith(files: readonly string[]): string[];
}

/**
 * resolveEnvironmentPaths finds an environment by name (discovery: .gitops-workbench.yaml, Flux,
 * Argo CD, kustomize overlays) and returns its inputs for the git commands' --env: everything
 * the environment depends on, shared bases included. An unknown name throws
 * EnvironmentNotFoundError, which lists the known ones.
 */
export function resolveEnvironmentPaths(args: { root: string; name: string }): EnvironmentPaths {
  const { environments } = discoverEnvironments({ root: args.root });
  const environment = findEnvironment({ environments, name: args.name });
  return {
    name: environment.name,
    paths: environment.inputs.length > 0 ? environment.inputs : environment.paths,
    sharedWith: (files) =>
      environments
        .filter((other) => other.name !== environment.name && files.some((file) => isUnderRepoPaths(file, other.inputs)))
        .map((other) => other.name),
  };
}
