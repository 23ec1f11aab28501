import * as path from 'node:path';
import { collectEnvironmentInputs } from '../environments/collectEnvironmentInputs';
import type { Environment } from '../environments/Environment';
import type { ManifestIndex } from '../environments/ManifestIndex';
import { repoRelativePath } from '../manifests/repoRelativePath';
import { resolveRepoPath } from '../validation/rules/support/resolveRepoPath';

/** OwnOverlay is a kustomization directory that belongs to one environment only. */
export interface OwnOverlay {
  /** Repository-relative directory. */
  directory: string;
  /** Repository-relative kustomization file. */
  kustomizationFile: string;
}

/** coversPath says whether a list of repository-relative inputs (files and directories) takes in a file. */
export function coversPath(inputs: readonly string[], file: string): boolean {
  return inputs.some((input) => input === '.' || input === file || file.startsWith(`${input}/`));
}

/** environmentsSharing names the other environments whose inputs take in a repository-relative file. */
export function environmentsSharing(args: { file: string; environment: string; environments: readonly Environment[] }): string[] {
  return args.environments.filter((other) => other.name !== args.environment && coversPath(other.inputs, args.file)).map((other) => other.name);
}

/**
 * findOwnOverlay finds where an environment can change an object without touching another
 * environment: one of its paths that is a kustomization directory, that no other environment takes
 * in, and that (through its resources, bases and components) takes in the file the object comes
 * from. The most specific one (fewest inputs) when several do. Undefined when there is none (plain
 * directories, an overlay two environments share).
 */
export function findOwnOverlay(args: { index: ManifestIndex; environment: Environment; environments: readonly Environment[]; originFile: string }): OwnOverlay | undefined {
  const { index, environment } = args;
  let best: (OwnOverlay & { size: number }) | undefined;
  for (const written of environment.paths) {
    const directory = resolveRepoPath(index.root, written);
    if (!index.isDirectory(directory)) continue;
    const kustomizationFile = index.kustomizationIn(directory);
    if (!kustomizationFile) continue;
    const relativeDirectory = repoRelativePath(index.root, directory);
    const relativeFile = repoRelativePath(index.root, kustomizationFile);
    if (environmentsSharing({ file: relativeFile, environment: environment.name, environments: args.environments }).length > 0) continue;
    const inputs = collectEnvironmentInputs({ index, paths: [written] });
    if (!coversPath(inputs, args.originFile)) continue;
    if (!best || inputs.length < best.size) best = { directory: relativeDirectory, kustomizationFile: relativeFile, size: inputs.length };
  }
  return best ? { directory: best.directory, kustomizationFile: best.kustomizationFile } : undefined;
}

/** overlayRelative writes a repository-relative path relative to an overlay directory, as its kustomization lists files. */
export function overlayRelative(overlay: OwnOverlay, file: string): string {
  return path.posix.relative(overlay.directory === '.' ? '' : overlay.directory, file);
}
