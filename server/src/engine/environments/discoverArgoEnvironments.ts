import { collectEnvironmentInputs } from './collectEnvironmentInputs';
import type { ArgoApplication, Environment, EnvironmentProblem } from './Environment';
import { expandApplicationSet } from './expandApplicationSet';
import type { ManifestIndex } from './ManifestIndex';
import { isArgoApplication, readArgoApplication } from './readArgoApplication';

/**
 * discoverArgoEnvironments makes one environment per Argo CD Application: those written in the
 * repository and those that list and git-directory generators of an ApplicationSet produce. Its
 * paths are the sources' paths in this repository; its namespace the destination namespace.
 */
export function discoverArgoEnvironments(args: { index: ManifestIndex }): { environments: Environment[]; problems: EnvironmentProblem[] } {
  const { index } = args;
  const problems: EnvironmentProblem[] = [];
  const applications: ArgoApplication[] = [];
  for (const document of index.ofKind('argoproj.io', ['Application', 'ApplicationSet'])) {
    if (isArgoApplication(document)) applications.push(readArgoApplication({ value: document.value, document, index }));
    else if (document.identity?.kind === 'ApplicationSet' && document.identity.group === 'argoproj.io') {
      const expanded = expandApplicationSet({ document, index });
      problems.push(...expanded.problems);
      for (const value of expanded.applications) applications.push(readArgoApplication({ value, document, index, applicationSet: document.identity.name }));
    }
  }
  const environments: Environment[] = [];
  for (const application of applications) {
    if (application.name === '') continue;
    const inRepository = application.sources.filter((source) => source.inThisRepository && source.path !== undefined && !/\{\{|\$/.test(source.path));
    const paths = [...new Set(inRepository.map((source) => source.path as string))].sort();
    const references = new Set(application.sources.filter((source) => source.ref && source.inThisRepository).map((source) => source.ref as string));
    const valueFiles = inRepository.flatMap((source) =>
      (Array.isArray(source.helm?.valueFiles) ? source.helm.valueFiles : [])
        .filter((file): file is string => typeof file === 'string' && !/^[a-z]+:\/\//.test(file))
        .flatMap((file) => {
          // `$values/envs/prod.yaml` is a file of the source whose `ref` is `values`, from its root.
          const reference = /^\$([^/]+)\/(.+)$/.exec(file);
          if (reference) return references.has(reference[1]) ? [reference[2]] : [];
          return [`${source.path}/${file}`];
        }),
    );
    const environment: Environment = {
      name: application.name,
      source: 'argocd',
      paths,
      inputs: collectEnvironmentInputs({ index, paths: [...paths, ...valueFiles] }),
      reconciler: 'argocd',
      argocd: { applications: [application] },
    };
    if (application.destination.namespace) environment.namespace = application.destination.namespace;
    const revision = inRepository.find((source) => source.targetRevision)?.targetRevision;
    if (revision && revision !== 'HEAD' && !/^[0-9a-f]{40}$/.test(revision)) environment.branch = revision;
    environments.push(environment);
  }
  return { environments, problems };
}
