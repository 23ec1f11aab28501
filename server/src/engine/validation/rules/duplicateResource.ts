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
    const clusterKinds = clusterScopedCustomKinds(documents);
    // What, besides a document's value and transform, decides its key (only a memo compares it).
    const settings = memo ? JSON.stringify([environment.namespaceOverride ?? null, [...clusterKinds]]) : '';
    const previous = memo ? lastRuns.get(memo) : undefined;
    const keyed = keyDocuments(environment, clusterKinds, previous?.settings === settings ? previous.keyed : undefined);
    if (memo) lastRuns.set(memo, { settings, keyed });
    const byKey = new Map<string, Occurrence[]>();
    keyed.forEach((entry, index) => {
      if (!entry.key) return;
      const occurrence = { document: documents[index], key: entry.key };
      const list = byKey.get(entry.key.text);
      if (list) list.push(occurrence);
      else byKey.set(entry.key.text, [occurrence]);
    });
    const findings: DocumentFinding[] = [];
    for (const list of byKey.values()) {
      if (list.length < 2) continue;
      const sorted = [...list].sort((a, b) => compare(a.document, b.document));
      const first = sorted[0].document;
      const where = `${repoRelativePath(context.repo.root, first.file)}:${documentLine(first)}`;
      for (const { document, key } of sorted.slice(1)) {
        const identity = document.identity as ResourceIdentity;
        const group = identity.group === '' ? '' : `${identity.group}/`;
        const label = `${group}${identity.kind} "${key.clusterScoped ? key.name : `${key.namespace}/${key.name}`}"`;
        findings.push({ document, path: ['metadata', 'name'], message: `${label} is defined twice in this environment; first defined at ${where}` });
      }
    }
    return findings;
  },
};

/** ObjectKey is what a document defines in an environment: group/kind/namespace/name as one text, and its parts for the message. */
interface ObjectKey {
  text: string;
  clusterScoped: boolean;
  namespace: string;
  name: string;
}

/** Keyed is one document of a run: the inputs of its key (besides the run's settings) and the key, if it defines an object. */
interface Keyed {
  value: unknown;
  transform: DocumentTransform | undefined;
  key?: ObjectKey;
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

function keyOf(environment: ValidationScope, document: ManifestDocument, transform: DocumentTransform | undefined, clusterKinds: ReadonlySet<string>): ObjectKey | undefined {
  const identity = document.identity;
  if (!identity || identity.name === '' || identity.group === 'kustomize.config.k8s.io') return undefined;
  const clusterScoped = isClusterScoped(identity, clusterKinds);
  const namespace = clusterScoped ? '' : effectiveNamespace(environment, document, clusterKinds) ?? 'default';
  const name = transform ? `${transform.namePrefix}${identity.name}${transform.nameSuffix}` : identity.name;
  // Length-prefixed parts make the key unambiguous without JSON.
  return { text: `${identity.group.length}:${identity.group}${identity.kind.length}:${identity.kind}${namespace.length}:${namespace}${name}`, clusterScoped, namespace, name };
}

/** Occurrence is one document defining an object. */
interface Occurrence {
  document: ManifestDocument;
  key: ObjectKey;
}

function compare(a: ManifestDocument, b: ManifestDocument): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.index - b.index;
}
