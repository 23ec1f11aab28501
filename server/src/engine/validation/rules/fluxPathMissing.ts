import { asMap, asText } from '../../manifests/plainData';
import { repoRelativePath } from '../../manifests/repoRelativePath';
import type { DocumentRule } from '../Rule';
import { resolveRepoPath } from './support/resolveRepoPath';

/**
 * flux-path-missing: a Flux Kustomization (kustomize.toolkit.fluxcd.io) whose `spec.path` is not a
 * directory of this repository. Only for GitRepository sources (or no sourceRef): OCIRepository
 * and Bucket contents are not in the repository. Paths with `${…}` substitutions are skipped.
 */
export const fluxPathMissing: DocumentRule = {
  id: 'flux-path-missing',
  defaultSeverity: 'error',
  description: 'A Flux Kustomization\'s spec.path is not a directory of the repository.',
  scope: 'document',
  check({ document, context }) {
    const identity = document.identity;
    if (identity?.kind !== 'Kustomization' || identity.group !== 'kustomize.toolkit.fluxcd.io') return [];
    const spec = asMap(asMap(document.value)?.spec);
    const sourceRef = spec?.sourceRef;
    if (sourceRef !== undefined && asMap(sourceRef)?.kind !== undefined && asMap(sourceRef)?.kind !== 'GitRepository') return [];
    const written = asText(spec?.path);
    if (written === undefined || written.includes('${')) return [];
    const directory = resolveRepoPath(context.repo.root, written);
    if (context.repo.isDirectory(directory)) return [];
    const shown = repoRelativePath(context.repo.root, directory);
    const problem = context.repo.exists(directory) ? `is a file, not a directory` : 'does not exist in this repository';
    return [{ path: ['spec', 'path'], message: `path "${written}" ${problem} (${shown})` }];
  },
};
