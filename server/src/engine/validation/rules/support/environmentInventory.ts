import type { ManifestDocument, ResourceIdentity } from '../../../manifests/ManifestDocument';
import { asList, asMap, asText, valueAt, type PlainMap } from '../../../manifests/plainData';
import type { ValidationScope } from '../../ValidationScope';
import type { DefinedKind, DocumentDefinitions } from './documentDefinitions';

/** Defined is an object name, with its namespace when the repository says. */
export interface Defined {
  name: string;
  namespace?: string;
}

/** EnvironmentInventory is what one environment defines, for reference checks. */
export interface EnvironmentInventory {
  named: Record<DefinedKind, Defined[]>;
  /** StatefulSet volumeClaimTemplates: the PVCs `<template>-<statefulset>-<ordinal>` they create. */
  claimTemplates: { template: string; statefulSet: string; namespace?: string }[];
  /** Pod labels of every workload template. */
  workloads: { labels: PlainMap; namespace?: string }[];
  clusterScopedCustomKinds: ReadonlySet<string>;
}

/** PlacedDefinitions is what one document of an environment defines, in the namespace it lands in. */
export interface PlacedDefinitions {
  identity: ResourceIdentity;
  namespace: string | undefined;
  definitions: DocumentDefinitions;
}

/**
 * environmentInventory lists what a scope defines, from its documents' definitions (in document
 * order, see documentDefinitions) and the names its kustomize generators produce.
 */
export function environmentInventory(args: { generated: ValidationScope['generated']; clusterScopedCustomKinds: ReadonlySet<string>; placed: Iterable<PlacedDefinitions> }): EnvironmentInventory {
  const inventory: EnvironmentInventory = {
    named: { ConfigMap: [], Secret: [], ServiceAccount: [], PersistentVolumeClaim: [], Service: [] },
    claimTemplates: [],
    workloads: [],
    clusterScopedCustomKinds: args.clusterScopedCustomKinds,
  };
  for (const name of args.generated.configMaps) inventory.named.ConfigMap.push({ name });
  for (const name of args.generated.secrets) inventory.named.Secret.push({ name });
  for (const { identity, namespace, definitions } of args.placed) {
    for (const [kind, name] of definitions.named) inventory.named[kind].push({ name, namespace });
    for (const template of definitions.claimTemplates) inventory.claimTemplates.push({ template, statefulSet: identity.name, namespace });
    for (const labels of definitions.workloadLabels) inventory.workloads.push({ labels, namespace });
  }
  return inventory;
}

/** sameNamespace compares namespaces only when both sides have one. */
export function sameNamespace(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

/** ownClaimTemplates are the claim template names of a StatefulSet document, which its own pods mount by name. */
export function ownClaimTemplates(document: ManifestDocument): Set<string> {
  const names = new Set<string>();
  if (document.identity?.kind !== 'StatefulSet' || document.identity.group !== 'apps') return names;
  for (const item of asList(valueAt(document.value, ['spec', 'volumeClaimTemplates']))) {
    const name = asText(asMap(asMap(item)?.metadata)?.name);
    if (name !== undefined) names.add(name);
  }
  return names;
}
