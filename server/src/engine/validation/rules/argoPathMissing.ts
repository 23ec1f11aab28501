import { asList, asMap, asText } from '../../manifests/plainData';
import { repoRelativePath } from '../../manifests/repoRelativePath';
import type { RuleFinding } from '../Finding';
import type { DocumentRule } from '../Rule';
import { normaliseGitUrl } from './support/normaliseGitUrl';
import { resolveRepoPath } from './support/resolveRepoPath';

/**
 * argo-path-missing: an Argo CD Application source (spec.source, spec.sources[]) whose repoURL is
 * this repository (compared with the git remotes, normalised) and whose `path` is not a directory
 * of it. Helm chart sources (`chart`) and templated paths are skipped; ApplicationSets are out of
 * scope (their paths are templates).
 */
export const argoPathMissing: DocumentRule = {
  id: 'argo-path-missing',
  defaultSeverity: 'error',
  description: 'An Argo CD Application\'s source path is not a directory of this repository.',
  scope: 'document',
  check({ document, context }) {
    const identity = document.identity;
    if (identity?.kind !== 'Application' || identity.group !== 'argoproj.io') return [];
    const spec = asMap(asMap(document.value)?.spec);
    if (!spec) return [];
    const remotes = new Set(context.repo.remoteUrls().map(normaliseGitUrl));
    if (remotes.size === 0) return [];
    const sources: { source: unknown; path: (string | number)[] }[] = [{ source: spec.source, path: ['spec', 'source'] }];
    asList(spec.sources).forEach((source, index) => sources.push({ source, path: ['spec', 'sources', index] }));
    const findings: RuleFinding[] = [];
    for (const { source: raw, path } of sources) {
      const source = asMap(raw);
      const repoURL = asText(source?.repoURL);
      const written = asText(source?.path);
      if (!source || source.chart !== undefined || repoURL === undefined || written === undefined || /\{\{|\$/.test(written)) continue;
      if (!remotes.has(normaliseGitUrl(repoURL))) continue;
      const directory = resolveRepoPath(context.repo.root, written);
      if (context.repo.isDirectory(directory)) continue;
      const problem = context.repo.exists(directory) ? 'is a file, not a directory' : 'does not exist in this repository';
      findings.push({ path: [...path, 'path'], message: `path "${written}" ${problem} (${repoRelativePath(context.repo.root, directory)}); repoURL ${repoURL} is this repository` });
    }
    return findings;
  },
};
