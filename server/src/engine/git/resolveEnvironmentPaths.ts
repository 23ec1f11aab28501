import { discoverEnvironments } from '../environments/discoverEnvironments';
import type { Environment } from '../environments/Environment';
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

/** ResolveEnvironmentPathsOptions say whether the other environments are resolved up front. */
export interface ResolveEnvironmentPathsOptions {
  /**
   * true: every environment is resolved now, so that sharedWith answers from the repository as it
   * is now (revert and rollback call it after they changed the work tree). false: only this
   * environment is (what history needs; resolving all 50 environments of a repository was a
   * quarter of a CLI history), and sharedWith resolves the others when first called.
   */
  resolveOthers: boolean;
}

export function defaultResolveEnvironmentPathsOptions(): ResolveEnvironmentPathsOptions {
  return { resolveOthers: true };
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
export function resolveEnvironmentPaths(args: { root: string; name: string; options?: Partial<ResolveEnvironmentPathsOptions> }): EnvironmentPaths {
  const options = { ...defaultResolveEnvironmentPathsOptions(), ...args.options };
  const discovered = discoverEnvironments({ root: args.root, ...(options.resolveOthers ? {} : { only: args.name }) });
  const environment = findEnvironment({ environments: discovered.environments, name: args.name });
  let all: readonly Environment[] | undefined = options.resolveOthers ? discovered.environments : undefined;
  return {
    name: environment.name,
    paths: normalizeRepoPaths([...environment.paths, ...environment.inputs]),
    sharedWith: (files) => {
      all ??= discoverEnvironments({ root: args.root }).environments;
      return all.filter((other) => other.name !== environment.name && files.some((file) => isUnderRepoPaths(file, other.inputs))).map((other) => other.name);
    },
  };
}
