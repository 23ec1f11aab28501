import type { ManifestDocument } from '../manifests/ManifestDocument';
import type { KustomizeImage } from '../manifests/readKustomization';

/** DocumentTransform is what the kustomizations that bring a document into a scope do to it. */
export interface DocumentTransform {
  /** Namespace forced on the document's namespaced objects (the outermost kustomization's wins). */
  namespace?: string;
  /** Accumulated namePrefix / nameSuffix (outer prefixes first, outer suffixes last). */
  namePrefix: string;
  nameSuffix: string;
  /** The kustomizations' `images:` entries, innermost kustomization first. */
  images: readonly KustomizeImage[];
}

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
  /**
   * Per-document kustomize effects for documents reached through (nested) kustomizations; a
   * document's transform namespace applies when namespaceOverride (the outermost) is not set.
   */
  transforms?: ReadonlyMap<ManifestDocument, DocumentTransform>;
}
