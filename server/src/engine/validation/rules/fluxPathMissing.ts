import type { ManifestDocument } from '../../manifests/ManifestDocument';
import { asMap, asText } from '../../manifests/plainData';
import { repoRelativePath } from '../../manifests/repoRelativePath';
import type { DocumentFinding, RepositoryRule } from '../Rule';
import { normaliseGitUrl } from './support/normaliseGitUrl';
import { resolveRepoPath } from './support/resolveRepoPath';
import { isFluxDocument } from './support/isFluxDocument';

/**
 * flux-path-missing: a Flux Kustomization (kustomize.toolkit.fluxcd.io) whose `spec.path` is not a
 * directory of this repository. Only for GitRepository sources (or no sourceRef): OCIRepository
 * and Bucket contents are not in the repository, and neither is a GitRepository whose url is
 * none of this repository's remotes. Paths with `${…}` substitutions are skipped.
 */
export const fluxPathMissing: RepositoryRule = {
  id: 'flux-path-missing',
  defaultSeverity: 'error',
  description: 'A Flux Kustomization\'s spec.path is not a directory of the repository.',
  scope: 'repository',
  concerns: isFluxDocument,
  check({ documents, context }) {
    const findings: DocumentFinding[] = [];
    const remotes = new Set(context.repo.remoteUrls().map(normaliseGitUrl));
    // Kustomizations of several clusters name the same paths: the file system is asked once per path.
    const directories = new Map<string, boolean>();
    // GitRepositories by name, so each Kustomization looks up its source instead of scanning.
    const gitRepositories = new Map<string, ManifestDocument[]>();
    for (const candidate of documents) {
      if (candidate.identity?.kind !== 'GitRepository' || candidate.identity.group !== 'source.toolkit.fluxcd.io') continue;
      const list = gitRepositories.get(candidate.identity.name);
      if (list) list.push(candidate);
      else gitRepositories.set(candidate.identity.name, [candidate]);
    }
    for (const document of documents) {
      const identity = document.identity;
      if (identity?.kind !== 'Kustomization' || identity.group !== 'kustomize.toolkit.fluxcd.io') continue;
      const spec = asMap(asMap(document.value)?.spec);
      const sourceRef = asMap(spec?.sourceRef);
      const sourceKind = asText(sourceRef?.kind) ?? 'GitRepository';
      if (spec?.sourceRef !== undefined && sourceKind !== 'GitRepository') continue;
      if (sourceRef && remotes.size > 0 && pointsElsewhere({ gitRepositories, sourceRef, namespace: identity.namespace, remotes })) continue;
      const written = asText(spec?.path);
      if (written === undefined || written.includes('${')) continue;
      const directory = resolveRepoPath(context.repo.root, written);
      let isDirectory = directories.get(directory);
      if (isDirectory === undefined) {
        isDirectory = context.repo.isDirectory(directory);
        directories.set(directory, isDirectory);
      }
      if (isDirectory) continue;
      const shown = repoRelativePath(context.repo.root, directory);
      const problem = context.repo.exists(directory) ? 'is a file, not a directory' : 'does not exist in this repository';
      findings.push({ document, path: ['spec', 'path'], message: `path "${written}" ${problem} (${shown})` });
    }
    return findings;
  },
};

/** pointsElsewhere is true when the referenced GitRepository is defined here with another repository's url. */
function pointsElsewhere(args: { gitRepositories: ReadonlyMap<string, readonly ManifestDocument[]>; sourceRef: Record<string, unknown>; namespace?: string; remotes: ReadonlySet<string> }): boolean {
  const name = asText(args.sourceRef.name);
  const namespace = asText(args.sourceRef.namespace) ?? args.namespace;
  const sources = (name === undefined ? [] : args.gitRepositories.get(name) ?? []).filter(
    (candidate) => namespace === undefined || candidate.identity?.namespace === undefined || candidate.identity.namespace === namespace,
  );
  const urls = sources.map((source) => asText(asMap(asMap(source.value)?.spec)?.url)).filter((url): url is string => url !== undefined);
  return urls.length > 0 && urls.every((url) => !args.remotes.has(normaliseGitUrl(url)));
}
