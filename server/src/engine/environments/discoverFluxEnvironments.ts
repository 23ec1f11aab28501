import * as path from 'node:path';
import type { ManifestDocument } from '../manifests/ManifestDocument';
import { repoRelativePath } from '../manifests/repoRelativePath';
import { resolveRepoPath } from '../validation/rules/support/resolveRepoPath';
import { collectEnvironmentInputs } from './collectEnvironmentInputs';
import type { Environment, EnvironmentProblem, FluxKustomization } from './Environment';
import type { ManifestIndex } from './ManifestIndex';
import { readFluxKustomization } from './readFluxKustomization';
import { resourceFilesOf } from './resourceFilesOf';
import { findSubstitutionSources } from './findSubstitutionSources';

/**
 * discoverFluxEnvironments groups the repository's Flux Kustomizations into clusters. A cluster
 * directory is `clusters/<name>` (at any depth) or the `spec.path` of a flux-system sync
 * Kustomization (`flux bootstrap --path`). A cluster holds the Kustomizations in its directory and,
 * transitively, those its Kustomizations' paths bring in (a shared `infrastructure/` tree with its
 * own Kustomizations belongs to every cluster that reaches it). Kustomizations outside every
 * cluster form one environment per directory holding them. Environments are named after their
 * directory (the repository-relative path when two share a base name).
 */
export function discoverFluxEnvironments(args: { index: ManifestIndex }): { environments: Environment[]; problems: EnvironmentProblem[] } {
  const { index } = args;
  const problems: EnvironmentProblem[] = [];
  const documents = index.ofKind('kustomize.toolkit.fluxcd.io', 'Kustomization');
  if (documents.length === 0) return { environments: [], problems };
  const info = new Map<ManifestDocument, FluxKustomization>(documents.map((document) => [document, readFluxKustomization({ document, index })]));
  for (const kustomization of info.values()) {
    if (kustomization.path.includes('${')) {
      problems.push({ file: kustomization.file, line: kustomization.line, message: `Flux Kustomization ${kustomization.name}: spec.path "${kustomization.path}" uses a substitution variable; the path is not followed` });
    } else if (kustomization.sourceRef.inThisRepository && !index.isDirectory(resolveRepoPath(index.root, kustomization.path))) {
      problems.push({ file: kustomization.file, line: kustomization.line, message: `Flux Kustomization ${kustomization.name}: spec.path "${kustomization.path}" is not a directory of this repository` });
    }
  }

  const clusters = clusterDirectories(index, info);
  const members = new Map<string, Set<ManifestDocument>>(clusters.map((cluster) => [cluster, new Set<ManifestDocument>()]));
  const assigned = new Set<ManifestDocument>();
  for (const document of documents) {
    const cluster = clusters.filter((directory) => document.file.startsWith(directory + path.sep)).sort((a, b) => b.length - a.length)[0];
    if (cluster) {
      members.get(cluster)?.add(document);
      assigned.add(document);
    }
  }
  // Kustomizations that a cluster's Kustomizations bring in belong to that cluster too.
  const reachable = new Map<ManifestDocument, ManifestDocument[]>();
  const reachedFrom = (document: ManifestDocument): ManifestDocument[] => {
    let found = reachable.get(document);
    if (found) return found;
    const kustomization = info.get(document) as FluxKustomization;
    found = [];
    if (kustomization.sourceRef.inThisRepository && !kustomization.path.includes('${')) {
      const files = new Set(resourceFilesOf({ index, absolutePath: resolveRepoPath(index.root, kustomization.path) }));
      found = documents.filter((candidate) => candidate !== document && files.has(candidate.file));
    }
    reachable.set(document, found);
    return found;
  };
  for (const set of members.values()) {
    const queue = [...set];
    while (queue.length > 0) {
      for (const next of reachedFrom(queue.shift() as ManifestDocument)) {
        if (set.has(next)) continue;
        set.add(next);
        assigned.add(next);
        queue.push(next);
      }
    }
  }
  const groups = new Map<string, Set<ManifestDocument>>(members);
  for (const document of documents) {
    if (assigned.has(document)) continue;
    const directory = path.dirname(document.file);
    const set = groups.get(directory) ?? new Set<ManifestDocument>();
    set.add(document);
    groups.set(directory, set);
  }

  const environments: Environment[] = [];
  const baseNames = [...groups.keys()].map((directory) => path.basename(directory));
  for (const [directory, set] of [...groups].sort((a, b) => compare(a[0], b[0]))) {
    if (set.size === 0) continue;
    const kustomizations = [...set].sort((a, b) => compare(a.file, b.file) || a.index - b.index).map((document) => info.get(document) as FluxKustomization);
    const relativeDirectory = repoRelativePath(index.root, directory);
    const baseName = path.basename(directory);
    const name = baseNames.filter((candidate) => candidate === baseName).length > 1 || relativeDirectory === '.' ? relativeDirectory : baseName;
    const followed = kustomizations.filter((kustomization) => kustomization.sourceRef.inThisRepository && !kustomization.path.includes('${'));
    const paths = [...new Set([relativeDirectory, ...followed.map((kustomization) => kustomization.path)])].sort(compare);
    const componentPaths = followed.flatMap((kustomization) => kustomization.components.map((component) => repoRelativePath(index.root, path.resolve(resolveRepoPath(index.root, kustomization.path), component))));
    const extra = followed.flatMap((kustomization) => findSubstitutionSources({ index, kustomization }).flatMap((source) => (source.document ? [source.document.file] : [])));
    const branchSource = followed.find((kustomization) => kustomization.name === 'flux-system' && kustomization.sourceRef.branch) ?? followed.find((kustomization) => kustomization.sourceRef.branch);
    const environment: Environment = {
      name,
      source: 'flux',
      paths,
      inputs: collectEnvironmentInputs({ index, paths: [...paths, ...componentPaths], extra }),
      reconciler: 'flux',
      flux: { kustomizations },
    };
    if (branchSource?.sourceRef.branch) environment.branch = branchSource.sourceRef.branch;
    environments.push(environment);
  }
  return { environments, problems };
}

/** clusterDirectories finds `clusters/<name>` directories and flux-system sync paths. */
function clusterDirectories(index: ManifestIndex, info: ReadonlyMap<ManifestDocument, FluxKustomization>): string[] {
  const found = new Set<string>();
  for (const file of index.byFile.keys()) {
    const segments = path.relative(index.root, file).split(path.sep);
    const at = segments.indexOf('clusters');
    if (at !== -1 && at + 2 < segments.length) found.add(path.join(index.root, ...segments.slice(0, at + 2)));
  }
  for (const [document, kustomization] of info) {
    const inFluxSystem = path.basename(path.dirname(document.file)) === 'flux-system';
    if (kustomization.name !== 'flux-system' && !inFluxSystem) continue;
    const target = resolveRepoPath(index.root, kustomization.path);
    if (kustomization.sourceRef.inThisRepository && !kustomization.path.includes('${') && target !== index.root && index.isDirectory(target) && document.file.startsWith(target + path.sep)) found.add(target);
    else if (inFluxSystem) found.add(path.dirname(path.dirname(document.file)));
  }
  // A cluster inside another cluster's directory is its own cluster; the deepest one claims its files.
  return [...found].sort(compare);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
