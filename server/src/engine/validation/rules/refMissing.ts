import type { ManifestDocument } from '../../manifests/ManifestDocument';
import { asList, asMap, asText, valueAt, type PlainMap } from '../../manifests/plainData';
import type { RuleFinding, YamlPath } from '../Finding';
import type { DocumentFinding, EnvironmentRule } from '../Rule';
import type { ValidationScope } from '../ValidationScope';
import { clusterScopedCustomKinds } from './support/clusterScopedCustomKinds';
import { documentDefinitions, type DefinedKind } from './support/documentDefinitions';
import { effectiveNamespace } from './support/effectiveNamespace';
import { environmentInventory, ownClaimTemplates, sameNamespace, type Defined, type EnvironmentInventory, type PlacedDefinitions } from './support/environmentInventory';
import { podReferences } from './support/podReferences';
import { podTemplates } from './support/podTemplates';
import { rememberedPerValue } from './support/rememberedPerValue';

/** ConfigMaps that Kubernetes creates in every namespace. */
const alwaysPresentConfigMaps = new Set(['kube-root-ca.crt']);

/**
 * ref-missing: within one environment, a ConfigMap / Secret / ServiceAccount / PVC that a pod
 * template refers to and nothing defines; a Service whose selector matches no workload's pod
 * labels; an Ingress backend naming an undefined Service. Names are compared as written (kustomize
 * rewrites references along with prefixed names); namespaces only when both sides have one.
 *
 * A document's findings depend on itself, its namespace and what the environment defines. With a
 * memo, an edit that leaves the definitions as they were re-checks only the documents it changed.
 */
export const refMissing: EnvironmentRule = {
  id: 'ref-missing',
  defaultSeverity: 'warning',
  description: 'A ConfigMap, Secret, ServiceAccount, PVC or Service referenced in an environment is not defined in it, or a Service selects no workload.',
  scope: 'environment',
  check({ environment, memo }) {
    const { documents } = environment;
    const clusterKinds = clusterScopedCustomKinds(documents);
    const settings = JSON.stringify([environment.name, environment.generated, [...clusterKinds]]);
    const seen: Seen[] = documents.map((document) => ({ document, namespace: document.identity ? effectiveNamespace(environment, document, clusterKinds) : undefined, findings: noFindings }));
    const previous = memo ? lastRuns.get(memo) : undefined;
    const remember = memo !== undefined;
    const run = (previous?.settings === settings ? recheck(previous, seen, environment) : undefined) ?? checkAll(seen, environment, clusterKinds, settings, remember);
    if (memo) lastRuns.set(memo, run);
    const findings: DocumentFinding[] = [];
    run.seen.forEach((entry, index) => {
      for (const finding of entry.findings) findings.push({ ...finding, document: documents[index] });
    });
    return findings;
  },
};

const noFindings: RuleFinding[] = [];

/** Seen is one document of the environment as a run saw it, with its findings (without the document). */
interface Seen {
  document: ManifestDocument;
  namespace: string | undefined;
  findings: RuleFinding[];
}

/** Run is what one run of the rule on a scope saw and found. */
interface Run {
  settings: string;
  seen: Seen[];
  inventory: EnvironmentInventory;
}

const lastRuns = new WeakMap<object, Run>();

function checkAll(seen: Seen[], environment: ValidationScope, clusterKinds: ReadonlySet<string>, settings: string, remember: boolean): Run {
  const inventory = environmentInventory({ generated: environment.generated, clusterScopedCustomKinds: clusterKinds, placed: placedOf(seen, remember) });
  for (const entry of seen) entry.findings = checkDocument(environment, entry.document, entry.namespace, inventory, remember);
  return { settings, seen, inventory };
}

/**
 * recheck reuses the last run when the documents it did not see the same way (same value, same
 * namespace) between the unchanged start and end of the environment define exactly what they did:
 * then only those documents are checked. Undefined when the definitions changed.
 */
function recheck(previous: Run, seen: Seen[], environment: ValidationScope): Run | undefined {
  const before = previous.seen;
  const shorter = Math.min(before.length, seen.length);
  let head = 0;
  while (head < shorter && sameDocument(before[head], seen[head])) head++;
  let tail = 0;
  while (tail < shorter - head && sameDocument(before[before.length - 1 - tail], seen[seen.length - 1 - tail])) tail++;
  const changedNow = seen.slice(head, seen.length - tail);
  if (!sameDefinitions(placedOf(before.slice(head, before.length - tail), true), placedOf(changedNow, true))) return undefined;
  for (const entry of changedNow) entry.findings = checkDocument(environment, entry.document, entry.namespace, previous.inventory, true);
  return { settings: previous.settings, seen: [...before.slice(0, head), ...changedNow, ...before.slice(before.length - tail)], inventory: previous.inventory };
}

/** sameDocument: the same parse of the same text, in the same namespace (so the same findings). */
function sameDocument(a: Seen, b: Seen): boolean {
  return a.document.value === b.document.value && a.namespace === b.namespace && (a.document.identity === undefined) === (b.document.identity === undefined);
}

function placedOf(seen: readonly Seen[], remember: boolean): PlacedDefinitions[] {
  const placed: PlacedDefinitions[] = [];
  for (const { document, namespace } of seen) if (document.identity) placed.push({ identity: document.identity, namespace, definitions: documentDefinitions(document, document.identity, remember) });
  return placed;
}

/** sameDefinitions: two document lists add the same entries, in the same order, to an inventory. */
function sameDefinitions(a: readonly PlacedDefinitions[], b: readonly PlacedDefinitions[]): boolean {
  const x = a.filter(definesSomething);
  const y = b.filter(definesSomething);
  if (x.length !== y.length) return false;
  return x.every((left, index) => {
    const right = y[index];
    if (left.namespace !== right.namespace) return false;
    if (left.definitions === right.definitions && left.identity.name === right.identity.name) return true;
    return sameList(left.definitions.named, right.definitions.named, (p, q) => p[0] === q[0] && p[1] === q[1]) &&
      sameList(left.definitions.claimTemplates, right.definitions.claimTemplates, (p, q) => p === q) &&
      (left.definitions.claimTemplates.length === 0 || left.identity.name === right.identity.name) &&
      sameList(left.definitions.workloadLabels, right.definitions.workloadLabels, sameLabels);
  });
}

function definesSomething(placed: PlacedDefinitions): boolean {
  const { definitions } = placed;
  return definitions.named.length > 0 || definitions.claimTemplates.length > 0 || definitions.workloadLabels.length > 0;
}

function sameList<T>(a: readonly T[], b: readonly T[], same: (p: T, q: T) => boolean): boolean {
  return a.length === b.length && a.every((item, index) => same(item, b[index]));
}

function sameLabels(a: PlainMap, b: PlainMap): boolean {
  const keys = Object.keys(a);
  const other = Object.keys(b);
  return keys.length === other.length && keys.every((key, index) => key === other[index] && a[key] === b[key]);
}

/** checkDocument finds what one document refers to and its environment does not define. */
function checkDocument(environment: ValidationScope, document: ManifestDocument, namespace: string | undefined, inventory: EnvironmentInventory, remember: boolean): RuleFinding[] {
  const identity = document.identity;
  if (!identity) return [];
  const findings: RuleFinding[] = [];
  const missing = (kind: DefinedKind, name: string, path: YamlPath): void => {
    const defined = definitionsNamed(inventory, kind, name);
    if (defined.some((item) => sameNamespace(item.namespace, namespace))) return;
    const elsewhere = defined[0];
    const hint = elsewhere?.namespace !== undefined ? ` (one is defined in namespace "${elsewhere.namespace}", not in "${namespace}")` : '';
    findings.push({ path, message: `${kind} "${name}" is not defined in environment ${environment.name}${hint}` });
  };

  for (const template of podTemplates(document, remember)) {
    const ownClaims = ownClaimTemplates(document);
    for (const reference of podReferences(template, remember)) {
      if (reference.kind === 'ConfigMap' && alwaysPresentConfigMaps.has(reference.name)) continue;
      if (reference.kind === 'PersistentVolumeClaim' && (ownClaims.has(reference.name) || fromClaimTemplate(inventory, reference.name, namespace))) continue;
      missing(reference.kind, reference.name, reference.path);
    }
  }

  if (identity.group === '' && identity.kind === 'Service') findings.push(...checkServiceSelector(environment, workloadsByLabel(inventory, remember), document, namespace, remember));

  if (identity.group === 'networking.k8s.io' && identity.kind === 'Ingress' && identity.apiVersion === 'networking.k8s.io/v1') {
    for (const { name, path } of ingressBackends(document.value)) missing('Service', name, path);
  }
  return findings;
}

// Indexes by name and by pod label keep large environments linear instead of quadratic; they
// live as long as their inventory, which a memo keeps across runs.
const nameIndexes = new WeakMap<EnvironmentInventory, Map<DefinedKind, Map<string, Defined[]>>>();

/** definitionsNamed lists the definitions of a kind with a name, in document order. */
function definitionsNamed(inventory: EnvironmentInventory, kind: DefinedKind, name: string): readonly Defined[] {
  let byKind = nameIndexes.get(inventory);
  if (!byKind) {
    byKind = new Map();
    nameIndexes.set(inventory, byKind);
  }
  let index = byKind.get(kind);
  if (!index) {
    index = new Map();
    for (const item of inventory.named[kind]) {
      const list = index.get(item.name);
      if (list) list.push(item);
      else index.set(item.name, [item]);
    }
    byKind.set(kind, index);
  }
  return index.get(name) ?? [];
}

/** fromClaimTemplate: the claim is one a StatefulSet creates, `<template>-<statefulset>-<ordinal>`. */
function fromClaimTemplate(inventory: EnvironmentInventory, claim: string, namespace: string | undefined): boolean {
  return inventory.claimTemplates.some(({ template, statefulSet, namespace: claimNamespace }) =>
    sameNamespace(claimNamespace, namespace) && claim.startsWith(`${template}-${statefulSet}-`) && /^\d+$/.test(claim.slice(template.length + statefulSet.length + 2)));
}

type WorkloadsByLabel = Map<string, EnvironmentInventory['workloads']>;
const workloadIndexes = new WeakMap<EnvironmentInventory, WorkloadsByLabel>();

/** workloadsByLabel indexes workloads by each `key=value` pod label, once per inventory. */
function workloadsByLabel(inventory: EnvironmentInventory, remember: boolean): WorkloadsByLabel {
  let index = workloadIndexes.get(inventory);
  if (index) return index;
  index = new Map();
  for (const workload of inventory.workloads) {
    for (const label of labelsOf(workload.labels, remember)) {
      const list = index.get(label);
      if (list) list.push(workload);
      else index.set(label, [workload]);
    }
  }
  workloadIndexes.set(inventory, index);
  return index;
}

// Pod labels are plain data of a document value, the same object while its text is unchanged.
const labelLists = new WeakMap<PlainMap, readonly string[]>();

/** labelsOf lists a label map as `key=value` texts (see rememberedPerValue). */
function labelsOf(labels: PlainMap, remember: boolean): readonly string[] {
  return rememberedPerValue(labelLists, labels, remember, () => Object.entries(labels).map(([key, value]) => `${key}=${String(value)}`));
}

const noPairs: ReadonlyArray<[string, unknown]> = [];
const selectorPairs = new WeakMap<object, ReadonlyArray<[string, unknown]>>();

/** selectorOf is a Service's scalar selector pairs, none for ExternalName (see rememberedPerValue). */
function selectorOf(value: unknown, remember: boolean): ReadonlyArray<[string, unknown]> {
  return rememberedPerValue(selectorPairs, value, remember, () => {
    const spec = asMap(asMap(value)?.spec);
    const selector = asMap(spec?.selector);
    return !spec || !selector || spec.type === 'ExternalName' ? noPairs : Object.entries(selector).filter(([, item]) => typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean');
  });
}

function checkServiceSelector(environment: ValidationScope, workloads: WorkloadsByLabel, document: ManifestDocument, namespace: string | undefined, remember: boolean): RuleFinding[] {
  const pairs = selectorOf(document.value, remember);
  if (pairs.length === 0) return [];
  const candidates = workloads.get(`${pairs[0][0]}=${String(pairs[0][1])}`) ?? [];
  const matches = candidates.some(({ labels, namespace: workloadNamespace }) =>
    sameNamespace(workloadNamespace, namespace) && pairs.every(([key, value]) => labels[key] !== undefined && String(labels[key]) === String(value)));
  if (matches) return [];
  const shown = pairs.map(([key, value]) => `${key}=${String(value)}`).join(', ');
  return [{
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
