import type { ManifestDocument } from '../../../manifests/ManifestDocument';
import { asList, asMap, asText, valueAt, type PlainMap } from '../../../manifests/plainData';
import type { ValidationScope } from '../../ValidationScope';
import { clusterScopedCustomKinds } from './clusterScopedCustomKinds';
import { effectiveNamespace } from './effectiveNamespace';
import type { ReferencedKind } from './podReferences';
import { podTemplates } from './podTemplates';

/** Defined is an object name, with its namespace when the repository says. */
export interface Defined {
  name: string;
  namespace?: string;
}

/** EnvironmentInventory is what one environment defines, for reference checks. */
export interface EnvironmentInventory {
  named: Record<ReferencedKind | 'Service', Defined[]>;
  /** StatefulSet volumeClaimTemplates: the PVCs `<template>-<statefulset>-<ordinal>` they create. */
  claimTemplates: { template: string; statefulSet: string; namespace?: string }[];
  /** Pod labels of every workload template. */
  workloads: { labels: PlainMap; namespace?: string }[];
  clusterScopedCustomKinds: ReadonlySet<string>;
}

/**
 * environmentInventory lists what a scope defines: ConfigMaps (and configMapGenerator names);
 * Secrets from Secret, SealedSecret, ExternalSecret, cert-manager Certificate and secretGenerator;
 * ServiceAccounts; PersistentVolumeClaims and StatefulSet claim templates; Services; workloads' pod labels.
 */
export function environmentInventory(scope: ValidationScope): EnvironmentInventory {
  const clusterKinds = clusterScopedCustomKinds(scope.documents);
  const inventory: EnvironmentInventory = {
    named: { ConfigMap: [], Secret: [], ServiceAccount: [], PersistentVolumeClaim: [], Service: [] },
    claimTemplates: [],
    workloads: [],
    clusterScopedCustomKinds: clusterKinds,
  };
  for (const name of scope.generated.configMaps) inventory.named.ConfigMap.push({ name });
  for (const name of scope.generated.secrets) inventory.named.Secret.push({ name });
  for (const document of scope.documents) {
    const identity = document.identity;
    if (!identity) continue;
    const namespace = effectiveNamespace(scope, document, clusterKinds);
    const add = (kind: keyof EnvironmentInventory['named'], name: unknown): void => {
      const text = asText(name);
      if (text !== undefined) inventory.named[kind].push({ name: text, namespace });
    };
    const value = document.value;
    switch (`${identity.group}/${identity.kind}`) {
      case '/ConfigMap':
      case '/Secret':
      case '/ServiceAccount':
      case '/PersistentVolumeClaim':
      case '/Service':
        add(identity.kind as keyof EnvironmentInventory['named'], identity.name);
        break;
      case 'bitnami.com/SealedSecret':
        add('Secret', identity.name);
        add('Secret', valueAt(value, ['spec', 'template', 'metadata', 'name']));
        break;
      case 'external-secrets.io/ExternalSecret':
        add('Secret', asText(valueAt(value, ['spec', 'target', 'name'])) ?? identity.name);
        break;
      case 'cert-manager.io/Certificate':
        add('Secret', valueAt(value, ['spec', 'secretName']));
        break;
      case 'apps/StatefulSet':
        for (const item of asList(valueAt(value, ['spec', 'volumeClaimTemplates']))) {
          const template = asText(valueAt(item, ['metadata', 'name']));
          if (template !== undefined) inventory.claimTemplates.push({ template, statefulSet: identity.name, namespace });
        }
        break;
    }
    for (const template of podTemplates(document)) inventory.workloads.push({ labels: template.labels, namespace });
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
