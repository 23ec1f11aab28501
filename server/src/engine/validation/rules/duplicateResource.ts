import type { ManifestDocument, ResourceIdentity } from '../../manifests/ManifestDocument';
import { repoRelativePath } from '../../manifests/repoRelativePath';
import type { DocumentFinding, EnvironmentRule } from '../Rule';
import type { DocumentTransform, ValidationScope } from '../ValidationScope';
import { clusterScopedCustomKinds } from './support/clusterScopedCustomKinds';
import { documentLine } from './support/documentLine';
import { effectiveNamespace } from './support/effectiveNamespace';
import { isClusterScoped } from './support/isClusterScoped';

/**
 * duplicate-resource: two documents of one environment define the same group/kind/namespace/name
 * (namespace after the kustomization's override; none for cluster-scoped kinds; an unset namespace
 * counts as "default", as kustomize does; names with the kustomizations' prefix and suffix).
 * Occurrences are ordered by file and document index, and every one after the first is reported,
 * naming the first: a file shared by several scopes yields the same finding in each, which the
 * pipeline's dedupe of identical findings folds into one. With a memo, an edit re-keys only the
 * documents it changed.
 */
export const duplicateResource: EnvironmentRule = {
  id: 'duplicate-resource',
  defaultSeverity: 'error',
  description: 'The same group/kind/namespace/name is defined twice in one environment.',
  scope: 'environment',
  check({ environment, context, memo }) {
    const { documents } = environment;
    // Without a memo, only documents that share a name need the cluster-scoped custom kinds: most environments have none.
    let found: ReadonlySet<string> | undefined;
    const clusterKinds = (): ReadonlySet<string> => (found ??= clusterScopedCustomKinds(documents));
    let repeated: number[][];
    if (memo) {
      // What, besides a document's value and transform, decides its key.
      const settings = JSON.stringify([environment.namespaceOverride ?? null, [...clusterKinds()]]);
      const previous = lastRuns.get(memo);
      const keyed = keyDocuments(environment, clusterKinds(), previous?.settings === settings ? previous.keyed : undefined);
      lastRuns.set(memo, { settings, keyed });
      repeated = repeatedKeys(keyed.length, (index) => keyed[index].key);
    } else {
      repeated = repeatedObjects(environment, clusterKinds);
    }
    const findings: DocumentFinding[] = [];
    for (const indexes of repeated) {
      const sorted = indexes.map((index) => documents[index]).sort(compare);
      const first = sorted[0];
      const where = `${repoRelativePath(context.repo.root, first.file)}:${documentLine(first)}`;
      for (const document of sorted.slice(1)) {
        const identity = document.identity as ResourceIdentity;
        const name = objectName(identity, environment.transforms?.get(document));
        const group = identity.group === '' ? '' : `${identity.group}/`;
        const label = `${group}${identity.kind} "${isClusterScoped(identity, clusterKinds()) ? name : `${objectNamespace(environment, document, clusterKinds())}/${name}`}"`;
        findings.push({ document, path: ['metadata', 'name'], message: `${label} is defined twice in this environment; first defined at ${where}` });
      }
    }
    return findings;
  },
};

/**
 * repeatedObjects lists, for every object defined more than once in the environment, the indexes
 * of the documents defining it, in the order of each object's first document: what repeatedKeys
 * would give for the documents' keys. Kinds and names are texts the documents hold, so finding
 * the kinds and names given twice first makes a key only for the few documents that have them.
 */
function repeatedObjects(environment: ValidationScope, clusterKinds: () => ReadonlySet<string>): number[][] {
  const { documents } = environment;
  const names = documents.map((document) => (definesObject(document.identity) ? objectName(document.identity, environment.transforms?.get(document)) : undefined));
  const kindOf = (index: number): string => (documents[index].identity as ResourceIdentity).kind;
  const seenByKind = new Map<string, Set<string>>();
  let repeatedByKind: Map<string, Set<string>> | undefined;
  for (let index = 0; index < documents.length; index++) {
    const name = names[index];
    if (name === undefined) continue;
    let seen = seenByKind.get(kindOf(index));
    if (!seen) seenByKind.set(kindOf(index), (seen = new Set()));
    // One set operation per document: a name seen before leaves the size as it was.
    const size = seen.size;
    if (seen.add(name).size !== size) continue;
    repeatedByKind ??= new Map();
    let repeated = repeatedByKind.get(kindOf(index));
    if (!repeated) repeatedByKind.set(kindOf(index), (repeated = new Set()));
    repeated.add(name);
  }
  if (!repeatedByKind) return [];
  const candidates: number[] = [];
  for (let index = 0; index < documents.length; index++) {
    const name = names[index];
    if (name !== undefined && repeatedByKind.get(kindOf(index))?.has(name)) candidates.push(index);
  }
  const groups = repeatedKeys(candidates.length, (at) => keyOf(environment, documents[candidates[at]], environment.transforms?.get(documents[candidates[at]]), clusterKinds()));
  return groups.map((group) => group.map((at) => candidates[at]));
}

/**
 * repeatedKeys lists, for every key given more than once among `count` indexes, the indexes that
 * give it, in the order of each key's first index. Most keys are unique: a first pass finds the
 * repeated ones with one set operation per key (a key seen before leaves the size as it was), and
 * only when there are some does a second pass list their indexes.
 */
function repeatedKeys(count: number, keyAt: (index: number) => string | undefined): number[][] {
  const seen = new Set<string>();
  let repeated: Set<string> | undefined;
  for (let index = 0; index < count; index++) {
    const key = keyAt(index);
    if (key === undefined) continue;
    const size = seen.size;
    if (seen.add(key).size === size) (repeated ??= new Set()).add(key);
  }
  if (!repeated) return [];
  const groups = new Map<string, number[]>();
  for (let index = 0; index < count; index++) {
    const key = keyAt(index);
    if (key === undefined || !repeated.has(key)) continue;
    const list = groups.get(key);
    if (list) list.push(index);
    else groups.set(key, [index]);
  }
  return [...groups.values()];
}

/** Keyed is one document of a run: the inputs of its key (besides the run's settings) and the key, if it defines an object. */
interface Keyed {
  value: unknown;
  transform: DocumentTransform | undefined;
  key?: string;
}

const lastRuns = new WeakMap<object, { settings: string; keyed: Keyed[] }>();

/**
 * keyDocuments keys every document of the environment. Given the last run's (same settings), the
 * documents with the same value and transform at its unchanged start and end keep their keys: an
 * edit re-keys only the documents it changed.
 */
function keyDocuments(environment: ValidationScope, clusterKinds: ReadonlySet<string>, before: readonly Keyed[] | undefined): Keyed[] {
  const { documents } = environment;
  const transformOf = (document: ManifestDocument): DocumentTransform | undefined => environment.transforms?.get(document);
  const same = (entry: Keyed, document: ManifestDocument): boolean => entry.value === document.value && entry.transform === transformOf(document);
  let head = 0;
  let tail = 0;
  if (before) {
    const shorter = Math.min(before.length, documents.length);
    while (head < shorter && same(before[head], documents[head])) head++;
    while (tail < shorter - head && same(before[before.length - 1 - tail], documents[documents.length - 1 - tail])) tail++;
  }
  const keyed: Keyed[] = before ? before.slice(0, head) : [];
  for (let index = head; index < documents.length - tail; index++) {
    const document = documents[index];
    const transform = transformOf(document);
    keyed.push({ value: document.value, transform, key: keyOf(environment, document, transform, clusterKinds) });
  }
  if (before && tail > 0) keyed.push(...before.slice(before.length - tail));
  return keyed;
}

/** keyOf is what a document defines in an environment, group/kind/namespace/name as one text; undefined when nothing. */
function keyOf(environment: ValidationScope, document: ManifestDocument, transform: DocumentTransform | undefined, clusterKinds: ReadonlySet<string>): string | undefined {
  const identity = document.identity;
  if (!definesObject(identity)) return undefined;
  const namespace = objectNamespace(environment, document, clusterKinds);
  // Length-prefixed parts make the key unambiguous without JSON.
  return `${identity.group.length}:${identity.group}${identity.kind.length}:${identity.kind}${namespace.length}:${namespace}${objectName(identity, transform)}`;
}

/** definesObject: the document is an object of the environment (kustomizations and unnamed documents are not). */
function definesObject(identity: ResourceIdentity | undefined): identity is ResourceIdentity {
  return identity !== undefined && identity.name !== '' && identity.group !== 'kustomize.config.k8s.io';
}

/** objectNamespace: after the kustomizations' overrides, "default" when unset, '' for cluster-scoped kinds. */
function objectNamespace(environment: ValidationScope, document: ManifestDocument, clusterKinds: ReadonlySet<string>): string {
  return isClusterScoped(document.identity as ResourceIdentity, clusterKinds) ? '' : effectiveNamespace(environment, document, clusterKinds) ?? 'default';
}

/** objectName: with the kustomizations' prefix and suffix. */
function objectName(identity: ResourceIdentity, transform: DocumentTransform | undefined): string {
  return transform ? `${transform.namePrefix}${identity.name}${transform.nameSuffix}` : identity.name;
}

function compare(a: ManifestDocument, b: ManifestDocument): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.index - b.index;
}
