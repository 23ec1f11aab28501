import * as path from 'node:path';
import { repoRelativePath } from '../manifests/repoRelativePath';
import { collectEnvironmentInputs } from './collectEnvironmentInputs';
import type { Environment } from './Environment';
import type { ManifestIndex } from './ManifestIndex';

const overlayDirectory = /(?:^|\/)(?:overlays|envs|environments)\/([^/]+)$/;

/**
 * discoverOverlayEnvironments finds kustomize overlays: `overlays/<env>/`, `envs/<env>/` and
 * `environments/<env>/` directories with a kustomization, at any depth. Overlays of the same name
 * (one per application of a monorepo) form one environment. Overlays that an environment in
 * `covered` already takes in (as a path or an input) are not environments of their own.
 */
export function discoverOverlayEnvironments(args: { index: ManifestIndex; covered: readonly Environment[] }): Environment[] {
  const { index } = args;
  const byName = new Map<string, string[]>();
  const coveredPaths = args.covered.flatMap((environment) => [...environment.paths, ...environment.inputs]);
  const isCovered = (relative: string, kustomizationFile: string): boolean =>
    coveredPaths.some((entry) => entry === '.' || entry === relative || relative.startsWith(`${entry}/`) || entry === kustomizationFile);
  for (const file of index.kustomizations.keys()) {
    const directory = path.dirname(file);
    const relative = repoRelativePath(index.root, directory);
    const match = overlayDirectory.exec(relative);
    if (!match || isCovered(relative, repoRelativePath(index.root, file))) continue;
    const list = byName.get(match[1]) ?? [];
    list.push(relative);
    byName.set(match[1], list);
  }
  return [...byName.keys()].sort().map((name) => {
    const paths = (byName.get(name) as string[]).sort();
    return { name, source: 'kustomize', paths, inputs: collectEnvironmentInputs({ index, paths }), reconciler: 'push' };
  });
}
