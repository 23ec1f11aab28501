import { resourceIdentity } from '../manifests/resourceIdentity';
import { asMap, type PlainMap } from '../manifests/plainData';
import { fluxInventoryId } from './fluxInventoryId';
import type { OwnershipMarkers } from './LiveState';
import { applySetPartOfLabel, argoInstanceLabel, argoTrackingAnnotation, fluxNameLabel, fluxNamespaceLabel } from './ownershipLabels';

function stringMap(value: unknown): Record<string, string> {
  const map = asMap(value) ?? {};
  return Object.fromEntries(Object.entries(map).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/**
 * parseArgoTrackingId reads `<app>:<group>/<kind>:<namespace>/<name>` (group empty for the core group,
 * namespace empty for cluster-scoped objects; object names may contain `:`).
 */
function parseArgoTrackingId(value: string): { app: string; group: string; kind: string; namespace: string; name: string } | undefined {
  const first = value.indexOf(':');
  if (first <= 0) return undefined;
  const second = value.indexOf(':', first + 1);
  if (second < 0) return undefined;
  const groupKind = value.slice(first + 1, second);
  const namespaceName = value.slice(second + 1);
  const groupSlash = groupKind.lastIndexOf('/');
  const nameSlash = namespaceName.indexOf('/');
  if (groupSlash < 0 || nameSlash < 0) return undefined;
  return {
    app: value.slice(0, first),
    group: groupKind.slice(0, groupSlash),
    kind: groupKind.slice(groupSlash + 1),
    namespace: namespaceName.slice(0, nameSlash),
    name: namespaceName.slice(nameSlash + 1),
  };
}

/**
 * belongsToEnvironment tells why a live object belongs to the environment, or undefined when nothing
 * says it does. In order: ApplySet membership (label applyset.kubernetes.io/part-of = the environment's
 * ApplySet id); Flux inventory (`<ns>_<name>_<group>_<kind>` listed by one of the environment's
 * Kustomizations); Flux labels (kustomize.toolkit.fluxcd.io/name and /namespace naming one of them);
 * Argo CD's tracking-id annotation (`<app>:<group>/<kind>:<ns>/<name>`, which must describe this very
 * object — a copied annotation does not count, as in Argo CD); without that annotation, Argo CD's legacy
 * label app.kubernetes.io/instance (also as truncated to 63 characters).
 */
export function belongsToEnvironment(args: { object: PlainMap; markers: OwnershipMarkers }): string | undefined {
  const { object, markers } = args;
  const identity = resourceIdentity(object);
  if (!identity) return undefined;
  const metadata = asMap(object.metadata) ?? {};
  const labels = stringMap(metadata.labels);
  const annotations = stringMap(metadata.annotations);

  if (markers.applySetId && labels[applySetPartOfLabel] === markers.applySetId) {
    return `member of ApplySet ${markers.applySetId} (label ${applySetPartOfLabel})`;
  }
  const inventoryId = fluxInventoryId(identity);
  if (markers.fluxInventory.includes(inventoryId)) return `listed in the Flux inventory (${inventoryId})`;
  const fluxName = labels[fluxNameLabel];
  const fluxNamespace = labels[fluxNamespaceLabel];
  if (fluxName !== undefined && markers.fluxKustomizations.some((k) => k.name === fluxName && k.namespace === fluxNamespace)) {
    return `applied by Flux Kustomization ${fluxNamespace}/${fluxName} (labels ${fluxNameLabel}, ${fluxNamespaceLabel})`;
  }
  const trackingId = annotations[argoTrackingAnnotation];
  if (trackingId !== undefined) {
    const parsed = parseArgoTrackingId(trackingId);
    const describesObject =
      parsed !== undefined &&
      parsed.group === identity.group &&
      parsed.kind === identity.kind &&
      parsed.name === identity.name &&
      (identity.namespace === undefined || parsed.namespace === identity.namespace);
    if (parsed && describesObject && markers.argoApplications.includes(parsed.app)) {
      return `tracked by Argo CD Application ${parsed.app} (annotation ${argoTrackingAnnotation})`;
    }
    return undefined;
  }
  const instance = labels[argoInstanceLabel];
  if (instance !== undefined && instance !== '') {
    const app = markers.argoApplications.find((name) => name === instance || (name.length > 63 && name.slice(0, 63) === instance));
    if (app) return `tracked by Argo CD Application ${app} (label ${argoInstanceLabel})`;
  }
  return undefined;
}
