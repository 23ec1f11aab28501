import type { ManifestDocument, ResourceIdentity } from '../../manifests/ManifestDocument';
import { repoRelativePath } from '../../manifests/repoRelativePath';
import type { DocumentFinding, EnvironmentRule } from '../Rule';
import { clusterScopedCustomKinds } from './support/clusterScopedCustomKinds';
import { documentLine } from './support/documentLine';
import { effectiveNamespace } from './support/effectiveNamespace';
import { isClusterScoped } from './support/isClusterScoped';

/**
 * duplicate-resource: two documents of one environment define the same group/kind/namespace/name
 * (namespace after the kustomization's override; none for cluster-scoped kinds; an unset namespace
 * counts as "default", as kustomize does; names with the kustomizations' prefix and suffix).
 * Occurrences are ordered by file and document index, and every one after the first is reported,
 * naming the first: a file shared by several scopes yields the same finding in each, which the
 * pipeline's dedupe of identical findings folds into one.
 */
export const duplicateResource: EnvironmentRule = {
  id: 'duplicate-resource',
  defaultSeverity: 'error',
  description: 'The same group/kind/namespace/name is defined twice in one environment.',
  scope: 'environment',
  check({ environment, context }) {
    const clusterKinds = clusterScopedCustomKinds(environment.documents);
    const byKey = new Map<string, Occurrence[]>();
    for (const document of environment.documents) {
      const identity = document.identity;
      if (!identity || identity.name === '' || identity.group === 'kustomize.config.k8s.io') continue;
      const clusterScoped = isClusterScoped(identity, clusterKinds);
      const namespace = clusterScoped ? '' : effectiveNamespace(environment, document, clusterKinds) ?? 'default';
      const transform = environment.transforms?.get(document);
      const name = transform ? `${transform.namePrefix}${identity.name}${transform.nameSuffix}` : identity.name;
      // Length-prefixed parts make the key unambiguous without JSON (this runs for every document on every edit).
      const key = `${identity.group.length}:${identity.group}${identity.kind.length}:${identity.kind}${namespace.length}:${namespace}${name}`;
      const occurrence = { document, clusterScoped, namespace, name };
      const list = byKey.get(key);
      if (list) list.push(occurrence);
      else byKey.set(key, [occurrence]);
    }
    const findings: DocumentFinding[] = [];
    for (const list of byKey.values()) {
      if (list.length < 2) continue;
      const sorted = [...list].sort((a, b) => compare(a.document, b.document));
      const first = sorted[0].document;
      const where = `${repoRelativePath(context.repo.root, first.file)}:${documentLine(first)}`;
      for (const { document, clusterScoped, namespace, name } of sorted.slice(1)) {
        const identity = document.identity as ResourceIdentity;
        const group = identity.group === '' ? '' : `${identity.group}/`;
        const label = `${group}${identity.kind} "${clusterScoped ? name : `${namespace}/${name}`}"`;
        findings.push({ document, path: ['metadata', 'name'], message: `${label} is defined twice in this environment; first defined at ${where}` });
      }
    }
    return findings;
  },
};

/** Occurrence is one document defining an object, with what its key was made of. */
interface Occurrence {
  document: ManifestDocument;
  clusterScoped: boolean;
  namespace: string;
  name: string;
}

function compare(a: ManifestDocument, b: ManifestDocument): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.index - b.index;
}
