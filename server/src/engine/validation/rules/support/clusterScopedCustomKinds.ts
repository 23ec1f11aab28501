import type { ManifestDocument } from '../../../manifests/ManifestDocument';
import { asMap, asText } from '../../../manifests/plainData';

/** clusterScopedCustomKinds lists "group/Kind" of the CRDs among the documents that say `scope: Cluster`. */
export function clusterScopedCustomKinds(documents: readonly ManifestDocument[]): Set<string> {
  const kinds = new Set<string>();
  // forEach rather than for…of: two rules ask for every scope, mostly before the code is optimized.
  documents.forEach((document) => {
    if (document.identity?.kind !== 'CustomResourceDefinition' || document.identity.group !== 'apiextensions.k8s.io') return;
    const spec = asMap(asMap(document.value)?.spec);
    const group = asText(spec?.group);
    const kind = asText(asMap(spec?.names)?.kind);
    if (spec?.scope === 'Cluster' && group !== undefined && kind !== undefined) kinds.add(`${group}/${kind}`);
  });
  return kinds;
}
