import { asMap, type PlainMap } from '../manifests/plainData';
import type { ResourceIdentity } from '../manifests/ManifestDocument';
import { isClusterScoped } from '../validation/rules/support/isClusterScoped';

/**
 * setDefaultNamespace gives namespaced objects without a namespace the one they would be applied
 * to (helm's release namespace, Argo CD's destination namespace, the config's `namespace`).
 * Kinds that CRDs of the environment declare cluster-scoped are left alone.
 */
export function setDefaultNamespace(args: { object: PlainMap; identity: ResourceIdentity; namespace: string; clusterScopedKinds?: ReadonlySet<string> }): void {
  const { object, identity } = args;
  if (identity.namespace !== undefined || isClusterScoped(identity, args.clusterScopedKinds)) return;
  const metadata = asMap(object.metadata) ?? {};
  object.metadata = { ...metadata, namespace: args.namespace };
  identity.namespace = args.namespace;
}
