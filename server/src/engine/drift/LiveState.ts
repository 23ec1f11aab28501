import type { PlainMap } from '../manifests/plainData';

/** OwnershipMarkers are what says a live object belongs to an environment, as its reconciler marks it. */
export interface OwnershipMarkers {
  /** Flux Kustomizations (labels kustomize.toolkit.fluxcd.io/name and /namespace). */
  fluxKustomizations: { name: string; namespace: string }[];
  /** Flux `.status.inventory.entries[].id` values (`<ns>_<name>_<group>_<kind>`) of those Kustomizations. */
  fluxInventory: string[];
  /** Argo CD Application names (tracking-id annotation `<app>:<group>/<kind>:<ns>/<name>`, legacy label app.kubernetes.io/instance). */
  argoApplications: string[];
  /** The environment's ApplySet id (label applyset.kubernetes.io/part-of), when it was synced by push. */
  applySetId?: string;
}

/** LiveState is what the cluster holds for an environment, read by the cluster adapter for the drift core. */
export interface LiveState {
  /** Live objects of the desired objects, keyed by objectKey (namespaces resolved). */
  objects: Map<string, PlainMap>;
  /** Desired objects whose live state could not be read, keyed by objectKey, with the reason (403 on the kind, kind not served…). */
  unknown: Map<string, string>;
  /** Live objects listed because they may belong to the environment (same kinds, ownership labels); computeDrift decides which are extra. Each must carry apiVersion and kind (LIST items do not: set them from the list). */
  candidates: PlainMap[];
  markers: OwnershipMarkers;
}
