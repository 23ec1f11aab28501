import type { ManifestDocument, ResourceIdentity } from '../../manifests/ManifestDocument';
import { asList, asMap, asText, valueAt, type PlainMap } from '../../manifests/plainData';
import type { RuleFinding, YamlPath } from '../Finding';
import type { DocumentFinding, EnvironmentRule } from '../Rule';
import type { ValidationScope } from '../ValidationScope';
import { clusterScopedCustomKinds } from './support/clusterScopedCustomKinds';
import { documentDefinitions, type DefinedKind, type DocumentDefinitions } from './support/documentDefinitions';
import { effectiveNamespace } from './support/effectiveNamespace';
import { environmentInventory, ownClaimTemplates, sameNamespace, type Defined, type EnvironmentInventory, type InventoryWorkload, type PlacedDefinitions } from './support/environmentInventory';
import { podReferences, type ReferencedKind } from './support/podReferences';
import { podTemplates, type PodTemplate } from './support/podTemplates';
import { scopeWorkloads, type Workload } from './support/scopeWorkloads';
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
    if (!memo) return checkOnce(environment, clusterKinds);
    const settings = JSON.stringify([environment.name, environment.generated, [...clusterKinds]]);
    const seen: Seen[] = documents.map((document) => ({ document, namespace: document.identity ? effectiveNamespace(environment, document, clusterKinds) : undefined, findings: noFindings }));
    const previous = lastRuns.get(memo);
    const run = (previous?.settings === settings ? recheck(previous, seen, environment) : undefined) ?? checkAll(seen, environment, clusterKinds, settings);
    lastRuns.set(memo, run);
    const findings: DocumentFinding[] = [];
    run.seen.forEach((entry, index) => {
      for (const finding of entry.findings) findings.push({ ...finding, document: documents[index] });
    });
    return findings;
  },
};

/**
 * checkOnce is a run that nothing remembers (one-shot validation): the findings of checkAll,
 * without keeping what each document was seen as and defined, or anything per value.
 */
function checkOnce(environment: ValidationScope, clusterKinds: ReadonlySet<string>): DocumentFinding[] {
  const { documents } = environment;
  const workloads = scopeWorkloads(environment).at;
  const placed: PlacedDefinitions[] = [];
  // The documents that can refer to something: workloads, Services, Ingresses.
  const referring: Array<{ document: ManifestDocument; namespace: string | undefined; workload: Omit<Workload, 'document'> }> = [];
  // forEach rather than for…of: this runs once per document of every scope, mostly before the
  // code is optimized, where for…of pays for an iterator at every step.
  documents.forEach((document, index) => {
    const identity = document.identity;
    if (!identity) return;
    const namespace = effectiveNamespace(environment, document, clusterKinds);
    const workload = workloads[index];
    // Documents that define nothing add nothing to the inventory.
    const definitions = documentDefinitions(document, identity, { templates: workload?.templates ?? noTemplates });
    if (definesSomething(definitions)) placed.push({ identity, namespace, definitions });
    if (workload || mayRefer(identity)) referring.push({ document, namespace, workload: workload ?? noWorkload });
  });
  const inventory = environmentInventory({ generated: environment.generated, clusterScopedCustomKinds: clusterKinds, placed });
  const findings: DocumentFinding[] = [];
  referring.forEach(({ document, namespace, workload }) => {
    checkDocument(environment, document, namespace, inventory, false, workload).forEach((finding) => findings.push({ ...finding, document }));
  });
  return findings;
}

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

/** checkAll checks every document of a memo's run, remembering what is worked out per value. */
function checkAll(seen: Seen[], environment: ValidationScope, clusterKinds: ReadonlySet<string>, settings: string): Run {
  const inventory = environmentInventory({ generated: environment.generated, clusterScopedCustomKinds: clusterKinds, placed: placedOf(seen, true) });
  for (const entry of seen) entry.findings = checkDocument(environment, entry.document, entry.namespace, inventory, true);
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
  for (const { document, namespace } of seen) if (document.identity) placed.push({ identity: document.identity, namespace, definitions: documentDefinitions(document, document.identity, { remember }) });
  return placed;
}

/** sameDefinitions: two document lists add the same entries, in the same order, to an inventory. */
function sameDefinitions(a: readonly PlacedDefinitions[], b: readonly PlacedDefinitions[]): boolean {
  const x = a.filter((placed) => definesSomething(placed.definitions));
  const y = b.filter((placed) => definesSomething(placed.definitions));
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

function definesSomething(definitions: DocumentDefinitions): boolean {
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

const noTemplates: readonly PodTemplate[] = [];
const noWorkload: Omit<Workload, 'document'> = { templates: noTemplates, containers: [] };

/**
 * checkDocument finds what one document refers to and its environment does not define. A one-shot
 * run gives the document's pod templates and containers (see scopeWorkloads).
 */
function checkDocument(environment: ValidationScope, document: ManifestDocument, namespace: string | undefined, inventory: EnvironmentInventory, remember: boolean, workload?: Omit<Workload, 'document'>): RuleFinding[] {
  const identity = document.identity;
  if (!identity) return noFindings;
  // Most documents have no findings: the list is made for the first one.
  let findings: RuleFinding[] | undefined;

  const templates = workload?.templates ?? podTemplates(document, remember);
  for (let templateIndex = 0; templateIndex < templates.length; templateIndex++) {
    const template = templates[templateIndex];
    // Only claims ask for the StatefulSet's own claim templates.
    let ownClaims: Set<string> | undefined;
    const reported = (kind: ReferencedKind, name: string): boolean => {
      if (kind === 'ConfigMap' && alwaysPresentConfigMaps.has(name)) return false;
      if (kind === 'PersistentVolumeClaim' && ((ownClaims ??= ownClaimTemplates(document)).has(name) || fromClaimTemplate(inventory, name, namespace))) return false;
      return !isDefined(inventory, kind, name, namespace);
    };
    // A remembered list holds every reference; otherwise only the reported ones are listed (and get a path).
    const references = remember ? podReferences(template, { remember }) : podReferences(template, { select: reported, containers: workload?.containers[templateIndex] });
    references.forEach((reference) => {
      if (!remember || reported(reference.kind, reference.name)) (findings ??= []).push(missingFinding({ environment, inventory, namespace, kind: reference.kind, name: reference.name, path: reference.path }));
    });
  }

  if (isService(identity)) {
    const finding = selectorFinding(environment, inventory, document, namespace, remember);
    if (finding) (findings ??= []).push(finding);
  }

  if (isIngress(identity)) {
    for (const { name, path } of ingressBackends(document.value)) {
      if (!isDefined(inventory, 'Service', name, namespace)) (findings ??= []).push(missingFinding({ environment, inventory, namespace, kind: 'Service', name, path }));
    }
  }
  return findings ?? noFindings;
}

/** mayRefer: besides workloads, documents of these kinds refer to others (see checkDocument). */
function mayRefer(identity: ResourceIdentity): boolean {
  return isService(identity) || isIngress(identity);
}

function isService(identity: ResourceIdentity): boolean {
  return identity.group === '' && identity.kind === 'Service';
}

function isIngress(identity: ResourceIdentity): boolean {
  return identity.group === 'networking.k8s.io' && identity.kind === 'Ingress' && identity.apiVersion === 'networking.k8s.io/v1';
}

/** isDefined: the environment defines an object of the kind and name in the namespace (see sameNamespace). */
function isDefined(inventory: EnvironmentInventory, kind: DefinedKind, name: string, namespace: string | undefined): boolean {
  const defined = definitionsNamed(inventory, kind, name);
  for (let index = 0; index < defined.length; index++) if (sameNamespace(defined[index].namespace, namespace)) return true;
  return false;
}

/** missingFinding reports a reference to what the environment does not define, naming a namespace that has one. */
function missingFinding(args: { environment: ValidationScope; inventory: EnvironmentInventory; namespace: string | undefined; kind: DefinedKind; name: string; path: YamlPath }): RuleFinding {
  const { kind, name, namespace } = args;
  const elsewhere = definitionsNamed(args.inventory, kind, name)[0];
  const hint = elsewhere?.namespace !== undefined ? ` (one is defined in namespace "${elsewhere.namespace}", not in "${namespace}")` : '';
  return { path: args.path, message: `${kind} "${name}" is not defined in environment ${args.environment.name}${hint}` };
}

/** definitionsNamed lists the definitions of a kind with a name, in document order. */
function definitionsNamed(inventory: EnvironmentInventory, kind: DefinedKind, name: string): readonly Defined[] {
  return inventory.named(kind).get(name) ?? noDefinitions;
}

const noDefinitions: readonly Defined[] = [];

/** fromClaimTemplate: the claim is one a StatefulSet creates, `<template>-<statefulset>-<ordinal>`. */
function fromClaimTemplate(inventory: EnvironmentInventory, claim: string, namespace: string | undefined): boolean {
  return inventory.claimTemplates().some(({ template, statefulSet, namespace: claimNamespace }) =>
    sameNamespace(claimNamespace, namespace) && claim.startsWith(`${template}-${statefulSet}-`) && /^\d+$/.test(claim.slice(template.length + statefulSet.length + 2)));
}

const noPairs: ReadonlyArray<[string, unknown]> = [];
const noWorkloads: readonly InventoryWorkload[] = [];
const selectorPairs = new WeakMap<object, ReadonlyArray<[string, unknown]>>();

/** selectorOf is a Service's scalar selector pairs, none for ExternalName (see rememberedPerValue). */
function selectorOf(value: unknown, remember: boolean): ReadonlyArray<[string, unknown]> {
  return rememberedPerValue(selectorPairs, value, remember, () => {
    const spec = asMap(asMap(value)?.spec);
    const selector = asMap(spec?.selector);
    return !spec || !selector || spec.type === 'ExternalName' ? noPairs : Object.entries(selector).filter(([, item]) => typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean');
  });
}

/** selectorFinding: a Service whose selector matches the pod labels of no workload of its namespace. */
function selectorFinding(environment: ValidationScope, inventory: EnvironmentInventory, document: ManifestDocument, namespace: string | undefined, remember: boolean): RuleFinding | undefined {
  const pairs = selectorOf(document.value, remember);
  if (pairs.length === 0) return undefined;
  // pair[0] and pair[1] rather than [key, value] = pair: once per Service of every scope, mostly
  // before the code is optimized, where destructuring pays for an iterator.
  const candidates = inventory.labelled(pairs[0][0]).get(String(pairs[0][1])) ?? noWorkloads;
  const matches = candidates.some(({ labels, namespace: workloadNamespace }) =>
    sameNamespace(workloadNamespace, namespace) && pairs.every((pair) => labels[pair[0]] !== undefined && String(labels[pair[0]]) === String(pair[1])));
  if (matches) return undefined;
  const shown = pairs.map(([key, value]) => `${key}=${String(value)}`).join(', ');
  return {
    path: ['spec', 'selector'],
    target: 'key',
    message: `Service "${document.identity?.name ?? ''}" selects ${shown}, but no workload in environment ${environment.name} has these pod labels`,
  };
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
