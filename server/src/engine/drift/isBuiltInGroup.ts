/**
 * The API groups the Kubernetes API server itself serves (typed Go structs, server defaulting, omitempty
 * encoding). Groups of custom resources that merely end in `.k8s.io` (gateway.networking.k8s.io,
 * snapshot.storage.k8s.io, autoscaling.k8s.io for the VPA…) are not among them.
 */
const builtInGroups = new Set([
  '',
  'apps',
  'batch',
  'autoscaling',
  'policy',
  'extensions',
  'networking.k8s.io',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'scheduling.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'node.k8s.io',
  'certificates.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'events.k8s.io',
  'resource.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'internal.apiserver.k8s.io',
  'storagemigration.k8s.io',
]);

/** isBuiltInGroup tells whether objects of an API group are built-in kinds (not custom resources). */
export function isBuiltInGroup(group: string): boolean {
  return builtInGroups.has(group);
}
