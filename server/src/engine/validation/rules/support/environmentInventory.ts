import type { ManifestDocument, ResourceIdentity } from '../../../manifests/ManifestDocument';
import { asList, asMap, asText, valueAt, type PlainMap } from '../../../manifests/plainData';
import type { ValidationScope } from '../../ValidationScope';
import type { DefinedKind, DocumentDefinitions } from './documentDefinitions';

/** Defined is an object name, with its namespace when the repository says. */
export interface Defined {
  name: string;
  namespace?: string;
}

/** ClaimTemplate is a StatefulSet's volume claim template: the PVCs `<template>-<statefulset>-<ordinal>` it creates. */
export interface ClaimTemplate {
  template: string;
  statefulSet: string;
  namespace?: string;
}

/** InventoryWorkload is the pod labels of one workload template, in the namespace it lands in. */
export interface InventoryWorkload {
  labels: PlainMap;
  namespace?: string;
}

/**
 * EnvironmentInventory is what one environment defines, for reference checks. Each list or index
 * is made on first use (a scope's checks mostly ask for one or two kinds) and kept as long as the
 * inventory, which a memo keeps across runs; the indexes keep large environments linear.
 */
export interface EnvironmentInventory {
  /** The definitions of a kind by name, each list in document order (generated names first). */
  named(kind: DefinedKind): ReadonlyMap<string, readonly Defined[]>;
  claimTemplates(): readonly ClaimTemplate[];
  /** The workloads whose pod labels have `key` (as Object.entries gives them), by its value as text, in document order. */
  labelled(key: string): ReadonlyMap<string, readonly InventoryWorkload[]>;
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
export function environmentInventory(args: { generated: ValidationScope['generated']; clusterScopedCustomKinds: ReadonlySet<string>; placed: readonly PlacedDefinitions[] }): EnvironmentInventory {
  return new Inventory(args.generated, args.placed, args.clusterScopedCustomKinds);
}

class Inventory implements EnvironmentInventory {
  private readonly byKind = new Map<DefinedKind, Map<string, Defined[]>>();
  private claims?: ClaimTemplate[];
  private readonly byLabel = new Map<string, Map<string, InventoryWorkload[]>>();

  constructor(private readonly generated: ValidationScope['generated'], private readonly placed: readonly PlacedDefinitions[], readonly clusterScopedCustomKinds: ReadonlySet<string>) {}

  named(kind: DefinedKind): ReadonlyMap<string, readonly Defined[]> {
    let index = this.byKind.get(kind);
    if (index) return index;
    const made = new Map<string, Defined[]>();
    const add = (defined: Defined): void => {
      const list = made.get(defined.name);
      if (list) list.push(defined);
      else made.set(defined.name, [defined]);
    };
    if (kind === 'ConfigMap') this.generated.configMaps.forEach((name) => add({ name }));
    if (kind === 'Secret') this.generated.secrets.forEach((name) => add({ name }));
    // forEach and entry[0] rather than for…of and destructuring: this reads every document of every
    // scope, mostly before the code is optimized, where those pay for an iterator each.
    this.placed.forEach(({ namespace, definitions }) => {
      definitions.named.forEach((entry) => {
        if (entry[0] === kind) add({ name: entry[1], namespace });
      });
    });
    this.byKind.set(kind, (index = made));
    return index;
  }

  claimTemplates(): readonly ClaimTemplate[] {
    if (this.claims) return this.claims;
    const claims: ClaimTemplate[] = [];
    this.placed.forEach(({ identity, namespace, definitions }) => {
      definitions.claimTemplates.forEach((template) => claims.push({ template, statefulSet: identity.name, namespace }));
    });
    return (this.claims = claims);
  }

  labelled(key: string): ReadonlyMap<string, readonly InventoryWorkload[]> {
    let index = this.byLabel.get(key);
    if (index) return index;
    const made = new Map<string, InventoryWorkload[]>();
    this.placed.forEach(({ namespace, definitions }) => {
      definitions.workloadLabels.forEach((labels) => {
        if (!Object.prototype.propertyIsEnumerable.call(labels, key)) return;
        const value = String(labels[key]);
        const list = made.get(value);
        if (list) list.push({ labels, namespace });
        else made.set(value, [{ labels, namespace }]);
      });
    });
    this.byLabel.set(key, (index = made));
    return index;
  }
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
