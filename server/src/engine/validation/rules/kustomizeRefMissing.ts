import * as path from 'node:path';
import type { RuleFinding } from '../Finding';
import { isKustomizationFile, kustomizationFileNames, readKustomization } from '../../manifests/readKustomization';
import { repoRelativePath } from '../../manifests/repoRelativePath';
import type { DocumentRule } from '../Rule';

const bringsObjects = new Set(['resource', 'base', 'component']);

/**
 * kustomize-ref-missing: a kustomization names a local file or directory that does not exist
 * (resources, components, bases, patches, patchesStrategicMerge, patchesJson6902, generator files
 * and envs, crds, helmCharts values files), or a resources/components directory without a
 * kustomization. Remote entries (URLs, `git@…`, `github.com/…`, `?ref=`) and globs are skipped.
 */
export const kustomizeRefMissing: DocumentRule = {
  id: 'kustomize-ref-missing',
  defaultSeverity: 'error',
  description: 'A kustomization names a resource, component, patch or generator file that does not exist.',
  scope: 'document',
  check({ document, context }) {
    const identity = document.identity;
    const named = isKustomizationFile(document.file);
    if (!named && identity?.group !== 'kustomize.config.k8s.io') return [];
    if (identity && identity.group !== 'kustomize.config.k8s.io') return [];
    const kustomization = readKustomization({ file: document.file, value: document.value });
    if (!kustomization) return [];
    const findings: RuleFinding[] = [];
    for (const entry of kustomization.entries) {
      if (entry.remote || !entry.absolutePath || /[*?[]/.test(entry.value)) continue;
      const shown = repoRelativePath(context.repo.root, entry.absolutePath);
      if (!context.repo.exists(entry.absolutePath)) {
        findings.push({ path: entry.path, message: `${entry.field} entry "${entry.value}" does not exist (no file or directory ${shown})` });
      } else if (bringsObjects.has(entry.role) && context.repo.isDirectory(entry.absolutePath)) {
        const directory = entry.absolutePath;
        if (!kustomizationFileNames.some((name) => context.repo.exists(path.join(directory, name)))) {
          findings.push({ path: entry.path, message: `${entry.field} entry "${entry.value}" is a directory without a kustomization.yaml (${shown})` });
        }
      }
    }
    return findings;
  },
};
