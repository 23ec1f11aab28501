import type { ManifestDocument } from '../manifests/ManifestDocument';

/**
 * ValidationScope is one environment as far as validation can tell without rendering: the inputs
 * of a top-level kustomization, the tree under a Flux or Argo CD path, or one plain directory.
 */
export interface ValidationScope {
  /** Display name, e.g. the repository-relative directory. */
  name: string;
  /** Absolute directory the scope is rooted at. */
  root: string;
  kind: 'kustomization' | 'reconciler-path' | 'directory';
  documents: ManifestDocument[];
  /** Namespace that a kustomization's `namespace:` field forces on its namespaced objects. */
  namespaceOverride?: string;
  /** Names of ConfigMaps and Secrets that kustomize generators in this scope produce. */
  generated: { configMaps: string[]; secrets: string[] };
}
