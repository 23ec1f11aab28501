import type { ManifestDocument } from '../../manifests/ManifestDocument';
import { asList, asMap, asText, valueAt } from '../../manifests/plainData';
import type { YamlPath } from '../Finding';
import type { DocumentFinding, EnvironmentRule } from '../Rule';
import type { ValidationScope } from '../ValidationScope';
import { effectiveNamespace } from './support/effectiveNamespace';
import { environmentInventory, ownClaimTemplates, sameNamespace, type EnvironmentInventory } from './support/environmentInventory';
import { podReferences } from './support/podReferences';
import { podTemplates } from './support/podTemplates';

/** ConfigMaps that Kubernetes creates in every namespace. */
const alwaysPresentConfigMaps = new Set(['kube-root-ca.crt']);

/**
 * ref-missing: within one environment, a ConfigMap / Secret / ServiceAccount / PVC that a pod
 * template refers to and nothing defines; a Service whose selector matches no workload's pod
 * labels; an Ingress backend naming an undefined Service. Names are compared as written (kustomize
 * rewrites references along with prefixed names); namespaces only when both sides have one.
 */
export const refMissing: EnvironmentRule = {
  id: 'ref-missing',
  defaultSeverity: 'warning',
  description: 'A ConfigMap, Secret, ServiceAccount, PVC or Service referenced in an environment is not defined in it, or a Service selects no workload.',
  scope: 'environment',
  check({ environment }) {
    const inventory = environmentInventory(environment);
    // Indexes by name and by pod label keep large environments linear instead of quadratic.
    const byName = new Map<string, Map<string, Array<{ name: string; namespace?: string }>>>();
    const definitionsNamed = (kind: keyof EnvironmentInventory['named'], name: string): Array<{ name: string; namespace?: string }> => {
      let index = byName.get(kind);
      if (!index) {
        index = new Map();
        for (const item of inventory.named[kind]) {
          const list = index.get(item.name);
          if (list) list.push(item);
          else index.set(item.name, [item]);
        }
        byName.set(kind, index);
      }
      return index.get(name) ?? [];
    };
    const findings: DocumentFinding[] = [];
    for (const document of environment.documents) {
      const identity = document.identity;
      if (!identity) continue;
      const namespace = effectiveNamespace(environment, document, inventory.clusterScopedCustomKinds);
      const missing = (kind: keyof EnvironmentInventory['named'], name: string, path: YamlPath): void => {
        const defined = definitionsNamed(kind, name);
        if (defined.some((item) => sameNamespace(item.namespace, namespace))) return;
        const elsewhere = defined[0];
        const hint = elsewhere?.namespace !== undefined ? ` (one is defined in namespace "${elsewhere.namespace}", not in "${namespace}")` : '';
        findings.push({ document, path, message: `${kind} "${name}" is not defined in environment ${environment.name}${hint}` });
      };

      for (const template of podTemplates(document)) {
        const ownClaims = ownClaimTemplates(document);
        for (const reference of podReferences(template)) {
          if (reference.kind === 'ConfigMap' && alwaysPresentConfigMaps.has(reference.name)) continue;
          if (reference.kind === 'PersistentVolumeClaim' && (ownClaims.has(reference.name) || fromClaimTemplate(inventory, reference.name, namespace))) continue;
          missing(reference.kind, reference.name, reference.path);
        }
      }

      if (identity.group === '' && identity.kind === 'Service') findings.push(...checkServiceSelector(environment, workloadsByLabel(inventory), document, namespace));

      if (identity.group === 'networking.k8s.io' && identity.kind === 'Ingress' && identity.apiVersion === 'networking.k8s.io/v1') {
        for (const { name, path } of ingressBackends(document.value)) missing('Service', name, path);
      }
    }
    return findings;
  },
};

/** fromClaimTemplate: the claim is one a StatefulSet creates, `<template>-<statefulset>-<ordinal>`. */
function fromClaimTemplate(inventory: EnvironmentInventory, claim: string, namespace: string | undefined): boolean {
  return inventory.claimTemplates.some(({ template, statefulSet, namespace: claimNamespace }) =>
    sameNamespace(claimNamespace, namespace) && claim.startsWith(`${template}-${statefulSet}-`) && /^\d+$/.test(claim.slice(template.length + statefulSet.length + 2)));
}

type WorkloadsByLabel = Map<string, EnvironmentInventory['workloads']>;
const workloadIndexes = new WeakMap<EnvironmentInventory, WorkloadsByLabel>();

/** workloadsByLabel indexes workloads by each `key=value` pod label, once per inventory. */
function workloadsByLabel(inventory: EnvironmentInventory): WorkloadsByLabel {
  let index = workloadIndexes.get(inventory);
  if (index) return index;
  index = new Map();
  for (const workload of inventory.workloads) {
    for (const [key, value] of Object.entries(workload.labels)) {
      const label = `${key}=${String(value)}`;
      const list = index.get(label);
      if (list) list.push(workload);
      else index.set(label, [workload]);
    }
  }
  workloadIndexes.set(inventory, index);
  return index;
}

function checkServiceSelector(environment: ValidationScope, workloads: WorkloadsByLabel, document: ManifestDocument, namespace: string | undefined): DocumentFinding[] {
  const spec = asMap(asMap(document.value)?.spec);
  const selector = asMap(spec?.selector);
  if (!spec || !selector || spec.type === 'ExternalName') return [];
  const pairs = Object.entries(selector).filter(([, value]) => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean');
  if (pairs.length === 0) return [];
  const candidates = workloads.get(`${pairs[0][0]}=${String(pairs[0][1])}`) ?? [];
  const matches = candidates.some(({ labels, namespace: workloadNamespace }) =>
    sameNamespace(workloadNamespace, namespace) && pairs.every(([key, value]) => labels[key] !== undefined && String(labels[key]) === String(value)));
  if (matches) return [];
  const shown = pairs.map(([key, value]) => `${key}=${String(value)}`).join(', ');
  return [{
    document,
    path: ['spec', 'selector'],
    target: 'key',
    message: `Service "${document.identity?.name ?? ''}" selects ${shown}, but no workload in environment ${environment.name} has these pod labels`,
  }];
}

/** ingressBackends lists the Service names of an Ingress (networking.k8s.io/v1): defaultBackend and rule paths. */
function ingressBackends(value: unknown): { name: string; path: YamlPath }[] {
  const result: { name: string; path: YamlPath }[] = [];
  const defaultName = asText(valueAt(value, ['spec', 'defaultBackend', 'service', 'name']));
  if (defaultName !== undefined) result.push({ name: defaultName, path: ['spec', 'defaultBackend', 'service', 'name'] });
  asList(valueAt(value, ['spec', 'rules'])).forEach((rule, ruleIndex) => {
    asList(valueAt(rule, ['http', 'paths'])).forEach((item, pathIndex) => {
      const name = asText(valueAt(item, ['backend', 'service', 'name']));
      if (name !== undefined) result.push({ name, path: ['spec', 'rules', ruleIndex, 'http', 'paths', pathIndex, 'backend', 'service', 'name'] });
    });
  });
  return result;
}
