import type { ResourceIdentity } from '../../../manifests/ManifestDocument';

const clusterScopedKinds = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition',
  'StorageClass', 'VolumeAttachment', 'CSIDriver', 'CSINode', 'VolumeAttributesClass', 'PriorityClass', 'RuntimeClass',
  'IngressClass', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding', 'APIService',
  'CertificateSigningRequest', 'ClusterTrustBundle', 'PodSecurityPolicy', 'FlowSchema', 'PriorityLevelConfiguration',
  'ComponentStatus', 'IPAddress', 'ServiceCIDR', 'DeviceClass', 'ResourceSlice', 'StorageVersionMigration',
  'ClusterIssuer', 'ClusterSecretStore', 'ClusterExternalSecret', 'ClusterPolicy', 'ClusterPolicyReport',
]);

/**
 * isClusterScoped says whether objects of a kind have no namespace: the built-in cluster-scoped
 * kinds, a few well-known custom ones, and custom kinds listed as "group/Kind" in `clusterScopedCustomKinds`.
 */
export function isClusterScoped(identity: ResourceIdentity, clusterScopedCustomKinds?: ReadonlySet<string>): boolean {
  // Most environments define no cluster-scoped CRD: skip building the key then.
  if (clusterScopedCustomKinds && clusterScopedCustomKinds.size > 0 && clusterScopedCustomKinds.has(`${identity.group}/${identity.kind}`)) return true;
  return clusterScopedKinds.has(identity.kind);
}
