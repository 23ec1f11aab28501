import * as path from 'node:path';
import { readRepoConfig } from '../config/readRepoConfig';
import type { RepoConfig } from '../config/RepoConfig';
import type { ManifestDocument } from '../manifests/ManifestDocument';
import { configEnvironments } from './configEnvironments';
import { discoverArgoEnvironments } from './discoverArgoEnvironments';
import { discoverFluxEnvironments } from './discoverFluxEnvironments';
import { discoverOverlayEnvironments } from './discoverOverlayEnvironments';
import type { DiscoveredEnvironments, Environment } from './Environment';
import { createManifestIndex } from './ManifestIndex';

/**
 * discoverEnvironments lists a repository's environments. When `.gitops-workbench.yaml` lists
 * environments, those are the environments (the config file wins). Otherwise they are discovered:
 * Flux clusters, then Argo CD Applications, then kustomize overlays not already taken in by one of
 * those. A name that an earlier environment took is prefixed with the source (`argocd:staging`).
 * Reads and parses the repository's manifests itself (those it needs) unless `documents` are passed.
 * `only` names the one environment a caller needs (history of one environment): the config
 * file's other environments are then left out, as collecting 50 environments' inputs was a
 * quarter of discovery; all are listed when none has that name. Discovered environments are all
 * listed still, as their names depend on one another.
 */
export function discoverEnvironments(args: { root: string; documents?: readonly ManifestDocument[]; config?: RepoConfig; only?: string }): DiscoveredEnvironments {
  const root = path.resolve(args.root);
  const config = args.config ?? readRepoConfig({ root });
  // Without documents, the index reads only the files discovery's questions need.
  const index = createManifestIndex({ root, documents: args.documents });
  const flux = discoverFluxEnvironments({ index });
  const argocd = discoverArgoEnvironments({ index });
  const problems = [...flux.problems, ...argocd.problems];
  if (config.environments.length > 0) {
    // The first entry of a name is the one used. An unknown `only` keeps them all, for the
    // caller's "not found" message, which lists the names.
    const first = args.only === undefined ? -1 : config.environments.findIndex((entry) => entry.name === args.only);
    const environments = configEnvironments({
      index,
      entries: first === -1 ? config.environments : [config.environments[first]],
      fluxKustomizations: flux.environments.flatMap((environment) => environment.flux?.kustomizations ?? []),
      argoApplications: argocd.environments.flatMap((environment) => environment.argocd?.applications ?? []),
    });
    const seen = new Set<string>();
    for (const environment of environments) {
      if (seen.has(environment.name)) problems.push({ file: '.gitops-workbench.yaml', message: `environment "${environment.name}" is defined twice; the first definition is used` });
      seen.add(environment.name);
    }
    return { environments: environments.filter((environment, position) => environments.findIndex((other) => other.name === environment.name) === position), problems };
  }
  const discovered = [...flux.environments, ...argocd.environments];
  discovered.push(...discoverOverlayEnvironments({ index, covered: discovered }));
  const taken = new Set<string>();
  const environments: Environment[] = [];
  for (const environment of discovered) {
    let name = environment.name;
    if (taken.has(name)) name = `${environment.source}:${name}`;
    for (let suffix = 2; taken.has(name); suffix++) name = `${environment.source}:${environment.name}-${suffix}`;
    taken.add(name);
    environments.push({ ...environment, name });
  }
  return { environments, problems };
}
