import type { ManifestDocument } from '../../../manifests/ManifestDocument';
import type { ValidationScope } from '../../ValidationScope';
import { isClusterScoped } from './isClusterScoped';

/**
 * effectiveNamespace is the namespace a document's object lands in within a scope, as far as the
 * repository says: the namespace forced by its kustomizations, else its own; undefined for
 * cluster-scoped kinds and for objects that do not say.
 */
export function effectiveNamespace(scope: ValidationScope, document: ManifestDocument, clusterScopedCustomKinds?: ReadonlySet<string>): string | undefined {
  const identity = document.identity;
  if (!identity || isClusterScoped(identity, clusterScopedCustomKinds)) return undefined;
  return scope.namespaceOverride ?? scope.transforms?.get(document)?.namespace ?? identity.namespace;
}
