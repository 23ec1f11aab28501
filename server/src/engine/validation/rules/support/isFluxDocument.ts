import type { ResourceIdentity } from '../../../manifests/ManifestDocument';

/** isFluxDocument: an object of one of Flux's APIs (source, kustomize, helm, notification, image). */
export function isFluxDocument(identity: ResourceIdentity): boolean {
  return identity.group.endsWith('.toolkit.fluxcd.io');
}
